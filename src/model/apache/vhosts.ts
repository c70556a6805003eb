import { globToRegExp } from './glob.js';

/** A `<VirtualHost>` address: `127.0.0.1:80`, `*:80`, `_default_:443`, `[::1]:8080`. */
export interface VirtualHostAddress {
  /** An IP literal, or `*` for `*` and `_default_`. */
  ip: string;
  /** `undefined` for `*` or no port (any port). */
  port?: number;
}

export function parseVirtualHostAddress(text: string): VirtualHostAddress {
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\*|\d+))?$/.exec(text);
  const host = match?.[1] ?? text;
  const port = match?.[2];
  const ip = host === '*' || host.toLowerCase() === '_default_' ? '*' : host.replace(/^\[|\]$/g, '');
  return { ip, ...(port !== undefined && port !== '*' ? { port: Number(port) } : {}) };
}

/** The candidate a selection needs to know about: its addresses and names, in config order. */
export interface VirtualHostCandidate {
  addresses: readonly VirtualHostAddress[];
  serverName?: string;
  serverAliases: readonly string[];
}

/**
 * httpd's vhost selection (vhost.c): the connection's local IP:port picks the address set,
 * exact IP entries beating `*`/`_default_` ones; among the vhosts sharing the best address, the
 * Host header is matched against ServerName then ServerAlias in config order, and when none
 * matches the first vhost listed for that address is the default. No address match at all
 * means the main server answers. Returns the index of the chosen vhost, or -1 for the main server.
 */
export function selectVirtualHost(vhosts: readonly VirtualHostCandidate[], localIp: string, port: number, hostHeader: string): number {
  const portMatches = (a: VirtualHostAddress): boolean => a.port === undefined || a.port === port;
  const exact = vhosts.flatMap((v, i) => (v.addresses.some((a) => a.ip === localIp && portMatches(a)) ? [i] : []));
  const candidates = exact.length > 0 ? exact : vhosts.flatMap((v, i) => (v.addresses.some((a) => a.ip === '*' && portMatches(a)) ? [i] : []));
  if (candidates.length === 0) return -1;
  const host = hostHeader.replace(/:\d+$/, '').replace(/\.$/, '').toLowerCase();
  const byName = candidates.find((i) => vhostAnswersTo(vhosts[i] as VirtualHostCandidate, host));
  return byName ?? (candidates[0] as number);
}

function vhostAnswersTo(vhost: VirtualHostCandidate, host: string): boolean {
  if (vhost.serverName !== undefined && vhost.serverName.replace(/^[a-z]+:\/\//i, '').replace(/:\d+$/, '').toLowerCase() === host) return true;
  // ServerAlias takes shell wildcards (`*.example.com`, `www?.example.com`), matched case-insensitively.
  return vhost.serverAliases.some((alias) => globToRegExp(alias, { pathname: false, caseInsensitive: true }).test(host));
}
