import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canConnect, errorLogTail, sendRequest, stopByPid, waitFor, type OracleRequest } from './http-oracle.js';

/**
 * A real Apache httpd under test: its own ServerRoot, PidFile, ErrorLog and Mutex directory in
 * a temp dir, loopback listeners only, started as root so its children drop to User/Group the
 * way a production server does. The error log is read after each request so the test sees
 * exactly the lines that request produced.
 */

export const APACHE_BINARY = '/usr/sbin/apache2';
const MODULE_DIR = '/usr/lib/apache2/modules';

/** The modules a Debian default install loads that decide 403s, plus mod_rewrite and access_compat. */
export const DEFAULT_APACHE_MODULES = [
  'mpm_prefork',
  'authz_core',
  'authz_host',
  'authz_user',
  'authn_core',
  'authn_file',
  'auth_basic',
  'access_compat',
  'alias',
  'dir',
  'autoindex',
  'mime',
  'setenvif',
  'rewrite',
] as const;

export interface ApacheServerOptions {
  /** Temp directory that receives httpd.conf, the pid file, the error log and mutexes. */
  dir: string;
  /** Configuration after the generated preamble: Listen lines, User/Group, vhosts. */
  body: string;
  /** Loopback ports the config listens on; start() waits for each. */
  ports: readonly number[];
  modules?: readonly string[];
}

/** Apache tests select a vhost by Host and port only: requests always connect to 127.0.0.1. */
export type ApacheRequest = Omit<OracleRequest, 'serverIp'>;

export interface ApacheResponse {
  status: number;
  /** The first AHnnnnn code among the error-log lines this request wrote, or null. */
  cause: string | null;
  location?: string;
  logLines: string[];
}

export interface ApacheServer {
  readonly configPath: string;
  readonly errorLog: string;
  send(request: ApacheRequest): Promise<ApacheResponse>;
  stop(): Promise<void>;
}

/** The lines every test config starts with: where httpd keeps its state, what it logs, which modules. */
export function apachePreamble(dir: string, modules: readonly string[] = DEFAULT_APACHE_MODULES): string {
  return [
    `ServerRoot ${dir}`,
    `PidFile ${join(dir, 'httpd.pid')}`,
    `ErrorLog ${join(dir, 'error.log')}`,
    // info is the level of AH00128 (file does not exist); every 403 cause is logged at error or above.
    'LogLevel info',
    `Mutex file:${dir} default`,
    'ServerName preamble.test',
    'TypesConfig /etc/mime.types',
    ...modules.map((m) => `LoadModule ${m}_module ${MODULE_DIR}/mod_${m}.so`),
    '',
  ].join('\n');
}

export async function startApache(options: ApacheServerOptions): Promise<ApacheServer> {
  const configPath = join(options.dir, 'httpd.conf');
  const errorLog = join(options.dir, 'error.log');
  const pidFile = join(options.dir, 'httpd.pid');
  writeFileSync(configPath, apachePreamble(options.dir, options.modules) + options.body);
  writeFileSync(errorLog, '');

  const started = spawnSync(APACHE_BINARY, ['-d', options.dir, '-f', configPath, '-k', 'start'], { encoding: 'utf8' });
  if (started.status !== 0) {
    throw new Error(`apache2 failed to start (${started.status}): ${started.stderr}${readFileSync(errorLog, 'utf8')}`);
  }
  const { send, stop } = await watchApache(pidFile, errorLog, options.ports);
  return { configPath, errorLog, send, stop };
}

/**
 * Waits for a started httpd (its pid file, each port, AH00094 in the error log, which prefork
 * and event masters log last once children run), then sends requests and reads the error-log
 * lines each one adds.
 */
export async function watchApache(pidFile: string, errorLog: string, ports: readonly number[]): Promise<Pick<ApacheServer, 'send' | 'stop'>> {
  const pid = await waitFor(() => (existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) || undefined : undefined), 'pid file');
  const stop = (): Promise<void> => stopByPid(pid, 'apache2');
  try {
    for (const port of ports) await waitFor(() => canConnect(port), `port ${port}`);
    // Once its children run, prefork's master logs AH00163 (resuming normal operations), AH00164
    // (server built) and last AH00094 (command line); lines up to it belong to no request.
    await waitFor(() => (readFileSync(errorLog, 'utf8').includes('AH00094') ? true : undefined), 'AH00094 in the error log');
  } catch (error) {
    await stop();
    throw error;
  }

  const newLogLines = errorLogTail(errorLog);
  const send = async (req: ApacheRequest): Promise<ApacheResponse> => {
    const response = await sendRequest(req);
    const lines = newLogLines();
    const code = lines.map((l) => /\bAH\d{5}\b/.exec(l)?.[0]).find((c) => c !== undefined);
    return { ...response, cause: code ?? null, logLines: lines };
  };
  return { send, stop };
}
