import type { SourceLocation } from '../parse/ast.js';

/** A request as the server receives it; host and port select the server block or vhost. */
export interface HttpRequest {
  method: string;
  scheme: 'http' | 'https';
  host: string;
  port: number;
  /** Raw path as sent, percent-encoded, without the query. */
  path: string;
  query: string;
  clientIp: string;
  headers?: Record<string, string>;
}

/** One link of the chain from the request to the answer, pointing at the line that decided it. */
export interface TraceStep {
  /** Stable kebab-case id: `server-selected`, `location-matched`, `access-denied`, `path-component`, ... */
  step: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  loc?: SourceLocation;
}

/**
 * What the real server would answer and log. `cause` uses the vocabulary of the design: an
 * Apache `AHnnnnn` code, or one of the nginx causes (`forbidden-by-rule`, `permission-denied`,
 * ...); `null` when nothing with a cause is logged (2xx, 3xx, or an error without a log line
 * that has a code).
 */
export interface Verdict {
  status: number;
  cause: string | null;
  /** The filesystem path the request mapped to, when it mapped to one. */
  path?: string;
  trace: TraceStep[];
  /** A short, concrete suggestion: the config line or the chmod/chown command that fixes it. */
  fix?: string;
  /**
   * The directive that decided the answer (the `deny`, the `Require`, the `root` whose tree holds
   * the unreadable file), when one did; rules report there.
   */
  decidedBy?: SourceLocation;
  /**
   * What the simulator could not model for this request and guessed instead (an unknown
   * variable, an unsupported condition, an exhausted regex budget). Empty or absent when exact;
   * lint never turns an uncertain verdict into an error.
   */
  uncertain?: string[];
}

export interface Simulator {
  explain(request: HttpRequest): Verdict;
}

export function parseRequestUrl(url: string, init: { method?: string; clientIp?: string } = {}): HttpRequest {
  const u = new URL(url);
  const scheme = u.protocol === 'https:' ? 'https' : 'http';
  const rawPath = url.replace(/^[a-z]+:\/\/[^/]*/i, '').replace(/[?#].*$/, '') || '/';
  return {
    method: (init.method ?? 'GET').toUpperCase(),
    scheme,
    host: u.hostname,
    port: u.port ? Number(u.port) : scheme === 'https' ? 443 : 80,
    path: rawPath,
    query: u.search.replace(/^\?/, ''),
    clientIp: init.clientIp ?? '127.0.0.1',
  };
}
