import type { HttpRequest } from '../simulate/types.js';
import type { LogWriter } from './declared-logs.js';
import type { LogEntry } from './log-entry.js';

/** The Host and port to replay with when the log line does not say. */
export interface HostFallback {
  /** `--host`: what the user says the requests were for. */
  host?: string;
  port?: number;
}

/**
 * The request a log entry stands for. The host comes from the line where the format logs it,
 * else from the server that writes this log when only one does, else from `--host`; the port
 * from the line, else from the writer whose names match the host. `hostKnown` is false when
 * none says, and the listening socket's default server is asked.
 */
export function replayedRequest(entry: LogEntry, writers: readonly LogWriter[], fallback: HostFallback): { request: HttpRequest; hostKnown: boolean } {
  const onlyWriter = writers.length === 1 ? writers[0] : undefined;
  const host = entry.host ?? onlyWriter?.names[0] ?? fallback.host;
  const writer = host === undefined ? undefined : writers.find((w) => w.names.some((name) => nameMatches(name, host)));
  const scheme = entry.scheme ?? (entry.port === 443 ? 'https' : 'http');
  // Apache's %p is the canonical port (the Host header's, or 80): only a port the log's servers listen on selects one.
  const loggedPort = entry.port !== undefined && (writers.length === 0 || writers.some((w) => w.ports.length === 0 || w.ports.includes(entry.port as number))) ? entry.port : undefined;
  const port = loggedPort ?? fallback.port ?? writer?.ports[0] ?? onlyWriter?.ports[0] ?? writers[0]?.ports[0] ?? (scheme === 'https' ? 443 : 80);
  return {
    request: {
      method: entry.method,
      scheme,
      // An address as Host reaches the socket's default server, as a client that sent none would.
      host: host ?? '0.0.0.0',
      port,
      path: entry.path,
      query: entry.query,
      clientIp: entry.clientIp ?? '127.0.0.1',
    },
    hostKnown: host !== undefined,
  };
}

/** `--host shop.example.com` or `--host shop.example.com:8080`. */
export function parseHostOption(text: string): HostFallback | undefined {
  const m = /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?$/.exec(text);
  if (!m) return undefined;
  return { host: (m[1] as string).toLowerCase(), ...(m[2] !== undefined ? { port: Number(m[2]) } : {}) };
}

/** nginx server_name forms (exact, `*.x`, `.x`, `x.*`, `~regex`) and Apache ServerAlias globs. */
function nameMatches(name: string, host: string): boolean {
  const pattern = name.toLowerCase();
  if (pattern.startsWith('~')) {
    try {
      return new RegExp(pattern.slice(1), 'i').test(host);
    } catch {
      return false;
    }
  }
  if (pattern.startsWith('.')) return host === pattern.slice(1) || host.endsWith(pattern);
  if (/[*?]/.test(pattern)) {
    const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    return new RegExp(`^${source}$`).test(host);
  }
  return pattern === host;
}
