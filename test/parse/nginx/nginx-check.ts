import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const NGINX_BINARY = '/usr/sbin/nginx';

export interface NginxVerdict {
  ok: boolean;
  /** The first `[emerg]` message, without its ` in file:line` suffix. */
  message?: string;
  file?: string;
  line?: number;
}

/**
 * `nginx -t` on an http-context snippet, inside a throwaway prefix. Every path nginx would
 * otherwise take from its build (error and access logs, pid, the five temp directories it creates
 * and chowns to the worker user) points into that prefix, so the system's nginx is never touched.
 */
export function checkHttpSnippet(snippet: Buffer | string): NginxVerdict {
  return checkInPrefix(snippet, (prefix, temps) => [
    `error_log ${prefix}/error.log;`,
    `pid ${prefix}/nginx.pid;`,
    'events {}',
    'http {',
    `    access_log ${prefix}/access.log;`,
    ...temps.map((line) => `    ${line}`),
    `    include ${prefix}/snippet.conf;`,
    '}',
  ]);
}

/**
 * `nginx -t` on a main-context snippet (what stands at the top of nginx.conf, `events` and
 * `http` included), in the same kind of throwaway prefix.
 */
export function checkMainSnippet(snippet: Buffer | string): NginxVerdict {
  return checkInPrefix(snippet, (prefix) => [`error_log ${prefix}/error.log;`, `pid ${prefix}/nginx.pid;`, `include ${prefix}/snippet.conf;`]);
}

/** Runs `nginx -t` on `snippet.conf` included by the main file `wrap` writes around it. */
function checkInPrefix(snippet: Buffer | string, wrap: (prefix: string, temps: readonly string[]) => string[]): NginxVerdict {
  const prefix = mkdtempSync(join(tmpdir(), 'forbidlint-nginx-t-'));
  try {
    writeFileSync(join(prefix, 'snippet.conf'), snippet);
    const temps = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `${kind}_temp_path ${prefix}/${kind};`);
    writeFileSync(join(prefix, 'nginx.conf'), [...wrap(prefix, temps), ''].join('\n'));
    const run = spawnSync(NGINX_BINARY, ['-t', '-q', '-e', `${prefix}/error.log`, '-p', `${prefix}/`, '-c', `${prefix}/nginx.conf`], { encoding: 'latin1' });
    const emerg = /\[emerg\] ([^]*?) in (\/\S+):(\d+)$/m.exec(run.stderr);
    if (run.status === 0) return { ok: true };
    return emerg ? { ok: false, message: emerg[1] as string, file: (emerg[2] as string).replace(prefix, '<prefix>'), line: Number(emerg[3]) } : { ok: false, message: run.stderr.trim() };
  } finally {
    rmSync(prefix, { recursive: true, force: true });
  }
}
