import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readEnvvars } from '../../../src/parse/apache/index.js';
import { APACHE_BINARY, watchApache, type ApacheRequest, type ApacheResponse } from '../../helpers/apache-server.js';

/**
 * Debian's /etc/apache2 as the apache2 package ships it (from the shared corpus), copied into a
 * temp dir and changed only where a test must (FIXTURES/README.md lists each change): state
 * and logs in the temp dir, loopback listeners, the web root grant moved with the trees, info
 * logging (AH00128 is logged at info), 000-default disabled, and the modules PHP applications
 * need enabled with a2enmod's symlinks.
 */

/** a2enmod/a2enconf names: what the deployments enable beyond Debian's defaults. */
export const EXTRA_MODULES = ['rewrite', 'proxy', 'proxy_fcgi', 'proxy_http', 'headers', 'expires'] as const;

export interface DebianApache {
  /** /etc/apache2 of this instance. */
  readonly confDir: string;
  readonly entry: string;
  send(request: ApacheRequest): Promise<ApacheResponse>;
  stop(): Promise<void>;
}

export interface DebianLayoutOptions {
  /** The corpus copy of Debian's /etc/apache2. */
  source: string;
  /** Temp dir: receives etc/apache2, run/, lock/, log/. */
  base: string;
  /** Replaces /var/www in apache2.conf's <Directory /var/www/>. */
  webRoot: string;
  ports: readonly number[];
  /** Extra conf-available files to enable, name -> text. */
  confs: Record<string, string>;
  /** sites-available files to enable, name -> text. */
  sites: Record<string, string>;
}

/** Writes the layout; returns the path of apache2.conf. */
export function writeDebianLayout(options: DebianLayoutOptions): string {
  const confDir = join(options.base, 'etc/apache2');
  mkdirSync(join(options.base, 'etc'), { recursive: true });
  cpSync(options.source, confDir, { recursive: true, verbatimSymlinks: true });
  restoreLinks(confDir);
  for (const dir of ['run', 'lock', 'log']) mkdirSync(join(options.base, dir), { recursive: true });

  edit(join(confDir, 'envvars'), (text) =>
    text
      .replace(/^export APACHE_PID_FILE=.*$/m, `export APACHE_PID_FILE=${options.base}/run/apache2.pid`)
      .replace(/^export APACHE_RUN_DIR=.*$/m, `export APACHE_RUN_DIR=${options.base}/run`)
      .replace(/^export APACHE_LOCK_DIR=.*$/m, `export APACHE_LOCK_DIR=${options.base}/lock`)
      .replace(/^export APACHE_LOG_DIR=.*$/m, `export APACHE_LOG_DIR=${options.base}/log`),
  );
  edit(join(confDir, 'ports.conf'), (text) => text.replace(/^Listen 80$/m, options.ports.map((p) => `Listen 127.0.0.1:${p}`).join('\n')));
  edit(join(confDir, 'apache2.conf'), (text) => text.replace('<Directory /var/www/>', `<Directory ${options.webRoot}/>`).replace(/^LogLevel warn$/m, 'LogLevel info'));
  rmSync(join(confDir, 'sites-enabled/000-default.conf'));
  for (const module of EXTRA_MODULES) {
    for (const ext of ['load', 'conf']) {
      if (existsSync(join(confDir, `mods-available/${module}.${ext}`))) symlinkSync(`../mods-available/${module}.${ext}`, join(confDir, `mods-enabled/${module}.${ext}`));
    }
  }
  for (const [name, text] of Object.entries(options.confs)) {
    writeFileSync(join(confDir, `conf-available/${name}`), text);
    symlinkSync(`../conf-available/${name}`, join(confDir, `conf-enabled/${name}`));
  }
  for (const [name, text] of Object.entries(options.sites)) {
    writeFileSync(join(confDir, `sites-available/${name}`), text);
    symlinkSync(`../sites-available/${name}`, join(confDir, `sites-enabled/${name}`));
  }
  return join(confDir, 'apache2.conf');
}

/**
 * The corpus keeps /etc/apache2 read-only and its a2enmod symlinks as files holding their
 * target (`../mods-available/alias.conf`), as git does without symlink support: make the copy
 * writable and the links real again.
 */
function restoreLinks(confDir: string): void {
  chmodSync(confDir, 0o755);
  for (const entry of readdirSync(confDir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isDirectory()) chmodSync(path, 0o755);
    else if (entry.isFile()) chmodSync(path, 0o644);
  }
  for (const dir of ['mods-enabled', 'conf-enabled', 'sites-enabled']) {
    for (const name of readdirSync(join(confDir, dir))) {
      const path = join(confDir, dir, name);
      const target = readFileSync(path, 'utf8').trim();
      if (!/^\.\.\/[a-z]+-available\/[^/\n]+$/.test(target)) continue;
      rmSync(path);
      symlinkSync(target, path);
    }
  }
}

function edit(file: string, change: (text: string) => string): void {
  const before = readFileSync(file, 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`${file}: the expected Debian line was not found`);
  writeFileSync(file, after);
}

/** Starts apache2 as apache2ctl does: envvars' exports in the environment, -d /etc/apache2. */
export async function startDebianApache(entry: string, ports: readonly number[]): Promise<DebianApache> {
  const confDir = join(entry, '..');
  const env = readEnvvars(readFileSync(join(confDir, 'envvars'), 'utf8'));
  const errorLog = join(env['APACHE_LOG_DIR'] ?? '', 'error.log');
  writeFileSync(errorLog, '');
  const started = spawnSync(APACHE_BINARY, ['-d', confDir, '-f', entry, '-k', 'start'], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...env } });
  if (started.status !== 0) throw new Error(`apache2 failed to start (${started.status}): ${started.stderr}${readFileSync(errorLog, 'utf8')}`);
  const { send, stop } = await watchApache(env['APACHE_PID_FILE'] ?? '', errorLog, ports);
  return { confDir, entry, send, stop };
}
