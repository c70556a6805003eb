import type { Dialect, SourceLocation } from '../parse/ast.js';

/**
 * An access-log format compiled to one anchored regular expression: the literals of the format
 * as written, and a capture for each field forbidlint replays a request from (client, time,
 * request, status, host, port). Fields it does not need are matched and dropped.
 */

/** What a captured field means for the replay, whichever dialect wrote it. */
export type FieldRole =
  | 'clientIp' // nginx $remote_addr, Apache %a
  | 'clientHost' // Apache %h: the address unless HostnameLookups is on
  | 'timeClf' // 10/Oct/2000:13:55:36 -0700
  | 'timeIso' // 2000-10-10T13:55:36-07:00
  | 'timeEpochSeconds' // nginx $msec, Apache %{sec}t
  | 'timeEpochMillis' // Apache %{msec}t
  | 'request' // "GET /x?y HTTP/1.1"
  | 'method'
  | 'requestUri' // the raw target with its query: nginx $request_uri
  | 'decodedPath' // Apache %U, nginx $uri
  | 'query' // nginx $args, Apache %q (with its "?")
  | 'status' // the final status: nginx $status, Apache %>s
  | 'originalStatus' // Apache %s: before internal redirects
  | 'host' // the Host the client sent: nginx $host / $http_host, Apache %{Host}i
  | 'serverName' // the server that answered: nginx $server_name, Apache %v / %V
  | 'port' // nginx $server_port, Apache %p
  | 'scheme';

export interface CompiledFormat {
  /** The name it is declared under (`combined`), or the format itself when it has none. */
  name: string;
  dialect: Dialect;
  /** The format string as the server reads it. */
  text: string;
  /** The `log_format`/`LogFormat` that declared it; absent for the servers' built-in formats. */
  declaredAt?: SourceLocation;
  /** The role of each capture group, in order. */
  roles: readonly FieldRole[];
  regex: RegExp;
  /** The capture group of the final status (or of the original one when only it is logged); 0 when none. */
  statusGroup: number;
}

const NGINX_ROLES: Readonly<Record<string, FieldRole>> = {
  remote_addr: 'clientIp',
  time_local: 'timeClf',
  time_iso8601: 'timeIso',
  msec: 'timeEpochSeconds',
  request: 'request',
  request_method: 'method',
  request_uri: 'requestUri',
  uri: 'decodedPath',
  document_uri: 'decodedPath',
  args: 'query',
  query_string: 'query',
  status: 'status',
  host: 'host',
  http_host: 'host',
  server_name: 'serverName',
  server_port: 'port',
  scheme: 'scheme',
};

const APACHE_ROLES: Readonly<Record<string, FieldRole>> = {
  a: 'clientIp',
  h: 'clientHost',
  t: 'timeClf',
  '{sec}t': 'timeEpochSeconds',
  '{msec}t': 'timeEpochMillis',
  r: 'request',
  m: 'method',
  U: 'decodedPath',
  q: 'query',
  '>s': 'status',
  s: 'originalStatus',
  '<s': 'originalStatus',
  '{host}i': 'host',
  v: 'serverName',
  V: 'serverName',
  p: 'port',
  '{canonical}p': 'port',
  '{local}p': 'port',
};

/** Fields whose values never hold a space, so a plain `\S*` captures them without backtracking. */
const WORD_ROLES = new Set<FieldRole>(['clientIp', 'clientHost', 'timeIso', 'timeEpochSeconds', 'timeEpochMillis', 'method', 'requestUri', 'decodedPath', 'query', 'status', 'originalStatus', 'host', 'serverName', 'port', 'scheme']);

type Token = { literal: string } | { field: string; role?: FieldRole; bracketed?: boolean };

/** nginx's stock formats: `combined` is compiled in; `main` is the one nginx.org's nginx.conf declares. */
export const NGINX_STOCK_FORMATS: Readonly<Record<string, string>> = {
  combined: '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"',
  main: '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_x_forwarded_for"',
};

/** Debian's apache2.conf nicknames, and httpd's compiled-in default for a CustomLog without a format. */
export const APACHE_STOCK_FORMATS: Readonly<Record<string, string>> = {
  vhost_combined: '%v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i"',
  combined: '%h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i"',
  common: '%h %l %u %t "%r" %>s %O',
  default: '%h %l %u %t "%r" %>s %b',
};

export function compileNginxFormat(name: string, text: string, declaredAt?: SourceLocation): CompiledFormat {
  const tokens: Token[] = [];
  // ngx_http_log_compile_format: `$name` or `${name}`, names of letters, digits and `_`.
  const variable = /\$(?:\{(\w+)\}|(\w+))/g;
  let last = 0;
  for (let match = variable.exec(text); match !== null; match = variable.exec(text)) {
    if (match.index > last) tokens.push({ literal: text.slice(last, match.index) });
    const field = (match[1] ?? match[2] ?? '').toLowerCase();
    const role = NGINX_ROLES[field];
    tokens.push(role ? { field, role } : { field });
    last = variable.lastIndex;
  }
  if (last < text.length) tokens.push({ literal: text.slice(last) });
  return compile(name, 'nginx', text, tokens, declaredAt);
}

export function compileApacheFormat(name: string, text: string, declaredAt?: SourceLocation): CompiledFormat {
  const tokens: Token[] = [];
  // mod_log_config's parse_log_item: %[conditions][<>]{argument}letter, and %% for a percent sign.
  const item = /%(?:!?\d{3}(?:,\d{3})*)?([<>]?)(?:\{([^}]*)\})?([a-zA-Z%])/g;
  let last = 0;
  const pushLiteral = (literal: string): void => {
    if (literal !== '') tokens.push({ literal: unescapeFormatLiteral(literal) });
  };
  for (let match = item.exec(text); match !== null; match = item.exec(text)) {
    pushLiteral(text.slice(last, match.index));
    last = item.lastIndex;
    const [, redirect = '', argument, letter = ''] = match;
    if (letter === '%') {
      tokens.push({ literal: '%' });
      continue;
    }
    const field = `${redirect}${argument !== undefined ? `{${argument.toLowerCase()}}` : ''}${letter}`;
    const role = APACHE_ROLES[field] ?? (redirect === '' ? undefined : APACHE_ROLES[field.slice(1)]);
    // %t is written with its brackets: [10/Oct/2000:13:55:36 -0700].
    tokens.push({ field, ...(role ? { role } : {}), ...(field === 't' ? { bracketed: true } : {}) });
  }
  pushLiteral(text.slice(last));
  return compile(name, 'apache', text, tokens, declaredAt);
}

/** mod_log_config turns `\n` and `\t` in a format into the characters themselves. */
function unescapeFormatLiteral(text: string): string {
  return text.replace(/\\([nt\\"])/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

function compile(name: string, dialect: Dialect, text: string, tokens: readonly Token[], declaredAt?: SourceLocation): CompiledFormat {
  const roles: FieldRole[] = [];
  let source = '^';
  tokens.forEach((token, index) => {
    if ('literal' in token) {
      source += escapeRegex(token.literal);
      return;
    }
    const before = tokens[index - 1];
    const after = tokens[index + 1];
    const pattern = fieldPattern(token, before === undefined ? '' : 'literal' in before ? before.literal : FIELD, after === undefined ? undefined : 'literal' in after ? after.literal : FIELD);
    // A role already captured by an earlier field keeps its first value; the later one is only matched.
    if (token.role && !roles.includes(token.role)) {
      roles.push(token.role);
      source += token.bracketed ? `\\[(${pattern})\\]` : `(${pattern})`;
    } else {
      source += token.bracketed ? `\\[(?:${pattern})\\]` : `(?:${pattern})`;
    }
  });
  const statusGroup = (roles.includes('status') ? roles.indexOf('status') : roles.indexOf('originalStatus')) + 1;
  return { name, dialect, text, ...(declaredAt ? { declaredAt } : {}), roles, regex: new RegExp(`${source}$`), statusGroup };
}

/** Stands for a neighbour that is another field, with no literal between. */
const FIELD = Symbol('field');

/**
 * What a field may hold, from the literals around it: inside quotes, anything but an unescaped
 * quote (both servers escape `"` in values); inside brackets, anything but `]`; a field that never
 * holds a space stops at one; anything else takes as little as lets the rest of the line match.
 */
function fieldPattern(token: { role?: FieldRole; bracketed?: boolean }, before: string | typeof FIELD, after: string | typeof FIELD | undefined): string {
  if (token.bracketed || token.role === 'timeClf') return '[^\\]]*';
  if (token.role === 'status' || token.role === 'originalStatus') return '\\d{3}|-';
  // Apache's "%U%q": the path stops at the query, which keeps its "?".
  if (after === FIELD && (token.role === 'decodedPath' || token.role === 'requestUri')) return '[^?"]*';
  if (before === FIELD && token.role === 'query') return '(?:\\?[^"\\s]*)?';
  if (before === FIELD || after === FIELD) return after === undefined ? '.*' : '.*?';
  // Unrolled, so a long quoted value costs one pass: runs of plain characters between escapes.
  if (before.endsWith('"') && after?.startsWith('"')) return '[^"\\\\]*(?:\\\\.[^"\\\\]*)*';
  if (token.role && WORD_ROLES.has(token.role) && after !== undefined && /^\s/.test(after)) return '\\S*';
  if (after === undefined) return '.*';
  return '.*?';
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The fields of a line the format's regex matched, by role. */
export function fieldsOf(format: CompiledFormat, match: RegExpExecArray): Partial<Record<FieldRole, string>> {
  const fields: Partial<Record<FieldRole, string>> = {};
  for (let i = 0; i < format.roles.length; i++) {
    const value = match[i + 1];
    // Both servers write "-" for a value that is not set.
    if (value !== undefined && value !== '-' && value !== '') fields[format.roles[i] as FieldRole] = value;
  }
  return fields;
}
