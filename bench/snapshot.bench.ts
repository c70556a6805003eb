import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { snapshotCommand } from '../src/snapshot/command.js';
import { formatComparison, repeat, timeCommand, type Sample } from './lib.js';
import { fillTree } from './walk.bench.js';

/**
 * The snapshot route as a user runs it, with a local sh as the transport: the command
 * `forbidlint snapshot` prints, run over a Debian-layout server whose nginx serves a generated
 * 100k-entry tree, then `forbidlint --snapshot` on what it wrote; against `find -printf` alone
 * over the same server (what `ssh host find -printf` costs the server). Goal: within 3x.
 *
 * Measured on the shared 2-core machine at a load average of 4-7: find 591 ms; taking the
 * snapshot 2.59 s (4.4x: the listing walk, getfacl over every entry, about 1.6 find walks by
 * itself, the .htaccess walk and tar); taking and linting 4.68 s (7.9x), against 3.16 s (5.4x)
 * for a live lint with --root of the same tree. The lint of the snapshot (about 2.1 s, of which
 * reading the 100k-entry stream is 0.3-0.8 s) is most of the gap to the goal.
 */
const ENTRIES = 100_000;
const RUNS = 3;
const bin = fileURLToPath(new URL('../src/cli/bin.js', import.meta.url));

export default async function snapshotBench(): Promise<void> {
  const server = ensureServer(ENTRIES);
  const dir = join(tmpdir(), 'forbidlint-bench-snapshot-work');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  const script = join(dir, 'snapshot.sh');
  writeFileSync(script, snapshotCommand({ prefix: server }));
  const snap = join(dir, 'web1.snap');
  const find = repeat(RUNS, () => sample(timeCommand('sh', ['-c', `find '${server}/' -xdev -printf '%m %U %G %y %s /%P\\t%l\\n' > /dev/null`])));
  const take = repeat(RUNS, () => sample(timeCommand('sh', ['-c', `sh '${script}' > '${snap}'`])));
  const lint = repeat(RUNS, () => sample(timeCommand('sh', ['-c', `sh '${script}' > '${snap}' && '${process.execPath}' '${bin}' --snapshot '${snap}' -f json -o '${join(dir, 'out.json')}'; [ $? -le 1 ]`])));
  const live = repeat(RUNS, () => sample(timeCommand('sh', ['-c', `'${process.execPath}' '${bin}' --root '${server}' '${server}/etc/nginx' -f json -o '${join(dir, 'live.json')}'; [ $? -le 1 ]`])));
  console.log(formatComparison({ name: `snapshot taken, ${ENTRIES / 1000}k entries`, ours: take, baselineName: 'find -printf', baseline: find }));
  console.log(formatComparison({ name: `live lint (--root, for reference), ${ENTRIES / 1000}k entries`, ours: live, baselineName: 'find -printf', baseline: find }));
  console.log(formatComparison({ name: `snapshot taken and linted, ${ENTRIES / 1000}k entries`, ours: lint, baselineName: 'find -printf', baseline: find, goalRatio: 3 }));
}

function sample(result: ReturnType<typeof timeCommand>): Sample {
  if (result.status !== 0) throw new Error(`benchmark command failed: ${result.stderr}`);
  return result.maxRssKb === undefined ? { ms: result.ms } : { ms: result.ms, maxRssKb: result.maxRssKb };
}

/** /etc/nginx serving /srv/www, a tree shaped as walk.bench.ts's: directories of 10-50 files, one in 20 a symlink. */
function ensureServer(size: number): string {
  const root = join(tmpdir(), `forbidlint-bench-snapshot-server-${size}`);
  const done = join(root, '.complete');
  if (existsSync(done)) return root;
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, 'etc/nginx'), { recursive: true });
  writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0::/root:/bin/sh\nwww-data:x:33:33::/var/www:/usr/sbin/nologin\n');
  writeFileSync(join(root, 'etc/group'), 'root:x:0:\nwww-data:x:33:\n');
  writeFileSync(join(root, 'etc/nginx/nginx.conf'), 'user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        root /srv/www;\n    }\n}\n');
  // The served tree is walk.bench.ts's own (its .complete marker inside it); this root's marks the whole server.
  fillTree(join(root, 'srv/www'), size);
  writeFileSync(done, '');
  return root;
}
