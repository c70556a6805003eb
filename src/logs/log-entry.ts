import type { FieldRole } from './format.js';
import { fromEpochMs, parseClfTime, parseIsoTime, type LogTime } from './log-time.js';

/** One access-log line, reduced to the request the server received and what it answered. */
export interface LogEntry {
  /** 1-based line number in the log. */
  line: number;
  time?: LogTime;
  clientIp?: string;
  method: string;
  /** The target as sent: percent-encoded, without the query. */
  path: string;
  query: string;
  /** The Host the client sent, or the name of the server that answered, without a port. */
  host?: string;
  port?: number;
  scheme?: 'http' | 'https';
  status: number;
}

export type EntryResult = { ok: true; entry: LogEntry } | { ok: false; reason: string };

/** The fields of a matched line as an entry; a line whose request cannot be replayed says why. */
export function toLogEntry(line: number, fields: Partial<Record<FieldRole, string>>): EntryResult {
  const statusText = fields.status ?? fields.originalStatus;
  if (statusText === undefined) return { ok: false, reason: 'no status' };
  const target = requestTarget(fields);
  if (!target.ok) return target;
  const time = logTime(fields);
  const clientIp = fields.clientIp ?? fields.clientHost;
  const hostAndPort = splitHostPort(fields.host ?? fields.serverName);
  const portText = fields.port ?? hostAndPort?.port;
  const scheme = fields.scheme === 'https' || fields.scheme === 'http' ? fields.scheme : undefined;
  return {
    ok: true,
    entry: {
      line,
      ...(time ? { time } : {}),
      ...(clientIp !== undefined ? { clientIp } : {}),
      method: target.method,
      path: target.path,
      query: target.query,
      ...(target.host ?? hostAndPort?.host ? { host: (target.host ?? hostAndPort?.host) as string } : {}),
      ...(portText !== undefined && /^\d+$/.test(portText) ? { port: Number(portText) } : {}),
      ...(scheme ? { scheme } : {}),
      status: Number(statusText),
    },
  };
}

export type Target = { ok: true; method: string; path: string; query: string; host?: string } | { ok: false; reason: string };

/** "GET /x HTTP/1.1", or HTTP/0.9's "GET /x", as logged; anything else never reached a handler. */
export function parseRequestLine(logged: string): Target {
  const m = /^([A-Z][A-Z0-9_-]*) (\S+)(?: HTTP\/\d(?:\.\d)?)?$/.exec(unescapeLogValue(logged));
  if (!m) return { ok: false, reason: `request line "${logged}" cannot be replayed` };
  return splitTarget(m[1] as string, m[2] as string);
}

function requestTarget(fields: Partial<Record<FieldRole, string>>): Target {
  if (fields.request !== undefined) return parseRequestLine(fields.request);
  const method = fields.method;
  if (method === undefined) return { ok: false, reason: 'the format logs no request line and no method' };
  if (fields.requestUri !== undefined) return splitTarget(method, unescapeLogValue(fields.requestUri));
  if (fields.decodedPath !== undefined) {
    const query = fields.query === undefined ? '' : unescapeLogValue(fields.query).replace(/^\?/, '');
    return { ok: true, method, path: encodeTarget(unescapeLogValue(fields.decodedPath), /[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/), query };
  }
  return { ok: false, reason: 'the format logs no request line and no URL' };
}

/** A request target: absolute-form names the host; the path keeps its encoding, other bytes are encoded. */
function splitTarget(method: string, target: string): Target {
  let rest = target;
  let host: string | undefined;
  const absolute = /^https?:\/\/([^/?#]*)(.*)$/i.exec(target);
  if (absolute) {
    host = splitHostPort(absolute[1])?.host;
    rest = absolute[2] || '/';
  }
  if (!rest.startsWith('/') && rest !== '*') return { ok: false, reason: `request target "${target}" cannot be replayed` };
  const q = rest.indexOf('?');
  const path = encodeTarget(q < 0 ? rest : rest.slice(0, q), /[^\x21-\x7e]/);
  return { ok: true, method, path, query: q < 0 ? '' : rest.slice(q + 1), ...(host ? { host } : {}) };
}

function encodeTarget(text: string, unsafe: RegExp): string {
  if (!unsafe.test(text)) return text;
  let out = '';
  for (const byte of Buffer.from(text, 'latin1')) {
    const char = String.fromCharCode(byte);
    out += unsafe.test(char) ? `%${byte.toString(16).toUpperCase().padStart(2, '0')}` : char;
  }
  return out;
}

/**
 * Undoes the escaping both servers apply to logged values: `\xHH` for quotes, backslashes,
 * control and non-ASCII bytes (nginx's escape=default, Apache's ap_escape_logitem), and Apache's
 * `\"`, `\\`, `\n`, `\t`. Each byte stays one character (latin1), so re-encoding gives the bytes sent.
 */
export function unescapeLogValue(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\(x[0-9A-Fa-f]{2}|["\\ntr])/g, (_, e: string) => {
    if (e.startsWith('x')) return String.fromCharCode(parseInt(e.slice(1), 16));
    return e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
  });
}

function splitHostPort(text: string | undefined): { host: string; port?: string } | undefined {
  if (text === undefined) return undefined;
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(text);
  if (!m || m[1] === '') return undefined;
  return { host: (m[1] as string).toLowerCase(), ...(m[2] !== undefined ? { port: m[2] } : {}) };
}

function logTime(fields: Partial<Record<FieldRole, string>>): LogTime | undefined {
  if (fields.timeClf !== undefined) return parseClfTime(fields.timeClf);
  if (fields.timeIso !== undefined) return parseIsoTime(fields.timeIso);
  if (fields.timeEpochSeconds !== undefined) return fromEpochMs(Number(fields.timeEpochSeconds) * 1000);
  if (fields.timeEpochMillis !== undefined) return fromEpochMs(Number(fields.timeEpochMillis));
  return undefined;
}
