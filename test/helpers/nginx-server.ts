import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nginxLineCause } from '../../src/logs/error-log.js';
import { canConnect, errorLogTail, sendRequest, stopByPid, waitFor, type OracleRequest } from './http-oracle.js';

/**
 * A real nginx under test: its own prefix, pid file and error log in a temp dir, loopback
 * listeners only, the master started as root so workers drop to the configured `user` the way
 * a production server does. The error log is read after each request so the test sees exactly
 * the lines that request produced.
 */

export const NGINX_BINARY = '/usr/sbin/nginx';

export interface NginxServerOptions {
  /** Temp directory that receives nginx.conf, the pid file, the error log and temp paths. */
  dir: string;
  /** The complete nginx.conf, usually from nginxMainConfig(). */
  config: string;
  /** Loopback ports the config listens on; start() waits for each. */
  ports: readonly number[];
}

export type NginxRequest = OracleRequest;

export interface NginxResponse {
  status: number;
  /** The cause in forbidlint's vocabulary, derived from the status and the new error-log lines. */
  cause: string | null;
  location?: string;
  logLines: string[];
}

export interface NginxServer {
  readonly configPath: string;
  readonly errorLog: string;
  send(request: NginxRequest): Promise<NginxResponse>;
  stop(): Promise<void>;
}

/**
 * A main config around `body` (the inside of `http { }`): state and temp files in `dir`,
 * `info` logging (the level of "client sent invalid request"; every 403/404 cause is logged at
 * error), no access log, one worker.
 */
export function nginxMainConfig(dir: string, options: { user?: string; http: string }): string {
  const temp = (name: string): string => join(dir, name);
  return [
    ...(options.user === undefined ? [] : [`user ${options.user};`]),
    'worker_processes 1;',
    `pid ${temp('nginx.pid')};`,
    `error_log ${temp('error.log')} info;`,
    'events { worker_connections 64; }',
    'http {',
    '    access_log off;',
    `    client_body_temp_path ${temp('body')};`,
    `    proxy_temp_path ${temp('proxy')};`,
    `    fastcgi_temp_path ${temp('fastcgi')};`,
    `    uwsgi_temp_path ${temp('uwsgi')};`,
    `    scgi_temp_path ${temp('scgi')};`,
    options.http,
    '}',
    '',
  ].join('\n');
}

/**
 * The design's cause vocabulary from what nginx answered and logged: a success or redirect has
 * no cause (even after try_files logged a failure and went on), basic auth's 401 is
 * `auth-required` (nginx logs it at info at most), the first line naming a cause gives it (the
 * same reading `forbidlint logs` applies to a server's error log), and an error with no
 * recognised line is `return`.
 */
export function causeFromLog(status: number, lines: readonly string[]): string | null {
  if (status < 400) return null;
  if (status === 401) return 'auth-required';
  for (const line of lines) {
    const cause = nginxLineCause(line);
    if (cause !== undefined) return cause;
    if (/client sent invalid/.test(line)) return null;
  }
  return 'return';
}

export async function startNginx(options: NginxServerOptions): Promise<NginxServer> {
  const configPath = join(options.dir, 'nginx.conf');
  const errorLog = join(options.dir, 'error.log');
  writeFileSync(configPath, options.config);
  writeFileSync(errorLog, '');

  // `daemon off` keeps the master our direct child, so it is stopped by its own pid.
  const master = spawn(NGINX_BINARY, ['-p', options.dir, '-c', configPath, '-e', errorLog, '-g', 'daemon off;'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  master.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  // `daemon off` keeps the master our child until it exits; a master that already exited has nothing to stop.
  const stop = async (): Promise<void> => {
    if (master.exitCode === null && master.signalCode === null && master.pid !== undefined) await stopByPid(master.pid, 'nginx');
  };
  try {
    for (const port of options.ports) {
      await waitFor(() => {
        if (master.exitCode !== null) throw new Error(`nginx exited (${master.exitCode}): ${stderr}${readFileSync(errorLog, 'utf8')}`);
        return canConnect(port);
      }, `port ${port}`);
    }
  } catch (error) {
    await stop();
    throw error;
  }

  const newLogLines = errorLogTail(errorLog);
  const send = async (req: NginxRequest): Promise<NginxResponse> => {
    const response = await sendRequest(req);
    const lines = newLogLines();
    return { ...response, cause: causeFromLog(response.status, lines), logLines: lines };
  };
  return { configPath, errorLog, send, stop };
}
