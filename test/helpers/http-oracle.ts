import { readFileSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';

/**
 * What the real-server harnesses (nginx-server.ts, apache-server.ts) share: one HTTP exchange
 * over loopback, waiting for a listener, the error-log lines each request adds, and stopping
 * a master by its pid.
 */

export interface OracleRequest {
  method?: string;
  host: string;
  port: number;
  /** Sent as is on the request line, so encoded and dot segments reach the server untouched. */
  path: string;
  /** 127.0.0.x source address; selects address-based access control outcomes. */
  clientIp?: string;
  /** Loopback address to connect to (default 127.0.0.1); selects address-specific listeners. */
  serverIp?: string;
  headers?: Record<string, string>;
}

export interface OracleReply {
  status: number;
  location?: string;
}

/** One request on its own connection (no agent, `Connection: close`), so requests never share state. */
export function sendRequest(req: OracleRequest): Promise<OracleReply> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: req.serverIp ?? '127.0.0.1',
        port: req.port,
        method: req.method ?? 'GET',
        path: req.path,
        localAddress: req.clientIp ?? '127.0.0.1',
        headers: { ...req.headers, Host: req.host, Connection: 'close' },
        agent: false,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ...(res.headers.location ? { location: res.headers.location } : {}) }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/**
 * Reads the lines appended to `errorLog` since the previous call (the first call: since this
 * one), so each request sees exactly the lines it caused.
 */
export function errorLogTail(errorLog: string): () => string[] {
  let offset = statSync(errorLog).size;
  return () => {
    const log = readFileSync(errorLog);
    const lines = log.subarray(offset).toString('utf8').split('\n').filter((l) => l !== '');
    offset = log.length;
    return lines;
  };
}

/**
 * Sends SIGTERM, the fast shutdown of both servers (the master stops its workers or children,
 * then exits), and waits until the process is gone.
 */
export async function stopByPid(pid: number, name: string): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  await waitFor(() => (isAlive(pid) ? undefined : true), `${name} ${pid} to exit`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function canConnect(port: number): Promise<true | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(undefined));
  });
}

/** Polls `probe` until it gives a value; throws after `timeoutMs`. */
export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
