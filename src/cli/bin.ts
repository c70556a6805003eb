#!/usr/bin/env node
import { main } from './main.js';
import { readAll } from './io.js';

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  readStdin: () => readAll(process.stdin),
  stdinStream: () => process.stdin,
  cwd: process.cwd(),
  env: process.env,
});
