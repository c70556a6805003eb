import { parseIpAddress, type IpAddress } from '../../model/nginx/ip-address.js';
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
 * `host` is the Host header; `address` the local address the connection reached, when known
 * (a Host header sent to an IP). Without it, a name's local address is unknown, so an explicit
 * address whose servers know the name is preferred over the wildcard.
 */
export function selectServer(servers: readonly NginxServer[], host: string, port: number, address?: string): ServerSelection | undefined {
  let known = selectionsByModel.get(servers);
  if (known === undefined || known.size >= SELECTIONS_KEPT) {
    known = new Map();
    selectionsByModel.set(servers, known);
  }
  const key = `${port} ${address ?? ''} ${host}`;
  if (known.has(key)) return known.get(key);
  const selection = select(servers, host, port, address);
  known.set(key, selection);
  return selection;
}

/**
 * The answers of each model, by port, address and Host: a lint asks thousands of requests of
 * the same few, each request twice (the request line is parsed under the port's default server).
 * Bounded, as an editor session may ask any number of hosts.
 */
const selectionsByModel = new WeakMap<readonly NginxServer[], Map<string, ServerSelection | undefined>>();
const SELECTIONS_KEPT = 4096;

function select(servers: readonly NginxServer[], host: string, port: number, address: string | undefined): ServerSelection | undefined {
  const name = normalizeHost(host);
  const local = address === undefined ? name : normalizeHost(address);
  const sockets = socketsOnPort(servers, port);
  if (sockets.length === 0) return undefined;
  const ip = parsedAddress(local);
  const explicit = sockets.filter((s) => !WILDCARDS.has(s.address));
  const socket = ip
    ? (explicit.find((s) => sameAddress(s.address, local)) ?? sockets.find((s) => s.address === (ip.family === 4 ? '*' : '::')))
    : (explicit.find((s) => findByName(s, name)) ?? sockets.find((s) => WILDCARDS.has(s.address)) ?? sockets[0]);
  if (socket === undefined) return undefined;
  const byName = findByName(socket, name);
  if (byName) return { ...byName, listen: listenOf(byName.server, socket) };
  socket.fallback ??= defaultOf(socket);
  return { ...socket.fallback, listen: listenOf(socket.fallback.server, socket) };
}

/** The server a socket gives requests no name of it matches: its `default_server`, else its first. */
function defaultOf(socket: Socket): Omit<ServerSelection, 'listen'> {
  const flagged = socket.servers.find((s) => listenOf(s, socket).defaultServer);
  return { server: flagged ?? (socket.servers[0] as NginxServer), reason: { kind: flagged ? 'default-server' : 'first-server' } };
}

/** Host header to the name nginx compares: port and trailing dot removed, lowercased. */
export function normalizeHost(host: string): string {
  const withoutPort = host.startsWith('[') ? host.replace(/\]:\d+$/, ']') : host.replace(/:\d+$/, '');
  return withoutPort.replace(/\.$/, '').toLowerCase();
}

/** `listen 80` (IPv4) and `listen [::]:80` (IPv6) accept any local address of their family. */
const WILDCARDS = new Set(['*', '::']);

interface NamedServer {
  server: NginxServer;
  name: ServerName;
}

interface Socket {
  address: string;
  port: number;
  servers: NginxServer[];
  /** Every server_name of the socket's servers, in config order. */
  named: NamedServer[];
  /** The first server per exact name, as nginx's hash keeps the first one it was given. */
  exact: Map<string, NamedServer>;
  /**
   * What each Host asked so far found by name (null: nothing), and the server that answers the
   * rest: a lint asks thousands of requests, most for the same few hosts (the default server's
   * empty one for every request line), and the wildcard and regex scans are as long as the config.
   */
  found: Map<string, Omit<ServerSelection, 'listen'> | null>;
  fallback?: Omit<ServerSelection, 'listen'>;
}

/**
 * The listening sockets of a model, by port, built once per model: a lint asks where every
 * server of a large config answers, and rebuilding them per request made that quadratic.
 */
const socketsByModel = new WeakMap<readonly NginxServer[], Map<number, Socket[]>>();

function socketsOnPort(servers: readonly NginxServer[], port: number): Socket[] {
  let byPort = socketsByModel.get(servers);
  if (byPort === undefined) {
    byPort = indexSockets(servers);
    socketsByModel.set(servers, byPort);
  }
  return byPort.get(port) ?? [];
}

function indexSockets(servers: readonly NginxServer[]): Map<number, Socket[]> {
  const byKey = new Map<string, Socket & { members: Set<NginxServer> }>();
  const byPort = new Map<number, Socket[]>();
  for (const server of servers) {
    for (const listen of server.listen) {
      const key = `${listen.address} ${listen.port}`;
      let socket = byKey.get(key);
      if (socket === undefined) {
        socket = { address: listen.address, port: listen.port, servers: [], named: [], exact: new Map(), found: new Map(), members: new Set() };
        byKey.set(key, socket);
        const list = byPort.get(listen.port) ?? [];
        list.push(socket);
        byPort.set(listen.port, list);
      }
      if (socket.members.has(server)) continue;
      socket.members.add(server);
      socket.servers.push(server);
      for (const name of server.serverNames) {
        const entry = { server, name };
        socket.named.push(entry);
        if (name.pattern.kind === 'exact' && !socket.exact.has(name.pattern.name)) socket.exact.set(name.pattern.name, entry);
      }
    }
  }
  return byPort;
}

function findByName(socket: Socket, host: string): Omit<ServerSelection, 'listen'> | undefined {
  let found = socket.found.get(host);
  if (found === undefined) {
    found = scanNames(socket, host) ?? null;
    socket.found.set(host, found);
  }
  return found ?? undefined;
}

function scanNames(socket: Socket, host: string): Omit<ServerSelection, 'listen'> | undefined {
  const { named } = socket;
  const pick = (found: NamedServer | undefined): Omit<ServerSelection, 'listen'> | undefined => found && { server: found.server, reason: { kind: 'name', name: found.name } };
  const exact = socket.exact.get(host);
  if (exact) return pick(exact);
  const longest = (score: (name: ServerName) => number): NamedServer | undefined =>
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
  const left = parsedAddress(a);
  const right = parsedAddress(b);
  return left !== undefined && right !== undefined && left.family === right.family && left.address === right.address;
}

/**
 * parseIpAddress of the hosts and addresses requests name: a lint asks thousands of requests of
 * the same few. Bounded, as an editor session may see any number of them.
 */
const parsed = new Map<string, IpAddress | undefined>();
const PARSED_KEPT = 1024;

function parsedAddress(text: string): IpAddress | undefined {
  if (parsed.has(text)) return parsed.get(text);
  if (parsed.size >= PARSED_KEPT) parsed.clear();
  const ip = parseIpAddress(text);
  parsed.set(text, ip);
  return ip;
}
