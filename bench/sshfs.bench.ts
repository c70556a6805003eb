import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatComparison, median, timeCommand, type Sample } from './lib.js';
import { mountSshfs, sshfsUnavailable, startSshd, type LoopbackSshd } from './loopback-sshfs.js';
import { ensureTree } from './walk.bench.js';

/**
 * A whole lint of a server mounted over sshfs, as the README mounts it, through a relay that
 * adds a round trip of FORBIDLINT_BENCH_RTT_MS (default 5 ms) to a loopback sshd, against
 * `find -printf` over the same mount. Each run gets a fresh mount: sshfs and the kernel cache
 * what was read, and a second run over a warm mount measures the cache. The served tree has
 * FORBIDLINT_BENCH_SSHFS_ENTRIES entries (default 20k, so the bench takes a minute or two;
 * the goal is stated for 100k).
 *
 * Measured on a shared, loaded 2-core machine: 20k entries 7.2 s against find's 11.3 s (0.64;
 * 1.19 before directories were read ahead and missing index files answered from the walk's
 * listings); 100k entries 31 s against 48-61 s (0.51-0.65). ServerAliveInterval=5,
 * ServerAliveCountMax=2 cut two of two 100k runs short with EIO; 15 and 3, as documented, none.
 *
 * Where the time went (20k entries, load 8-12): the lint's walk read 16 directories ahead, but
 * libuv's pool had 4 threads, not the 16 bin.js asked for (loading an ES module entry starts
 * the pool first); with the pool sized by a CommonJS entry, 4.8-5.1 s became 3.2-3.7 s (0.49
 * of find in a bench run at load 10-12). The walk alone then takes about 2 s: sshfs answers
 * at most 10 requests at once (libfuse's default worker threads, which sshfs 3.7 does not let
 * a mount option change), and each directory holds one for an OPENDIR, two READDIRs and a
 * READLINK per symlink, so about 4 round trips of sshfs's time a directory. find reads one
 * directory at a time, 2-3 round trips each. The rest is CPU on two cores shared with other
 * work: of some 3 s for the whole pipeline, node 1.4-1.9 s (0.95 s for the same lint of a local
 * copy), sshfs 0.45-0.6 s, sshd 0.25-0.35 s, the relay 0.3 s, ssh 0.1 s; the cipher is a few
 * tens of ms (aes128-gcm and chacha20-poly1305 measured alike: the stream is a few MB), and no
 * xattr is read on a FUSE mount. Each symlink still costs the main thread some eight
 * synchronous FUSE calls to resolve (the confined lookup walks from the root). At load averages
 * of 10 and more, sshfs now and then answered a READDIR with EIO (three times in some forty
 * mounts): the audit then ends incomplete, exit 2, as it should, and the bench stops. The cause
 * was the relay (delay-relay.ts), whose timer per chunk could let a later chunk overtake an
 * earlier one and corrupt the ssh stream; with one queue, on a quiet machine (load 1-2.6):
 * 20k entries 0.27 of find, 100k entries 12.1 s against 57.3 s, 0.21.
 */
/** The loopback sshd's port; FORBIDLINT_BENCH_SSH_PORT moves it when another bench holds this one. */
const PORT = Number(process.env['FORBIDLINT_BENCH_SSH_PORT'] ?? 23050);
const ENTRIES = Number(process.env['FORBIDLINT_BENCH_SSHFS_ENTRIES'] ?? 20_000);
const RTT_MS = Number(process.env['FORBIDLINT_BENCH_RTT_MS'] ?? 5);
const RUNS = 3;
const OPTIONS = ['ro', 'no_contain_symlinks', 'reconnect', 'ServerAliveInterval=15', 'ServerAliveCountMax=3'];

export default async function sshfsBench(): Promise<void> {
  const unavailable = sshfsUnavailable();
  if (unavailable !== undefined) {
    console.log(`skipped: ${unavailable}`);
    return;
  }
  const server = serverTree(ENTRIES);
  const sshd = await startSshd(PORT);
  const mountPoint = join(tmpdir(), `forbidlint-bench-sshfs-mnt-${process.pid}`);
  try {
    const relay = fileURLToPath(new URL('./delay-relay.js', import.meta.url));
    // sshfs hands options it does not know to ssh, one argument each: no quoting to get wrong.
    const options = [...OPTIONS, `ProxyCommand=${process.execPath} ${relay} 127.0.0.1 ${PORT} ${RTT_MS / 2}`];
    const mounted = async (measure: (root: string) => Sample): Promise<Sample> => {
      const mount = await mountSshfs(sshd, server, mountPoint, options);
      try {
        return measure(mountPoint);
      } finally {
        mount.unmount();
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };
    const lint = await repeatAsync(RUNS, () => mounted(lintOnce));
    const find = await repeatAsync(RUNS, () => mounted(findOnce));
    console.log(`(${ENTRIES} entries served, ${RTT_MS} ms added round trip, a fresh mount per run; FORBIDLINT_BENCH_SSHFS_ENTRIES=100000 for the full size)`);
    console.log(formatComparison({ name: `lint over sshfs, ${ENTRIES / 1000}k entries`, ours: lint, baselineName: 'find -printf on the mount', baseline: find, goalRatio: 0.3 }));
  } finally {
    sshd.stop();
    rmSync(mountPoint, { recursive: true, force: true });
  }
}

/** A server's `/`: an nginx configuration serving the generated tree, and the accounts it names. */
function serverTree(entries: number): string {
  const root = join(tmpdir(), `forbidlint-bench-sshfs-server-${entries}`);
  mkdirSync(join(root, 'etc/nginx'), { recursive: true });
  mkdirSync(join(root, 'srv'), { recursive: true });
  ensureTree(entries, join(root, 'srv/site'));
  writeFileSync(join(root, 'etc/nginx/nginx.conf'), 'user www-data;\nevents {}\nhttp {\n  server {\n    listen 80;\n    root /srv/site;\n    autoindex on;\n  }\n}\n');
  writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n');
  writeFileSync(join(root, 'etc/group'), 'root:x:0:\nwww-data:x:33:\n');
  return root;
}

function lintOnce(root: string): Sample {
  const bin = fileURLToPath(new URL('../src/cli/forbidlint.cjs', import.meta.url));
  const run = timeCommand(process.execPath, [bin, '--root', root, join(root, 'etc/nginx/nginx.conf'), '-f', 'json'], { cwd: tmpdir() });
  if (run.status !== 0 && run.status !== 1) throw new Error(`lint over sshfs failed (${run.status}): ${run.stderr}`);
  return { ms: run.ms, ...(run.maxRssKb !== undefined ? { maxRssKb: run.maxRssKb } : {}) };
}

function findOnce(root: string): Sample {
  const run = timeCommand('sh', ['-c', `find '${root}/srv/site' -printf '%m %U %G %y %p\\n' > /dev/null`]);
  if (run.status !== 0) throw new Error(`find over sshfs failed: ${run.stderr}`);
  return { ms: run.ms };
}

/** `repeat` for measurements that wait for a mount: median time, largest peak RSS. */
async function repeatAsync(runs: number, measure: () => Promise<Sample>): Promise<Sample> {
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) samples.push(await measure());
  const rss = samples.flatMap((s) => (s.maxRssKb === undefined ? [] : [s.maxRssKb]));
  return { ms: median(samples.map((s) => s.ms)), ...(rss.length > 0 ? { maxRssKb: Math.max(...rss) } : {}) };
}
