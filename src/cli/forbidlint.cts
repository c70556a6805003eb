#!/usr/bin/env node
/**
 * The `forbidlint` command. It sizes libuv's thread pool before anything starts it (see
 * thread-pool.cts), then runs the CLI, which is an ES module: loading one starts the pool, so
 * this entry is CommonJS. An environment that sets UV_THREADPOOL_SIZE keeps its own.
 */
import threadPool = require('./thread-pool.cjs');

process.env['UV_THREADPOOL_SIZE'] ??= String(threadPool.threadPoolSize(process.argv.slice(2)));
void import('./bin.js');
