import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/** What a match found, as plain data that crosses threads. */
export interface PlainMatch {
  groups: (string | undefined)[];
  index: number;
  named: Record<string, string | undefined> | null;
}

/**
 * A pattern outside the linear engine's syntax (lookaround, back-references) runs on
 * JavaScript's backtracking engine in a helper thread, while this thread waits at most the
 * budget; a match that takes longer is abandoned and the thread replaced. PCRE bounds the same
 * patterns with its match limit in nginx and httpd.
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { port, signal } = workerData;
const flag = new Int32Array(signal);
const compiled = new Map();
port.on('message', ({ source, flags, input }) => {
  const key = flags + '/' + source;
  let regex = compiled.get(key);
  if (regex === undefined) compiled.set(key, (regex = new RegExp(source, flags)));
  const m = regex.exec(input);
  port.postMessage(m === null ? null : { groups: Array.from(m), index: m.index, named: m.groups === undefined ? null : { ...m.groups } });
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
Atomics.store(flag, 0, 1);
Atomics.notify(flag, 0);
`;

/** Starting a thread costs tens of milliseconds, more on a loaded machine: not charged to a match. */
const STARTUP_MS = 10_000;

interface Helper {
  worker: Worker;
  port: MessagePort;
  flag: Int32Array;
}

let helper: Helper | undefined;

function startHelper(): Helper | undefined {
  const signal = new SharedArrayBuffer(4);
  const flag = new Int32Array(signal);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { port: port2, signal }, transferList: [port2], execArgv: [] });
  worker.unref();
  port1.unref();
  if (Atomics.wait(flag, 0, 0, STARTUP_MS) === 'timed-out') {
    void worker.terminate();
    return undefined;
  }
  return { worker, port: port1, flag };
}

/** The match, null for none, or 'exhausted' when the budget ran out first. */
export function budgetedExec(source: string, flags: string, input: string, budgetMs: number): PlainMatch | null | 'exhausted' {
  helper ??= startHelper();
  if (helper === undefined) return 'exhausted';
  const { flag, port, worker } = helper;
  Atomics.store(flag, 0, 0);
  port.postMessage({ source, flags, input });
  if (Atomics.wait(flag, 0, 0, budgetMs) === 'timed-out') {
    // V8 stops a running regex on termination; the next match starts a fresh thread.
    helper = undefined;
    void worker.terminate();
    return 'exhausted';
  }
  const reply = receiveMessageOnPort(port);
  return (reply?.message as PlainMatch | null | undefined) ?? null;
}
