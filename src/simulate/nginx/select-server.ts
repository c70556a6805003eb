import { parseIpAddress } from '../../model/nginx/ip-address.js';
import type { ListenAddress, NginxServer, ServerName } from '../../model/nginx/types.js';

export interface ServerSelection {
  server: NginxServer;
  listen: ListenAddress;
  /** The `server_name` that matched, or why this server answers without one. */
  reason: { kind: 'name'; name: ServerName } | { kind: 'default-server' } | { kind: 'first-server' };
}

/**
 * The server that answers `host` on `port`, as nginx picks it: first the listening socket
 * (an explicit address beats the port's wildcard, and a wildcard's servers are not candidates
 * on an explicit address), then within it the name: exact, longest `*.` / `.` wildcard, longest
 * trailing `.*` wildcard, regexes in config order; failing all, the `default_server`, else the
 * first server that listens there.
 *
 * `host` is the Host header; when it is a name the local address it reached is unknown, so an
 * explicit address whose servers know the name is preferred over the wildcard.
 */
export function selectServer(servers: readonly NginxServer[], host: string, port: number): ServerSelection | undefined {
  const name = normalizeHost(host);
  const sockets = socketsOnPort(servers, port);
  if (sockets.length === 0) return undefined;
  const ip = parseIpAddress(name);
  const explicit = sockets.filter((s) => !WILDCARDS.has(s.address));
  const socket = ip
    ? (explicit.find((s) => sameAddress(s.address, name)) ?? sockets.find((s) => s.address === (ip.family === 4 ? '*' : '::')))
    : (explicit.find((s) => findByName(s.servers, name)) ?? sockets.find((s) => WILDCARDS.has(s.address)) ?? sockets[0]);
  if (socket === undefined) return undefined;
  const byName = findByName(socket.servers, name);
  if (byName) return { ...byName, listen: listenOf(byName.server, socket) };
  const flagged = socket.servers.find((s) => listenOf(s, socket).defaultServer);
  const server = flagged ?? (socket.servers[0] as NginxServer);
  return { server, listen: listenOf(server, socket), reason: { kind: flagged ? 'default-server' : 'first-server' } };
}

/** Host header to the name nginx compares: port and trailing dot removed, lowercased. */
export function normalizeHost(host: string): string {
  const withoutPort = host.startsWith('[') ? host.replace(/\]:\d+$/, ']') : host.replace(/:\d+$/, '');
  return withoutPort.replace(/\.$/, '').toLowerCase();
}

/** `listen 80` (IPv4) and `listen [::]:80` (IPv6) accept any local address of their family. */
const WILDCARDS = new Set(['*', '::']);

interface Socket {
  address: string;
  port: number;
  servers: NginxServer[];
}

function socketsOnPort(servers: readonly NginxServer[], port: number): Socket[] {
  const sockets: Socket[] = [];
  for (const server of servers) {
    for (const listen of server.listen) {
      if (listen.port !== port) continue;
      let socket = sockets.find((s) => s.address === listen.address);
      if (socket === undefined) sockets.push((socket = { address: listen.address, port, servers: [] }));
      if (!socket.servers.includes(server)) socket.servers.push(server);
    }
  }
  return sockets;
}

function findByName(servers: readonly NginxServer[], host: string): Omit<ServerSelection, 'listen'> | undefined {
  const named = servers.flatMap((server) => server.serverNames.map((name) => ({ server, name })));
  const pick = (found: { server: NginxServer; name: ServerName } | undefined): Omit<ServerSelection, 'listen'> | undefined =>
    found && { server: found.server, reason: { kind: 'name', name: found.name } };
  const exact = named.find(({ name }) => name.pattern.kind === 'exact' && name.pattern.name === host);
  if (exact) return pick(exact);
  const longest = (score: (name: ServerName) => number): { server: NginxServer; name: ServerName } | undefined =>
    named.reduce<{ entry?: (typeof named)[number]; score: number }>(
      (best, entry) => {
        const s = score(entry.name);
        return s > best.score ? { entry, score: s } : best;
      },
      { score: 0 },
    ).entry;
  const leading = longest(({ pattern }) =>
    pattern.kind === 'leading-wildcard' && (host.endsWith(pattern.suffix) || (pattern.matchesBare && host === pattern.suffix.slice(1))) ? pattern.suffix.length : 0,
  );
  if (leading) return pick(leading);
  const trailing = longest(({ pattern }) => (pattern.kind === 'trailing-wildcard' && host.startsWith(pattern.prefix) ? pattern.prefix.length : 0));
  if (trailing) return pick(trailing);
  return pick(named.find(({ name }) => name.pattern.kind === 'regex' && name.pattern.regex.test(host)));
}

function listenOf(server: NginxServer, socket: Socket): ListenAddress {
  return server.listen.find((l) => l.address === socket.address && l.port === socket.port) as ListenAddress;
}

function sameAddress(a: string, b: string): boolean {
  const left = parseIpAddress(a);
  const right = parseIpAddress(b);
  return left !== undefined && right !== undefined && left.family === right.family && left.address === right.address;
}
