#!/usr/bin/env node
import { main } from './main.js';
import { readAll } from './io.js';
import { EXIT_FAILURE } from './exit-codes.js';

/**
 * A standard output that fails (`> /dev/full`, a pipe whose reader is gone) is the run failing
 * to deliver its result: one line on stderr and exit code 2, never a stack trace. After `| head`
 * the reader has all it wanted, so a closed pipe exits without a word.
 */
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') process.stderr.write(`forbidlint: cannot write to standard output: ${error.code ?? error.message}\n`);
  process.exit(EXIT_FAILURE);
});

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  readStdin: () => readAll(process.stdin),
  stdinStream: () => process.stdin,
  cwd: process.cwd(),
  env: process.env,
});
