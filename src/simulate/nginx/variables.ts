import type { FastcgiSettings, NginxMap } from '../../model/nginx/types.js';
import type { Directive } from '../../parse/ast.js';
import { invalidReferer } from './referer.js';
import { geoValue } from '../../model/nginx/maps.js';
import type { HttpRequest } from '../types.js';

/** What nginx's variables hold for one request, for `root`, `alias`, `try_files`, `set`, `if` and `disable_symlinks from=`. */
export interface VariableScope {
  uri: string;
  requestUri: string;
  args: string;
  host: string;
  /** `$server_name`: the selected server's first name. */
  serverName?: string;
  documentRoot?: string;
  /** `$0`... of the last regex that matched (location, `if`, `rewrite`). */
  captures: readonly string[];
  namedCaptures: Readonly<Record<string, string>>;
  request: HttpRequest;
  /** Variables `set` so far in this request: they live as long as the request, across internal redirects. */
  assigned: ReadonlyMap<string, string>;
  fastcgi: FastcgiSettings;
  /** `$request_filename`: the URI mapped by the current `root` or `alias`. */
  filenameOf?: (uri: string) => string;
  /** The path with every symlink resolved, for `$realpath_root` (undefined when it does not resolve). */
  realpath?: (path: string) => string | undefined;
  /** The http block's `map`s. */
  maps?: ReadonlyMap<string, NginxMap>;
  /** The `valid_referers` lines in effect and the server's names, for `$invalid_referer`. */
  referers?: { lines: readonly Directive[]; serverNames: readonly string[] };
}

export interface Expansion {
  value: string;
  /** Variables the simulator does not know; they expand to the empty string, as unset ones do. */
  unknown: string[];
  /** Request headers the variables read that the request does not carry: empty, as nginx has them. */
  absentHeaders: string[];
}

/** `$name`, `${name}` and `$1`, expanded the way ngx_http_script does for these variables. */
export function expandVariables(text: string, scope: VariableScope): Expansion {
  // Most roots, aliases and index names name no variable, and each request expands several.
  if (!text.includes('$')) return { value: text, unknown: [], absentHeaders: [] };
  const unknown: string[] = [];
  const absentHeaders: string[] = [];
  const value = text.replace(/\$(?:\{(\w+)\}|(\d)|([A-Za-z_]\w*))/g, (_whole, braced?: string, digit?: string, plain?: string) => {
    const name = braced ?? digit ?? plain ?? '';
    const found = lookup(name, scope);
    if (found === undefined) unknown.push(name);
    else if (found === ABSENT) absentHeaders.push(name);
    return found === undefined || found === ABSENT ? '' : found;
  });
  return { value, unknown, absentHeaders };
}

/** A header variable of a request that does not send the header. */
const ABSENT = Symbol('absent header');

function lookup(name: string, scope: VariableScope): string | typeof ABSENT | undefined {
  if (/^\d+$/.test(name)) return scope.captures[Number(name)] ?? '';
  if (name in scope.namedCaptures) return scope.namedCaptures[name];
  const assigned = scope.assigned.get(name);
  if (assigned !== undefined) return assigned;
  const { request } = scope;
  switch (name) {
    case 'uri':
    case 'document_uri':
      return scope.uri;
    case 'request_uri':
      return scope.requestUri;
    case 'args':
    case 'query_string':
      return scope.args;
    case 'is_args':
      return scope.args === '' ? '' : '?';
    case 'host':
      return scope.host;
    case 'server_name':
      return scope.serverName ?? '';
    case 'document_root':
      return scope.documentRoot;
    case 'realpath_root':
      // A release directory behind a `current` symlink: the back end gets the resolved path.
      return scope.documentRoot === undefined ? undefined : (scope.realpath?.(scope.documentRoot) ?? scope.documentRoot);
    case 'request_filename':
      return scope.filenameOf?.(scope.uri);
    case 'request_method':
      return request.method;
    case 'scheme':
      return request.scheme;
    case 'https':
      return request.scheme === 'https' ? 'on' : '';
    case 'remote_addr':
    case 'binary_remote_addr':
      return name === 'remote_addr' ? request.clientIp : undefined;
    case 'server_port':
      return String(request.port);
    case 'server_protocol':
      return 'HTTP/1.1';
    case 'invalid_referer':
      return scope.referers ? invalidReferer(scope.referers.lines, scope.referers.serverNames, header(request, 'referer')) : '';
    case 'fastcgi_script_name':
      return fastcgiSplit(scope.uri, scope.fastcgi).scriptName;
    case 'fastcgi_path_info':
      return fastcgiSplit(scope.uri, scope.fastcgi).pathInfo;
  }
  // A client puts the port in Host unless it is the scheme's default.
  if (name === 'http_host') return header(request, 'host') ?? `${request.host}${request.port === (request.scheme === 'https' ? 443 : 80) ? '' : `:${request.port}`}`;
  if (name.startsWith('http_')) return header(request, name.slice(5).replaceAll('_', '-')) ?? ABSENT;
  if (name.startsWith('arg_')) return argument(scope.args, name.slice(4));
  if (name.startsWith('cookie_')) return cookie(header(request, 'cookie'), name.slice(7)) ?? ABSENT;
  const map = scope.maps?.get(name);
  return map && !map.hostnames ? mapped(name, map, scope) : undefined;
}

/** ngx_http_map_find: the source's value looked up as an exact key, then by each regex, else `default`. */
function mapped(name: string, map: NginxMap, scope: VariableScope): string | undefined {
  // A map that reads itself would never end (nginx logs a cycle): it is left out of its own source.
  const others = new Map([...(scope.maps ?? [])].filter(([other]) => other !== name));
  const source = expandVariables(map.source, { ...scope, maps: others });
  if (source.unknown.length > 0) return undefined;
  // geo values are literal text, unlike map values.
  if (map.networks) return geoValue(map.networks, source.value) ?? map.default;
  const exact = map.exact.get(source.value.toLowerCase());
  if (exact !== undefined) return known(expandVariables(exact, { ...scope, maps: others }));
  for (const { regex, value } of map.regexes) {
    const match = regex.exec(source.value);
    // The value may use the regex's own captures.
    if (match) return known(expandVariables(value, { ...scope, maps: others, captures: [...match].map((c) => c ?? ''), namedCaptures: { ...scope.namedCaptures, ...match.groups } }));
  }
  return known(expandVariables(map.default, { ...scope, maps: others }));
}

function known(result: Expansion): string | undefined {
  return result.unknown.length > 0 ? undefined : result.value;
}

/**
 * ngx_http_fastcgi_split: `fastcgi_split_path_info`'s two captures when its regex matches the
 * URI, else the whole URI and no path info; a script name ending in `/` gets `fastcgi_index`.
 */
export function fastcgiSplit(uri: string, fastcgi: FastcgiSettings): { scriptName: string; pathInfo: string } {
  const match = fastcgi.splitPathInfo?.exec(uri);
  const scriptName = match ? (match[1] ?? '') : uri;
  const pathInfo = match ? (match[2] ?? '') : '';
  return { scriptName: scriptName.endsWith('/') && fastcgi.index !== undefined ? scriptName + fastcgi.index : scriptName, pathInfo };
}

function header(request: HttpRequest, name: string): string | undefined {
  return Object.entries(request.headers ?? {}).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
}

/** `$arg_name`: the first `name=` of the query, case-insensitively, as ngx_http_arg finds it. */
function argument(args: string, name: string): string {
  for (const pair of args.split('&')) {
    const [key = '', value = ''] = pair.split(/=(.*)/s, 2);
    if (key.toLowerCase() === name.toLowerCase()) return value;
  }
  return '';
}

function cookie(value: string | undefined, name: string): string | undefined {
  for (const part of value?.split(';') ?? []) {
    const [key = '', rest = ''] = part.trim().split(/=(.*)/s, 2);
    if (key === name) return rest;
  }
  return undefined;
}
