import type { Directive, ParseDiagnostic } from '../../parse/ast.js';
import { directiveDiagnostic } from './diagnostics.js';
import type { ListenAddress } from './types.js';

/**
 * nginx's implicit listen for a server without one: `*:80` when the master runs as root, which
 * is how a production server starts (`*:8000` otherwise).
 */
export const IMPLICIT_LISTEN: ListenAddress = { address: '*', port: 80, defaultServer: false };

/**
 * One `listen` directive as ngx_http_core_listen reads it: `80`, `addr`, `addr:port`, `*:port`,
 * `[v6]:port`, then `default_server` (or the old `default`) among the options. `localhost`
 * resolves to 127.0.0.1; UNIX sockets are not reachable over TCP and are skipped.
 */
export function parseListen(directive: Directive, diagnostics: ParseDiagnostic[]): ListenAddress | undefined {
  const [target = '', ...options] = directive.args.map((a) => a.value);
  if (target.startsWith('unix:')) return undefined;
  const address = splitAddress(target);
  if (address === undefined) {
    diagnostics.push(directiveDiagnostic('invalid-listen', `invalid listen address "${target}"`, directive, 'error'));
    return undefined;
  }
  return { ...address, defaultServer: options.includes('default_server') || options.includes('default'), directive };
}

function splitAddress(target: string): { address: string; port: number } | undefined {
  const v6 = /^\[([0-9a-fA-F:.]+)\](?::(\d+))?$/.exec(target);
  if (v6) return withPort(v6[1] ?? '', v6[2]);
  if (/^\d+$/.test(target)) return withPort('*', target);
  const [host = '', port, ...rest] = target.split(':');
  if (rest.length > 0 || host === '') return undefined;
  return withPort(host === 'localhost' ? '127.0.0.1' : host, port);
}

function withPort(address: string, port: string | undefined): { address: string; port: number } | undefined {
  const number = port === undefined ? 80 : Number(port);
  if (!Number.isInteger(number) || number < 1 || number > 65535) return undefined;
  return { address: address === '0.0.0.0' ? '*' : address.toLowerCase(), port: number };
}

export function formatListen(listen: ListenAddress): string {
  const host = listen.address.includes(':') ? `[${listen.address}]` : listen.address;
  return `${host}:${listen.port}${listen.defaultServer ? ' default_server' : ''}`;
}
