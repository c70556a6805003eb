import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { threadPoolSize } from '../../src/cli/thread-pool.js';
import { REMOTE_DIRECTORIES_AT_ONCE } from '../../src/fs/tree-source.js';

/** libuv's pool is shared by every server a fleet lints at once: each walk over sshfs wants its own directories' worth of threads. */
describe('threadPoolSize', () => {
  const perLint = REMOTE_DIRECTORIES_AT_ONCE;

  it('holds four servers reading a mount at once when --jobs is not given (a jobs in .forbidlintrc is read too late)', () => {
    expect(threadPoolSize([])).toBe(4 * perLint);
    expect(threadPoolSize(['--root', '/mnt/web1', '/mnt/web1/etc/nginx'])).toBe(4 * perLint);
  });

  it('grows with --jobs in each of its spellings', () => {
    expect(threadPoolSize(['--jobs', '8'])).toBe(8 * perLint);
    expect(threadPoolSize(['--jobs=10'])).toBe(10 * perLint);
    expect(threadPoolSize(['-j', '6'])).toBe(6 * perLint);
    expect(threadPoolSize(['-j12'])).toBe(12 * perLint);
    expect(threadPoolSize(['--jobs', 'auto'])).toBe(Math.max(4, availableParallelism()) * perLint);
  });

  it('stays within the 1024 threads libuv allows', () => {
    expect(threadPoolSize(['--jobs', '500'])).toBe(1024);
  });

  it('leaves a malformed --jobs and anything after -- to the option parser', () => {
    expect(threadPoolSize(['--jobs', 'many'])).toBe(4 * perLint);
    expect(threadPoolSize(['--', '--jobs', '9'])).toBe(4 * perLint);
  });
});
