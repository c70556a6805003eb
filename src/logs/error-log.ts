import type { Dialect } from '../parse/ast.js';
import { parseRequestLine, type LogEntry } from './log-entry.js';
import { monthIndex, wallSeconds } from './log-time.js';

/**
 * The server's own account of a request: the error-log line it wrote while deciding the answer,
 * reduced to the cause in the design's vocabulary (an AH code for Apache, `forbidden-by-rule`,
 * `permission-denied`, ... for nginx).
 */
export interface ErrorEvent {
  /** 1-based line number in the error log. */
  line: number;
  /** The server's wall clock, as its error log writes it (no zone). */
  wallSeconds: number;
  clientIp: string;
  /** nginx names the request; Apache's default ErrorLogFormat does not. */
  request?: { method: string; path: string };
  cause: string;
  text: string;
}

/** What the error log says about one access-log entry. */
export type ServerAccount =
  | { kind: 'logged'; event: ErrorEvent }
  /** The error log covers the entry's time and holds no line for it: the server logged no cause. */
  | { kind: 'silent'; cause: string | null }
  /** The error log cannot tell: no time on the entry, or the entry is outside the error log's span. */
  | { kind: 'unknown' };

/** First matching pattern wins: the line nginx writes where it decides the answer. */
const NGINX_CAUSES: ReadonlyArray<[RegExp, string]> = [
  [/access forbidden by rule/, 'forbidden-by-rule'],
  [/directory index of ".*" is forbidden/, 'directory-index-forbidden'],
  [/\(40: Too many levels of symbolic links\)/, 'symlink-forbidden'],
  [/\(13: Permission denied\)/, 'permission-denied'],
  [/\((2: No such file or directory|20: Not a directory)\)/, 'not-found'],
];

/** The cause an nginx error-log line names, in the design's vocabulary, or undefined. */
export function nginxLineCause(line: string): string | undefined {
  for (const [pattern, cause] of NGINX_CAUSES) if (pattern.test(line)) return cause;
  return undefined;
}

// 2026/12/06 01:02:03 [error] 1234#1234: *5 access forbidden by rule, client: 127.0.0.2, server: x, request: "GET / HTTP/1.1", host: "x"
const NGINX_LINE = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2}) \[\w+\] \d+#\d+: (?:\*(\d+) )?(.*)$/;
// [Sun Dec 06 01:02:03.123456 2026] [authz_core:error] [pid 1234:tid 5678] [client 127.0.0.2:54321] AH01630: ...
// A failed system call puts its errno first: "... [pid 1234:tid 1234] (13)Permission denied: [client ...] AH00132: ...".
const APACHE_LINE = /^\[\w{3} (\w{3}) (\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d+)? (\d{4})\] \[[^\]]*\] \[pid (\d+)[^\]]*\] (?:\(\d+\)[^[]*: )?(?:\[remote [^\]]*\] )?\[client ([^\]]+)\] (.*)$/;
const APACHE_ANY_TIME = /^\[\w{3} (\w{3}) (\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d+)? (\d{4})\]/;

/** The error log's request events and the span of time it covers. */
export interface ErrorLog {
  dialect: Dialect;
  events: ErrorEvent[];
  /** Wall-clock seconds of its first and last dated line. */
  span?: { first: number; last: number };
  lines: number;
}

/** Reads an error log line by line, keeping the first cause each request logged. */
export async function readErrorLog(dialect: Dialect, lines: AsyncIterable<string>): Promise<ErrorLog> {
  const events: ErrorEvent[] = [];
  let span: { first: number; last: number } | undefined;
  let count = 0;
  // One request can write several lines; it is known by its connection (nginx's *N, Apache's pid and client port).
  let lastRequestKey = '';
  for await (const text of lines) {
    count++;
    const parsed = dialect === 'nginx' ? nginxEvent(count, text) : apacheEvent(count, text);
    if (parsed === undefined) continue;
    span = span === undefined ? { first: parsed.wallSeconds, last: parsed.wallSeconds } : { first: Math.min(span.first, parsed.wallSeconds), last: Math.max(span.last, parsed.wallSeconds) };
    if (parsed.event === undefined) continue;
    if (parsed.requestKey === lastRequestKey) continue;
    lastRequestKey = parsed.requestKey;
    events.push(parsed.event);
  }
  return { dialect, events, ...(span ? { span } : {}), lines: count };
}

type ParsedLine = { wallSeconds: number; event?: ErrorEvent; requestKey: string };

function nginxEvent(line: number, text: string): ParsedLine | undefined {
  const m = NGINX_LINE.exec(text);
  if (!m) return undefined;
  const seconds = wallSeconds(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  const message = m[8] as string;
  const client = /, client: ([^,]+)/.exec(message)?.[1];
  const cause = nginxLineCause(message);
  if (client === undefined || cause === undefined) return { wallSeconds: seconds, requestKey: '' };
  const requestLine = /, request: "((?:[^"\\]|\\.)*)"/.exec(message)?.[1];
  const request = requestLine === undefined ? undefined : parseRequestLine(requestLine);
  return {
    wallSeconds: seconds,
    requestKey: `${m[7] ?? ''} ${requestLine ?? ''}`,
    event: { line, wallSeconds: seconds, clientIp: client, ...(request?.ok ? { request: { method: request.method, path: request.path } } : {}), cause, text },
  };
}

function apacheEvent(line: number, text: string): ParsedLine | undefined {
  const m = APACHE_LINE.exec(text);
  const dated = m ?? APACHE_ANY_TIME.exec(text);
  const month = dated ? monthIndex(dated[1] as string) : undefined;
  if (!dated || month === undefined) return undefined;
  const seconds = wallSeconds(Number(dated[6]), month, Number(dated[2]), Number(dated[3]), Number(dated[4]), Number(dated[5]));
  const cause = m ? /\bAH\d{5}\b/.exec(m[9] as string)?.[0] : undefined;
  if (!m || cause === undefined) return { wallSeconds: seconds, requestKey: '' };
  const client = m[8] as string;
  return {
    wallSeconds: seconds,
    requestKey: `${m[7]} ${client} ${seconds}`,
    event: { line, wallSeconds: seconds, clientIp: client.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1'), cause, text },
  };
}

/**
 * Pairs access-log entries with error-log events by client and time (and by request where
 * nginx logs it). Entries are offered in log order and each event is taken once, so requests
 * from one client within one second pair in the order the server wrote them.
 */
export class ErrorLogMatcher {
  private readonly byClientSecond = new Map<string, ErrorEvent[]>();
  private readonly taken = new Set<ErrorEvent>();

  constructor(private readonly log: ErrorLog) {
    for (const event of log.events) {
      const key = `${event.clientIp}|${event.wallSeconds}`;
      const list = this.byClientSecond.get(key);
      if (list) list.push(event);
      else this.byClientSecond.set(key, [event]);
    }
  }

  /**
   * The server's account of an entry that answered with an error. `fsPath` is the file the
   * request maps to, when known: Apache's lines name the file, not the URL.
   */
  account(entry: LogEntry, fsPath?: string): ServerAccount {
    const time = entry.time;
    if (time === undefined || entry.clientIp === undefined) return { kind: 'unknown' };
    const concerns = (event: ErrorEvent): boolean =>
      event.request ? event.request.method === entry.method && event.request.path === entry.path : mentionsRequest(event.text, entry.path, fsPath);
    // The access log is written when the request ends, the error log while it runs: up to a second apart.
    for (const delta of [0, -1, 1, -2]) {
      const candidates = this.byClientSecond.get(`${entry.clientIp}|${time.wallSeconds + delta}`);
      const event = candidates?.find((e) => !this.taken.has(e) && concerns(e));
      if (event) {
        this.taken.add(event);
        return { kind: 'logged', event };
      }
    }
    const span = this.log.span;
    if (span === undefined || time.wallSeconds < span.first || time.wallSeconds > span.last + 1) return { kind: 'unknown' };
    // nginx's `return 403`, its basic-auth 401 and Apache's RewriteRule [F] answer without a line with a cause.
    if (this.log.dialect === 'apache') return { kind: 'silent', cause: null };
    return { kind: 'silent', cause: entry.status === 401 ? 'auth-required' : 'return' };
  }
}

/**
 * Whether an Apache error line is about this request: it names the URL path (AH00035 does), the
 * file the request maps to (most codes), or an unreadable .htaccess on the way to it (AH00529).
 * A bare `/` says nothing, so it never counts.
 */
function mentionsRequest(text: string, urlPath: string, fsPath: string | undefined): boolean {
  // Byte for byte, as the log lines are read (latin1).
  const decoded = urlPath.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  if (decoded !== '/' && text.includes(decoded)) return true;
  if (fsPath === undefined) return false;
  const file = fsPath.replace(/\/{2,}/g, '/');
  if (text.includes(file)) return true;
  const htaccessDir = /(\/\S*\/)\.htaccess\b/.exec(text)?.[1];
  return htaccessDir !== undefined && file.startsWith(htaccessDir);
}
