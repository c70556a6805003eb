import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';

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

export interface ApacheRequest {
  method?: string;
  host: string;
  port: number;
  path: string;
  /** 127.0.0.x source address; selects `Require ip` and `Allow from` outcomes. */
  clientIp?: string;
  headers?: Record<string, string>;
}

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
  const pid = await waitFor(() => (existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) || undefined : undefined), 'pid file');
  const stop = async (): Promise<void> => {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      return;
    }
    await waitFor(() => (isAlive(pid) ? undefined : true), `apache2 ${pid} to exit`);
  };
  try {
    for (const port of options.ports) await waitFor(() => canConnect(port), `port ${port}`);
    // The master logs AH00163 once its children run; lines before it belong to no request.
    await waitFor(() => (readFileSync(errorLog, 'utf8').includes('AH00163') ? true : undefined), 'AH00163 in the error log');
  } catch (error) {
    await stop();
    throw error;
  }

  let logOffset = statSync(errorLog).size;
  const send = async (req: ApacheRequest): Promise<ApacheResponse> => {
    const response = await get(req);
    const log = readFileSync(errorLog);
    const lines = log.subarray(logOffset).toString('utf8').split('\n').filter((l) => l !== '');
    logOffset = log.length;
    const code = lines.map((l) => /\bAH\d{5}\b/.exec(l)?.[0]).find((c) => c !== undefined);
    return { ...response, cause: code ?? null, logLines: lines };
  };
  return { configPath, errorLog, send, stop };
}

function get(req: ApacheRequest): Promise<{ status: number; location?: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: '127.0.0.1',
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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function canConnect(port: number): Promise<true | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(undefined));
  });
}

async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
