import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { runCli, tempTree, writeTree } from './run-cli.js';
import { sarifValidators } from '../format/sarif-schemas.js';

/**
 * A fleet: four servers, each a real tree with its own /etc/passwd, nginx.conf and document
 * root, whose modes differ from server to server. Worker threads exist only in the build, so
 * --jobs is checked on the compiled CLI (as in spawn.test.ts), through real stdio.
 */
const REPO = path.resolve(import.meta.dirname, '../..');
const OUT = path.join(REPO, `node_modules/.cache/forbidlint-fleet-${process.pid}`);
const BIN = path.join(OUT, 'src/cli/bin.js');
const SERVERS = ['web1', 'web2', 'web3', 'web4'];
const fleet = tempTree({});

interface JsonResult {
  filePath: string;
  server?: string;
  messages: { ruleId: string | null; message: string; line: number; fatal?: boolean }[];
}

/** Server `n` (1-based) has n private files among 300 public ones, and web3's /var/www/html/app is 0700. */
function writeServer(dir: string, n: number): void {
  writeTree(dir, {
    'etc/passwd': 'root:x:0:0::/root:/bin/sh\nwww-data:x:33:33::/var/www:/usr/sbin/nologin\n',
    'etc/group': 'root:x:0:\nwww-data:x:33:\n',
    'etc/nginx/nginx.conf': 'user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        root /var/www/html;\n    }\n}\n',
  });
  const html = path.join(dir, 'var/www/html');
  for (let d = 0; d < 3; d++) {
    mkdirSync(path.join(html, `d${d}`), { recursive: true });
    for (let f = 0; f < 100; f++) writeFileSync(path.join(html, `d${d}`, `f${f}.html`), 'public\n');
  }
  for (let p = 0; p < n; p++) {
    const file = path.join(html, `private${p}.html`);
    writeFileSync(file, 'secret\n');
    chmodSync(file, 0o600);
  }
  if (n === 3) {
    mkdirSync(path.join(html, 'app'));
    writeFileSync(path.join(html, 'app/index.html'), 'app\n');
    chmodSync(path.join(html, 'app'), 0o700);
  }
}

function rc(servers: readonly object[], extra: object = {}): void {
  writeFileSync(path.join(fleet.dir, '.forbidlintrc.json'), JSON.stringify({ extends: 'forbidlint:recommended', servers, ...extra }));
}

const fourServers = SERVERS.map((name) => ({ config: `${name}/etc/nginx/nginx.conf`, root: name }));

function forbidlint(args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: fleet.dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: '' } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

beforeAll(() => {
  SERVERS.forEach((name, i) => writeServer(path.join(fleet.dir, name), i + 1));
  rmSync(OUT, { recursive: true, force: true });
  // Not incremental: tsconfig.build.json's build info lives in dist/, and would make this emit nothing.
  const build = spawnSync(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--noCheck', '--incremental', 'false', '--outDir', OUT, '--declaration', 'false', '--sourceMap', 'false'], { cwd: REPO, encoding: 'utf8' });
  if (!existsSync(path.join(OUT, 'src/session/fleet-worker.js'))) throw new Error(`the build produced no fleet worker:\n${build.stdout}${build.stderr}`);
}, 180_000);
afterAll(() => {
  fleet.cleanup();
  rmSync(OUT, { recursive: true, force: true });
});

describe('a fleet linted with --jobs', () => {
  it('gives byte for byte the report of --jobs 1, each server with the findings it has alone', () => {
    rc(fourServers);
    const one = forbidlint(['-f', 'json', '--jobs', '1']);
    const four = forbidlint(['-f', 'json', '--jobs', '4']);
    expect(one.code).toBe(1);
    expect(four.code).toBe(1);
    expect(four.stdout).toBe(one.stdout);
    const results = JSON.parse(four.stdout) as JsonResult[];
    expect(results.map((r) => [path.relative(fleet.dir, r.filePath), r.server])).toEqual(SERVERS.map((name) => [`${name}/etc/nginx/nginx.conf`, name]));
    SERVERS.forEach((name, i) => {
      const alone = forbidlint(['-f', 'json', '--root', name, `${name}/etc/nginx/nginx.conf`]);
      const [own] = JSON.parse(alone.stdout) as JsonResult[];
      expect(results[i]?.messages).toEqual(own?.messages);
      // n private files on server n, plus web3's closed directory.
      const unreadable = results[i]?.messages.filter((m) => m.ruleId?.startsWith('fs/')) ?? [];
      expect(unreadable.map((m) => /^\S+/.exec(m.message)?.[0]).sort()).toEqual(
        [...Array.from({ length: i + 1 }, (_, p) => `/var/www/html/private${p}.html`), ...(i === 2 ? ['/var/www/html/app'] : [])].sort(),
      );
    });
  });

  it('takes jobs from .forbidlintrc, and refuses a --jobs that is not a count', () => {
    rc(fourServers);
    const expected = forbidlint(['-f', 'json', '--jobs', '1']).stdout;
    rc(fourServers, { jobs: 3 });
    expect(forbidlint(['-f', 'json']).stdout).toBe(expected);
    expect(forbidlint(['-f', 'json', '-j', 'auto']).stdout).toBe(expected);
    const zero = forbidlint(['--jobs', '0']);
    expect(zero).toMatchObject({ code: 2, stdout: '' });
    expect(zero.stderr).toBe('forbidlint: --jobs takes a number of servers linted at once (1 or more) or auto, not "0"\n');
  });

  it('says on stderr when each server finishes, outside a terminal too, leaving stdout to the report', () => {
    rc(fourServers);
    const run = forbidlint(['-f', 'json', '--jobs', '4']);
    expect(() => JSON.parse(run.stdout) as unknown).not.toThrow();
    const lines = run.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(4);
    for (const name of SERVERS) {
      // Each tree: html, d0-d2 with 100 files each, the private files (and web3's app/ with its file).
      const entries = 1 + 3 + 300 + Number(name.slice(3)) + (name === 'web3' ? 2 : 0);
      const line = lines.find((l) => l.startsWith(`forbidlint: ${name} `));
      expect(line).toMatch(new RegExp(`^forbidlint: ${name} \\(${path.join(fleet.dir, name).replace(/[/.]/g, '\\$&')}\\): ${entries} entries, \\d+\\.\\d s, complete$`));
    }
    expect(forbidlint(['-f', 'json', '--jobs', '4', '--quiet']).stderr).toBe('');
  });

  it('-f sarif has one valid run per server, kept apart by automationDetails.id', () => {
    rc(fourServers);
    const run = forbidlint(['-f', 'sarif', '--jobs', '4']);
    const log = JSON.parse(run.stdout) as { runs: { automationDetails?: { id: string }; results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[]; invocations: { executionSuccessful: boolean }[] }[] };
    for (const validator of sarifValidators()) expect(validator.errorsOf(log), validator.schema).toEqual([]);
    expect(log.runs.map((r) => r.automationDetails?.id)).toEqual(SERVERS.map((name) => `forbidlint/${name}/`));
    log.runs.forEach((r, i) => {
      // Its private files, web3's closed directory, the root directory with no index.html, and one warning for d0-d2 without one.
      expect(r.results).toHaveLength(i + 1 + (i === 2 ? 1 : 0) + 2);
      for (const result of r.results) expect(result.locations[0]?.physicalLocation.artifactLocation.uri).toBe(`${SERVERS[i]}/etc/nginx/nginx.conf`);
      expect(r.invocations[0]?.executionSuccessful).toBe(true);
    });
    expect(forbidlint(['-f', 'sarif', '--jobs', '1']).stdout).toBe(run.stdout);
    // One server: today's single run, with no automationDetails.
    rc(fourServers.slice(0, 1));
    const single = JSON.parse(forbidlint(['-f', 'sarif', '--jobs', '4']).stdout) as typeof log;
    expect(single.runs).toHaveLength(1);
    expect(single.runs[0]?.automationDetails).toBeUndefined();
  });

  it('a server whose configuration cannot be read is an error of its own; the others are all reported', () => {
    rc([...fourServers.slice(0, 2), { config: 'web3/etc/nginx', root: 'web3' }, ...fourServers.slice(3)]);
    const run = forbidlint(['-f', 'json', '--jobs', '4']);
    expect(run.code).toBe(1);
    const results = JSON.parse(run.stdout) as JsonResult[];
    expect(results.map((r) => r.server)).toEqual(SERVERS);
    expect(results[2]?.messages).toEqual([expect.objectContaining({ fatal: true, message: 'open() "/etc/nginx" failed (21: Is a directory)' })]);
    // Four private files, the root directory with no index.html, and one warning for d0-d2 without one.
    expect(results[3]?.messages).toHaveLength(6);
  });

  it('a server that cannot be audited at all is incomplete: the others are reported, and the lint exits 2', () => {
    rc([...fourServers.slice(0, 3), { config: 'gone/etc/nginx/nginx.conf', root: 'gone', name: 'web9' }]);
    for (const jobs of ['1', '4']) {
      const run = forbidlint(['-f', 'json', '--jobs', jobs]);
      expect(run.code).toBe(2);
      expect((JSON.parse(run.stdout) as JsonResult[]).map((r) => r.server)).toEqual(SERVERS.slice(0, 3));
      expect(run.stderr).toMatch(/^forbidlint: web9 \(\S+\/gone\): 0 entries, \d+\.\d s, incomplete$/m);
      expect(run.stderr).toContain(`forbidlint: audit of web9 (${path.join(fleet.dir, 'gone')}) incomplete: --root ${path.join(fleet.dir, 'gone')}: not a directory\n`);
    }
    const sarif = JSON.parse(forbidlint(['-f', 'sarif', '--jobs', '4']).stdout) as { runs: { automationDetails: { id: string }; invocations: { executionSuccessful: boolean; toolExecutionNotifications: { message: { text: string } }[] }[] }[] };
    const gone = sarif.runs.find((r) => r.automationDetails.id === 'forbidlint/web9/');
    expect(gone?.invocations[0]?.executionSuccessful).toBe(false);
    expect(gone?.invocations[0]?.toolExecutionNotifications[0]?.message.text).toContain('not a directory');
  });
});

describe('a fleet of snapshots', () => {
  /** Takes web1 and web2 with the printed command, run by a real sh over their trees. */
  function takeSnapshots(): void {
    for (const name of SERVERS.slice(0, 2)) {
      const printed = forbidlint(['snapshot', '--nginx', '--prefix', path.join(fleet.dir, name)]);
      expect(printed.code).toBe(0);
      const taken = spawnSync('sh', ['-c', `${printed.stdout}`], { maxBuffer: 1 << 26 });
      expect(taken.status).toBe(0);
      writeFileSync(path.join(fleet.dir, `${name}.snap`), taken.stdout);
    }
  }

  it('lints servers named by their snapshot, two at once, with the findings of their live trees', () => {
    takeSnapshots();
    rc(fourServers.slice(0, 2));
    const live = JSON.parse(forbidlint(['-f', 'json', '--jobs', '2']).stdout) as JsonResult[];
    rc([{ name: 'web1', snapshot: 'web1.snap' }, { snapshot: 'web2.snap', config: '/etc/nginx/nginx.conf' }]);
    const two = forbidlint(['-f', 'json', '--jobs', '2']);
    expect(two.code).toBe(1);
    expect(forbidlint(['-f', 'json', '--jobs', '1']).stdout).toBe(two.stdout);
    const results = JSON.parse(two.stdout) as JsonResult[];
    expect(results.map((r) => [path.relative(fleet.dir, r.filePath), r.server])).toEqual([
      ['web1.snap/etc/nginx/nginx.conf', 'web1'],
      ['web2.snap/etc/nginx/nginx.conf', 'web2'],
    ]);
    // The same findings, each claim's config shown under the snapshot's name instead of the tree's.
    expect(JSON.stringify(results.map((r) => r.messages)).replaceAll('.snap/etc/', '/etc/')).toBe(JSON.stringify(live.map((r) => r.messages)));
    expect(results[1]?.messages.filter((m) => m.ruleId?.startsWith('fs/'))).toHaveLength(2);
    const lines = two.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(2);
    // The served tree's entries, as the live audit walks them (html, d0-d2 with 100 files each, the private files).
    for (const [i, name] of ['web1', 'web2'].entries()) {
      expect(lines.find((l) => l.startsWith(`forbidlint: ${name} `))).toMatch(new RegExp(`^forbidlint: ${name} \\(${path.join(fleet.dir, `${name}.snap`).replace(/[/.]/g, '\\$&')}\\): ${305 + i} entries, \\d+\\.\\d s, complete$`));
    }
  });

  it('a snapshot entry with a root, or a config that is no server path, is refused by the schema', () => {
    for (const [server, problem] of [
      [{ snapshot: 'web1.snap', root: 'web1' }, 'servers.0.root: not allowed with the other keys given there'],
      [{ snapshot: 'web1.snap', config: 'etc/nginx/nginx.conf' }, 'servers.0.config: must match pattern "^/"'],
      [{ name: 'web1' }, "servers.0: must have required property 'config'"],
    ] as const) {
      rc([server]);
      const run = forbidlint(['-f', 'json']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(problem);
    }
  });
});

describe('progress of a fleet outside a terminal', () => {
  /** A clock that moves six seconds each time it is read. */
  const slowClock = () => {
    let time = 0;
    return () => (time += 6_000);
  };

  it('names the server in its plain lines, each server paced on its own', async () => {
    const dir = tempTree({});
    try {
      for (const [i, name] of ['big1', 'big2'].entries()) {
        writeServer(path.join(dir.dir, name), i + 1);
        const many = path.join(dir.dir, name, 'var/www/html/many');
        mkdirSync(many);
        for (let f = 0; f < 2000; f++) writeFileSync(path.join(many, `m${f}`), '');
      }
      writeFileSync(path.join(dir.dir, '.forbidlintrc.json'), JSON.stringify({ extends: 'forbidlint:recommended', servers: ['big1', 'big2'].map((name) => ({ config: `${name}/etc/nginx/nginx.conf`, root: name })) }));
      const run = await runCli(['-f', 'json'], { cwd: dir.dir, now: slowClock() });
      const walking = run.stderr.split('\n').filter((line) => line.startsWith('forbidlint: walking'));
      // Counts every 1000 entries: the first of each server starts its clock, the second is shown.
      // html, d0-d2 with 100 files each, the private file, many/ with its 2000: 2306 entries.
      expect(walking).toEqual([expect.stringMatching(/^forbidlint: walking big1 \/var\/www\/html: 2000 entries so far, in \/var\/www\/html\//), expect.stringMatching(/^forbidlint: walking big2 \/var\/www\/html: 2000 entries so far, in \/var\/www\/html\//)]);
      expect(run.stderr).toMatch(/^forbidlint: big1 \(\S+\/big1\): 2,306 entries, \d+\.\d s, complete$/m);
    } finally {
      dir.cleanup();
    }
  });
});
