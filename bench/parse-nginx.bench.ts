import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatComparison, repeat, timeCommand } from './lib.js';

/**
 * Reading a 100,000-line nginx.conf (5,000 virtual hosts with quoted regexes, variables, comments
 * and escapes, no includes): our parser in a fresh `node` process, so startup and peak RSS count,
 * against `nginx -t` on the same file, which reads and checks it. Goal: faster than nginx -t, under
 * 200 MiB.
 */
const NGINX = '/usr/sbin/nginx';
const RUNS = 5;
const TARGET_LINES = 100_000;

function virtualHost(i: number, prefix: string): string {
  return `
    # site ${i}
    server {
        listen unix:${prefix}/http.sock;
        server_name site${i}.example.org www.site${i}.example.org;
        root /srv/site${i}/public;
        index index.html index.php;
        location / {
            try_files $uri $uri/ /index.php?$args;
        }
        location ~ \\.php$ {
            fastcgi_pass unix:/run/php/php-fpm.sock;
            fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
        }
        location ~* "\\.(css|js|png){1}$" {
            expires 30d;
            add_header Cache-Control "public, max-age=2592000";
        }
        location /private/ {
            deny all;
        }
        location = /health { return 200 "ok\\n"; }
        set $site_${i} '\${host}-${i}';
    }`;
}

function generateConfig(prefix: string): { text: string; lines: number } {
  const head = [
    `error_log ${prefix}/error.log;`,
    `pid ${prefix}/nginx.pid;`,
    'events {}',
    'http {',
    `    access_log off;`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `    ${kind}_temp_path ${prefix}/${kind};`),
    '    server_names_hash_max_size 131072;',
    '    server_names_hash_bucket_size 128;',
  ].join('\n');
  const hosts: string[] = [];
  let lines = head.split('\n').length + 1;
  for (let i = 0; lines < TARGET_LINES; i++) {
    const host = virtualHost(i, prefix);
    hosts.push(host);
    lines += host.split('\n').length - 1;
  }
  return { text: `${head}${hosts.join('')}\n}\n`, lines: lines + 1 };
}

export default async function parseNginxBench(): Promise<void> {
  if (!existsSync(NGINX)) {
    console.log(`parse-nginx: skipped, ${NGINX} is not installed`);
    return;
  }
  const prefix = mkdtempSync(join(tmpdir(), 'forbidlint-bench-nginx-'));
  try {
    const conf = join(prefix, 'nginx.conf');
    const { text, lines } = generateConfig(prefix);
    writeFileSync(conf, text);

    const nginxArgs = ['-t', '-q', '-e', `${prefix}/error.log`, '-p', `${prefix}/`, '-c', conf];
    const accepted = timeCommand(NGINX, nginxArgs);
    if (accepted.status !== 0) throw new Error(`nginx -t refused the generated config: ${accepted.stderr}`);

    const parser = fileURLToPath(new URL('../src/parse/nginx/index.js', import.meta.url));
    const script = `import { readFileSync } from 'node:fs';
const { parseNginx } = await import(${JSON.stringify(parser)});
const result = parseNginx(readFileSync(${JSON.stringify(conf)}), ${JSON.stringify(conf)});
if (result.diagnostics.length > 0 || result.nodes.length === 0) { console.error(JSON.stringify(result.diagnostics.slice(0, 3))); process.exit(1); }`;
    const parseOnce = () => {
      const run = timeCommand(process.execPath, ['--input-type=module', '-e', script]);
      if (run.status !== 0) throw new Error(`parse failed: ${run.stderr}`);
      return run;
    };
    parseOnce();

    const ours = repeat(RUNS, parseOnce);
    const baseline = repeat(RUNS, () => timeCommand(NGINX, nginxArgs));
    console.log(
      formatComparison({
        name: `parseNginx, ${lines} lines, ${(Buffer.byteLength(text) / 1024 / 1024).toFixed(1)} MiB`,
        ours,
        baselineName: 'nginx -t',
        baseline,
        goalRatio: 1.0,
        goalRssMb: 200,
      }),
    );
  } finally {
    rmSync(prefix, { recursive: true, force: true });
  }
}
