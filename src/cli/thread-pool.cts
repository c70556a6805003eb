import os = require('node:os');

/**
 * Threads for libuv's pool. A walk over sshfs or NFS reads up to 16 directories at once
 * (REMOTE_DIRECTORIES_AT_ONCE in fs/tree-source.ts), each call blocking a pool thread for a round
 * trip, and the servers of a fleet linted at once (`--jobs`) share the one pool of the process.
 * libuv's default of 4 threads held a walk over sshfs to four calls at once, and four servers
 * to one call each. So one thread per directory read at once for each server linted at once:
 * as many servers as the command line asks for, and at least four, since a `jobs` in
 * .forbidlintrc is read after the pool has started. libuv allows at most 1024.
 *
 * CommonJS, like the entry that uses it: libuv reads the size when its pool first starts, and
 * loading an ES module entry already starts it.
 */
const DIRECTORIES_AT_ONCE = 16;
const AT_LEAST_LINTS = 4;
const LIBUV_MAX_THREADS = 1024;

function threadPoolSize(argv: readonly string[]): number {
  const lints = Math.max(AT_LEAST_LINTS, jobsAsked(argv));
  return Math.min(LIBUV_MAX_THREADS, DIRECTORIES_AT_ONCE * lints);
}

/** `--jobs N`, `--jobs=N`, `-j N`, `-jN` (or auto); 1 when absent or malformed (the option parser reports that). */
function jobsAsked(argv: readonly string[]): number {
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') break;
    if (arg === '--jobs' || arg === '-j') value = argv[++i];
    else if (arg.startsWith('--jobs=')) value = arg.slice('--jobs='.length);
    else if (/^-j\w/.test(arg)) value = arg.slice(2);
  }
  if (value === 'auto') return os.availableParallelism();
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : 1;
}

export = { threadPoolSize, DIRECTORIES_AT_ONCE };
