import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatComparison, median, repeat, timeCommand, type Sample } from './lib.js';
import { ensureTree } from './walk.bench.js';

/**
 * The whole lint, as a user runs it: `forbidlint nginx.conf` on a config serving a generated
 * 200k-entry tree (the walk bench's), every recommended rule on, against GNU find printing the
 * same columns over the same tree, in the same run. Beside the ratio: the stat-family syscalls
 * per entry (strace -f -c: the walk's lstat plus whatever access checks add), all syscalls per
 * entry, and the requests the rules simulated. Then a 1,000-server config with a small tree
 * per server, which must lint in under 2 s.
 *
 * Measured on a shared 2-core machine at a load average of 10-13, each version benched in turn
 * (wall times stretch several fold and swing with the load: find alone took 0.8-4.1 s, so the
 * CPU times are the figure to compare). The 200k lint, ACLs read: 4.15-4.64 s of CPU against
 * find's 0.44-0.46 s (CPU ratio 9.4-10.1; 9.1-11.9 s wall, ratio 8.3-11.6), down from 4.87-6.73 s
 * (ratio 10.6-14.3) while getfacl -R read them. Stat calls per entry 1.104-1.106, down from
 * 3.14-3.17 (getfacl made two stats and a getxattr per entry after the walk had stat'ed it):
 * one lstat per entry, two fstats per directory (the walk's check that it is still the
 * directory listed, and glibc's opendir), one stat per symlink target, node's module loading;
 * the ACL itself is one lgetxattr per entry, not a stat. 2.6 syscalls of all kinds per entry.
 * 6,638 simulated requests. In the main thread's profile the walk's own calls lead: lstat and
 * lgetxattr through /proc/self/fd/N (which pins each listed directory, at about twice the
 * kernel time of a plain path) are a third of it; directory-listing's request per directory is
 * 7% (no longer an lstat per missing index file: the walk's listings answer those).
 * The 1,000-server config: 2.06-2.23 s of CPU, most of it in rules simulating a request per
 * served directory; 3.5-6.7 s wall under that load.
 * Then, at a load average of 7-9: subdirectories opened through their parent's pinned descriptor
 * (no fstat to check them) and links to a name in their own directory followed with one lstat
 * there (no realpath) took stat calls to 1.011 per entry, the 200k tree's links all landing on
 * the file walked just before them. With the native addon built (native/: getdents, fstatat and
 * getxattrat per directory, relative to its descriptor) the lint's CPU went from 4.29 to 3.38 s
 * (ratio to find 9.5 -> 7.5), all syscalls per entry from 2.6 to 1.3; without it, 4.41 s. What
 * is left is the rules' work per entry, the walk's share being under a third.
 * Separately (without the addon), at loads of 5-13, the old and the new build interleaved with a walk alone (medians of
 * 5-6): a walk with its ACLs is 2.33-2.48 s of CPU; the lint went from 3.98-4.15 s to 3.26-3.50 s,
 * so what it adds to the walk from 1.65-1.67 s to 0.93-1.02 s, of which 0.25 s is start-up. Rules
 * decide by an entry's name or directory before building anything for it (URLs, paths below the
 * tree, access answers), broken-symlink no longer stats a link to a sibling the walk has seen
 * (1.105 -> 1.072 stat calls per entry), and the simulator keeps server selections and decodes
 * paths in one buffer. The same lint replayed from memory (no walk, no start-up) went from
 * 1.15-1.21 s to 0.47-0.54 s of CPU. The rest: one simulated request per directory (about 30 us
 * each), the engine's event per entry and the garbage of 200k walked entries.
 */
const ENTRIES = 200_000;
const RUNS = 3;
const SERVERS = 1_000;
const STAT_CALLS = /^(?:statx|newfstatat|fstatat64|lstat|stat|fstat|lstat64|stat64)$/;

const bin = fileURLToPath(new URL('../src/cli/bin.js', import.meta.url));
const main = new URL('../src/cli/main.js', import.meta.url).href;
const counter = new URL('./request-counter.js', import.meta.url).href;

export default async function lintBench(): Promise<void> {
  const tree = ensureTree(ENTRIES);
  const entries = ENTRIES + 1;
  const dir = join(tmpdir(), 'forbidlint-bench-lint');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  writeFileSync(join(dir, 'nginx.conf'), `user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        root ${tree};\n    }\n}\n`);

  const lint = repeat(RUNS, () => sample(timeCommand(process.execPath, [bin, 'nginx.conf', '-f', 'json', '-o', join(dir, 'out.json')], { cwd: dir })));
  const find = repeat(RUNS, () => sample(timeCommand('sh', ['-c', `find '${tree}' -printf '%m %U %G %y %p\\n' > /dev/null`])));
  console.log(formatComparison({ name: `whole lint, ${ENTRIES / 1000}k entries`, ours: lint, baselineName: 'find -printf', baseline: find, goalRatio: 1.5 }));
  if (lint.cpuMs !== undefined && find.cpuMs !== undefined) {
    console.log(`  CPU (user + sys): lint ${lint.cpuMs.toFixed(0)} ms, find ${find.cpuMs.toFixed(0)} ms, ratio ${(lint.cpuMs / find.cpuMs).toFixed(2)}`);
  }
  const findings = (JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as { messages: unknown[] }[]).reduce((n, r) => n + r.messages.length, 0);
  const syscalls = countSyscalls(dir);
  const requests = simulatedRequests(dir, ['nginx.conf']);
  console.log(
    `  ${findings} findings; simulated requests: ${requests}; ` +
      (syscalls === undefined
        ? 'syscalls: strace not installed'
        : `stat syscalls per entry: ${(syscalls.stat / entries).toFixed(3)} (goal <= 1.1), all syscalls per entry: ${(syscalls.all / entries).toFixed(2)}`),
  );

  const many = manyServers(dir);
  const runs = Array.from({ length: RUNS }, () => sample(timeCommand(process.execPath, [bin, many, '-f', 'json', '-o', join(dir, 'many.json')], { cwd: dir })));
  const ms = median(runs.map((r) => r.ms));
  const cpu = runs.every((r) => r.cpuMs !== undefined) ? `, CPU ${median(runs.map((r) => r.cpuMs as number)).toFixed(0)} ms` : '';
  console.log(`lint ${SERVERS} servers: median ${ms.toFixed(0)} ms${cpu} (goal < 2000 ms: ${ms < 2000 ? 'meets' : 'misses'}); simulated requests: ${simulatedRequests(dir, [many])}`);
}

function sample(result: ReturnType<typeof timeCommand>): Sample {
  // 1: findings at error level, which a served tree of this size has.
  if (result.status !== 0 && result.status !== 1) throw new Error(`benchmark command failed: ${result.stderr}`);
  const { ms, maxRssKb, cpuMs } = result;
  return { ms, ...(maxRssKb === undefined ? {} : { maxRssKb }), ...(cpuMs === undefined ? {} : { cpuMs }) };
}

/** `strace -f -c` of one lint: stat-family calls and all calls, helper thread included. */
function countSyscalls(dir: string): { stat: number; all: number } | undefined {
  if (spawnSync('strace', ['-V']).status !== 0) return undefined;
  const log = join(dir, 'strace.txt');
  spawnSync('strace', ['-f', '-c', '-o', log, process.execPath, bin, 'nginx.conf', '-f', 'json', '-o', '/dev/null'], { cwd: dir });
  let stat = 0;
  let all = 0;
  for (const line of readFileSync(log, 'utf8').split('\n')) {
    const columns = line.trim().split(/\s+/);
    const name = columns.at(-1) ?? '';
    const calls = Number(columns[3]);
    if (!Number.isInteger(calls) || name === 'total') continue;
    all += calls;
    if (STAT_CALLS.test(name)) stat += calls;
  }
  return { stat, all };
}

/** One lint in a child whose simulator factories count the requests they answer. */
function simulatedRequests(dir: string, args: readonly string[]): number {
  const script = `import { register } from 'node:module';
register(${JSON.stringify(counter)});
const { main } = await import(${JSON.stringify(main)});
const sink = { write: () => true, isTTY: false };
await main(${JSON.stringify([...args, '-f', 'json'])}, { stdout: sink, stderr: sink, readStdin: async () => '', cwd: ${JSON.stringify(dir)}, env: {} });
console.log(globalThis.simulatedRequests ?? 0);`;
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 }).trim());
}

/** 1,000 servers, each with its own small tree and a location that serves part of it. */
function manyServers(dir: string): string {
  const sites = join(dir, 'sites');
  const servers: string[] = [];
  for (let i = 0; i < SERVERS; i++) {
    const site = join(sites, `s${i}`);
    mkdirSync(join(site, 'static', 'css'), { recursive: true });
    writeFileSync(join(site, 'index.html'), 'home\n');
    writeFileSync(join(site, 'static', 'css', 'app.css'), 'body {}\n');
    servers.push(`    server {\n        listen 80;\n        server_name s${i}.example.org;\n        root ${site};\n        location /static/ {\n            root ${site};\n            expires 1d;\n        }\n        location /admin/ {\n            deny all;\n        }\n    }\n`);
  }
  // Named nginx.conf: a main file, modeled as a whole, not a snippet.
  mkdirSync(join(dir, 'many'), { recursive: true });
  const file = join(dir, 'many', 'nginx.conf');
  writeFileSync(file, `user www-data;\nevents {}\nhttp {\n${servers.join('')}}\n`);
  return file;
}
