import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatComparison, median, repeat, timeCommand, type Sample } from './lib.js';

/**
 * Loading a generated 100k-line Apache config (src/parse/apache: read, parse, evaluate
 * conditions and includes) next to `apache2 -t` reading the same file. The config is one that
 * `apache2 -t` accepts: virtual hosts with Directory/Location/Files sections, Require lines,
 * continuation lines, comments and read-time conditions, using only modules it loads.
 *
 * The ratio is of whole processes. A second line splits ours: Node's own start (`node -e 0`)
 * and the loader's time inside the fresh process (module loading, cold code, every garbage
 * collection included), so the part that is ours to speed up stays visible. A third line runs
 * bench/tree-floor.ts, the least such a tree costs in a fresh process, to show what the runtime
 * leaves within reach.
 */
const LINES = 100_000;
const RUNS = 5;
const MODULES = ['mpm_prefork', 'authz_core', 'authz_host', 'alias', 'dir'];

export default async function parseApacheBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'forbidlint-bench-apache-'));
  try {
    const file = writeConfig(dir, LINES);
    const httpd = repeat(RUNS, () => sample(timeCommand('apache2', ['-t', '-d', dir, '-f', file])));
    const loaderMs: number[] = [];
    const ours = repeat(RUNS, () => {
      const run = loadInChild(file, dir);
      loaderMs.push(Number(run.stdout.trim()));
      return sample(run);
    });
    const nodeStart = repeat(RUNS, () => sample(timeCommand(process.execPath, ['-e', '0'])));
    const floorMs: number[] = [];
    const floor = repeat(RUNS, () => {
      const run = timeCommand(process.execPath, [fileURLToPath(new URL('./tree-floor.js', import.meta.url)), file]);
      floorMs.push(Number(run.stdout.trim()));
      return sample(run);
    });
    console.log(
      formatComparison({ name: `apache load ${LINES / 1000}k lines`, ours, baselineName: 'apache2 -t', baseline: httpd, goalRatio: 1.0, goalRssMb: 200 }),
    );
    const loader = median(loaderMs);
    console.log(
      `  of which node's start (node -e 0): median ${nodeStart.ms.toFixed(1)} ms; the loader in that fresh process: median ${loader.toFixed(1)} ms, ratio ${(loader / httpd.ms).toFixed(2)} to apache2 -t`,
    );
    console.log(
      `  floor (bench/tree-floor.ts, the same tree from a blank-splitting tokenizer): median ${floor.ms.toFixed(1)} ms, ratio ${(floor.ms / httpd.ms).toFixed(2)}; its tree alone ${median(floorMs).toFixed(1)} ms`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A node process that only loads the config, so its peak RSS is the loader's; it prints the loader's own time. */
function loadInChild(file: string, serverRoot: string): ReturnType<typeof timeCommand> {
  const apache = new URL('../src/parse/apache/index.js', import.meta.url).href;
  const live = new URL('../src/fs/live-fs.js', import.meta.url).href;
  const script = `const start = performance.now();
const { loadApacheConfig } = await import('${apache}'); const { LiveFs } = await import('${live}');
const config = loadApacheConfig(${JSON.stringify(file)}, { fs: new LiveFs('/'), serverRoot: ${JSON.stringify(serverRoot)}, envvars: {} });
const ms = performance.now() - start;
const errors = config.diagnostics.filter((d) => d.severity === 'error');
if (errors.length > 0) throw new Error(JSON.stringify(errors.slice(0, 3)));
console.log(ms);`;
  return timeCommand(process.execPath, ['--input-type=module', '-e', script]);
}

function sample(result: ReturnType<typeof timeCommand>): Sample {
  if (result.status !== 0) throw new Error(`benchmark command failed: ${result.stderr}`);
  return result.maxRssKb === undefined ? { ms: result.ms } : { ms: result.ms, maxRssKb: result.maxRssKb };
}

function writeConfig(dir: string, lines: number): string {
  const out = [
    `PidFile ${dir}/httpd.pid`,
    `ErrorLog ${dir}/error.log`,
    `DefaultRuntimeDir ${dir}`,
    'ServerName localhost',
    ...MODULES.map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so`),
    `Define docroot ${dir}`,
  ];
  for (let site = 0; out.length < lines; site++) {
    out.push(
      `# site ${site}`,
      '<VirtualHost 127.0.0.1:8080>',
      `    ServerName site${site}.example.test`,
      `    ServerAlias www.site${site}.example.test "alias ${site}.example.test"`,
      '    DocumentRoot ${docroot}',
      '    DirectoryIndex index.html \\',
      '        index.htm',
      `    <Directory "/srv/www/site${site}">`,
      '        Options -Indexes +FollowSymLinks',
      '        AllowOverride None',
      '        Require all granted',
      '    </Directory>',
      `    <Directory /srv/www/site${site}/private>`,
      '        Require ip 127.0.0.1 10.0.0.0/8',
      '    </Directory>',
      '    <Location /status>',
      '        Require local',
      '    </Location>',
      '    <Files "*.bak">',
      '        Require all denied',
      '    </Files>',
      '    <IfModule mod_nope.c>',
      '        NotLoaded directive',
      '    </IfModule>',
      `    Alias /static${site} /srv/static/${site}`,
      '</VirtualHost>',
    );
  }
  const file = join(dir, 'httpd.conf');
  writeFileSync(file, `${out.join('\n')}\n`);
  return file;
}
