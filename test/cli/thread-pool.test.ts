import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REMOTE_DIRECTORIES_AT_ONCE } from '../../src/fs/tree-source.js';
import { buildCli, type BuiltCli } from '../helpers/built-cli.js';
import { tempTree } from './run-cli.js';

/**
 * libuv's pool is shared by every server a fleet lints at once, and each walk over sshfs keeps
 * REMOTE_DIRECTORIES_AT_ONCE calls waiting in it. Its size is read when it first starts, which
 * loading an ES module already does: only the CommonJS entry (`forbidlint`, forbidlint.cjs) can
 * set it, so both are checked compiled, as users run them.
 */
let cli: BuiltCli;
let threadPoolSize: (argv: readonly string[]) => number;
let directoriesAtOnce: number;
const tree = tempTree({ 'nginx.conf': 'events {}\nhttp {\n  server {\n    root /nonexistent-forbidlint-docroot;\n  }\n}\n' });
/** Loaded before the entry, and CommonJS too, so it starts no pool: says how many threads the process ended with. */
const countThreads = path.join(tree.dir, 'count-threads.cjs');

beforeAll(() => {
  cli = buildCli('thread-pool');
  const compiled = createRequire(import.meta.url)(path.join(path.dirname(cli.bin), 'thread-pool.cjs')) as { threadPoolSize: typeof threadPoolSize; DIRECTORIES_AT_ONCE: number };
  ({ threadPoolSize, DIRECTORIES_AT_ONCE: directoriesAtOnce } = compiled);
  writeFileSync(countThreads, "process.on('exit', () => process.stderr.write(require('fs').readFileSync('/proc/self/status', 'utf8').match(/^Threads:\\s*(\\d+)/m)[1] + ' threads\\n'));\n");
}, 120_000);
afterAll(() => {
  cli.remove();
  tree.cleanup();
});

/** The threads a lint of nginx.conf ended with, started through `script`. */
function threadsOf(script: string, args: readonly string[] = []): number {
  const env = { ...process.env };
  delete env['UV_THREADPOOL_SIZE'];
  const run = spawnSync(process.execPath, ['--require', countThreads, script, ...args, 'nginx.conf'], { cwd: tree.dir, encoding: 'utf8', env });
  expect([0, 1], run.stderr).toContain(run.status);
  return Number(/(\d+) threads/.exec(run.stderr)?.[1]);
}

describe('the thread pool', () => {
  it('reads as many directories at once for each lint as a remote walk keeps waiting', () => {
    expect(directoriesAtOnce).toBe(REMOTE_DIRECTORIES_AT_ONCE);
  });

  it('holds four servers reading a mount at once when --jobs is not given (a jobs in .forbidlintrc is read too late)', () => {
    expect(threadPoolSize([])).toBe(4 * directoriesAtOnce);
    expect(threadPoolSize(['--root', '/mnt/web1', '/mnt/web1/etc/nginx'])).toBe(4 * directoriesAtOnce);
  });

  it('grows with --jobs in each of its spellings', () => {
    expect(threadPoolSize(['--jobs', '8'])).toBe(8 * directoriesAtOnce);
    expect(threadPoolSize(['--jobs=10'])).toBe(10 * directoriesAtOnce);
    expect(threadPoolSize(['-j', '6'])).toBe(6 * directoriesAtOnce);
    expect(threadPoolSize(['-j12'])).toBe(12 * directoriesAtOnce);
    expect(threadPoolSize(['--jobs', 'auto'])).toBe(Math.max(4, availableParallelism()) * directoriesAtOnce);
  });

  it('stays within the 1024 threads libuv allows', () => {
    expect(threadPoolSize(['--jobs', '500'])).toBe(1024);
  });

  it('leaves a malformed --jobs and anything after -- to the option parser', () => {
    expect(threadPoolSize(['--jobs', 'many'])).toBe(4 * directoriesAtOnce);
    expect(threadPoolSize(['--', '--jobs', '9'])).toBe(4 * directoriesAtOnce);
  });

  it("is started that size by the forbidlint entry, where the ES module alone gets libuv's default of 4", () => {
    const entry = path.join(path.dirname(cli.bin), 'forbidlint.cjs');
    const module = threadsOf(cli.bin);
    expect(threadsOf(entry)).toBeGreaterThanOrEqual(module - 4 + 4 * directoriesAtOnce);
    expect(threadsOf(entry, ['--jobs', '6'])).toBeGreaterThanOrEqual(module - 4 + 6 * directoriesAtOnce);
  });
});
