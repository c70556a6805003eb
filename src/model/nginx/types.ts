import type { IpNetwork } from './ip-address.js';
import type { Directive, ParseDiagnostic } from '../../parse/ast.js';
import type { ServerSummary, WebUser } from '../types.js';

/** One `listen` socket: nginx keeps a wildcard and each explicit address of a port apart. */
export interface ListenAddress {
  /** `*` for a wildcard, an IPv4 address, or a bracketless IPv6 address (`::`, `::1`). */
  address: string;
  port: number;
  defaultServer: boolean;
  /** Absent when nginx's implicit `listen *:80` applies. */
  directive?: Directive;
}

export type ServerNamePattern =
  | { kind: 'exact'; name: string }
  /** `*.example.com` (`suffix` = `.example.com`) or `.example.com` (also matches `example.com`). */
  | { kind: 'leading-wildcard'; suffix: string; matchesBare: boolean }
  /** `www.example.*` (`prefix` = `www.example.`). */
  | { kind: 'trailing-wildcard'; prefix: string }
  | { kind: 'regex'; regex: RegExp };

export interface ServerName {
  text: string;
  pattern: ServerNamePattern;
  directive: Directive;
}

/** An `allow`/`deny` line; `network` absent means `all`. */
export interface AccessRule {
  action: 'allow' | 'deny';
  network?: { family: 4 | 6; address: bigint; prefixLength: number };
  directive: Directive;
}

export interface ErrorPage {
  codes: number[];
  /** `=404` replaces the status; bare `=` takes the status of the page's own answer. */
  override?: number | 'from-target';
  target: string;
  directive: Directive;
}

export type DisableSymlinks = { mode: 'off' | 'on' | 'if_not_owner'; from?: string; directive?: Directive };

/** Where a location's files come from: `root` appends the whole URI, `alias` replaces the location's prefix. */
export type DocumentRoot =
  | { kind: 'root'; path: string; directive?: Directive }
  /** `prefixLength` characters of the URI are replaced; a regex location's alias (`null`) replaces all of it. */
  | { kind: 'alias'; path: string; prefixLength: number | null; directive: Directive };

/**
 * The settings a request sees in one context after nginx's merge: inherited ones come from the
 * enclosing level unless this level sets them. `directive` points at where a value was set; it
 * is absent for nginx's built-in defaults.
 */
export interface NginxSettings {
  documentRoot: DocumentRoot;
  /** Replaced as a whole by a level that sets any `index` (its directives accumulate). */
  index: { files: string[]; directives: Directive[] };
  autoindex: { on: boolean; directive?: Directive };
  /** Replaced as a whole by a level with any `allow`/`deny` (ngx_http_access_merge_loc_conf). */
  accessRules: AccessRule[];
  satisfy: { mode: 'all' | 'any'; directive?: Directive };
  /** `null` realm is `auth_basic off` or unset. */
  authBasic: { realm: string | null; directive?: Directive };
  disableSymlinks: DisableSymlinks;
  errorPages: ErrorPage[];
  /** Not inherited: `try_files`, `return`, `internal`, `limit_except` act only where written. */
  tryFiles?: { candidates: string[]; fallback: string; directive: Directive };
  /** The first `return` of this level (what the rewrite phase ends with if no `rewrite` goes first). */
  returnAction?: ReturnAction;
  /** This level's `rewrite`, `return` and `break` in config order, as the rewrite phase runs them. */
  rewritePhase?: RewriteStep[];
  internal?: Directive;
  /**
   * A module that produces the response itself (`proxy_pass`, `fastcgi_pass`, ...): the
   * static, index and autoindex handlers are not reached. Set per location; only a
   * `limit_except` block inherits it.
   */
  contentHandler?: Directive;
  /** Directives the simulator does not evaluate (`auth_request`), for the trace. */
  unevaluated?: Directive[];
  /** `log_not_found off`: a missing file answers 404 without an error-log line. */
  logNotFound: { on: boolean; directive?: Directive };
  /** `merge_slashes off`: `//admin/` stays `//admin/` when locations are matched. */
  mergeSlashes: { on: boolean; directive?: Directive };
  /** The `valid_referers` lines of the innermost level that writes any, for `$invalid_referer`. */
  validReferers?: Directive[];
  fastcgi: FastcgiSettings;
  limitExcept?: { methods: string[]; settings: NginxSettings; directive: Directive };
}

/** What `$fastcgi_script_name` and `SCRIPT_FILENAME` are made of; inherited as nginx merges them. */
export interface FastcgiSettings {
  /** `fastcgi_split_path_info`: `$1` is the script name, `$2` the path info. */
  splitPathInfo?: RegExp;
  /** `fastcgi_index`, appended to a script name that ends in `/`. */
  index?: string;
  /** The last `fastcgi_param SCRIPT_FILENAME` of the level whose params apply, unexpanded. */
  scriptFilename?: string;
}

/**
 * The condition of an `if` (ngx_http_rewrite_if_condition): a variable that is neither empty
 * nor "0", a comparison, a regex match (its captures become `$1`...), or a file test on a
 * path. `unsupported` is a regex JavaScript cannot read.
 */
export type IfCondition =
  | { kind: 'variable'; operand: string }
  | { kind: 'compare'; operand: string; negate: boolean; value: string }
  | { kind: 'regex'; operand: string; negate: boolean; regex: RegExp }
  | { kind: 'file'; test: 'f' | 'd' | 'e' | 'x'; negate: boolean; operand: string }
  | { kind: 'unsupported'; text: string };

export interface ReturnAction {
  code: number;
  /** The body, or the redirect target for 3xx codes. */
  text?: string;
  directive: Directive;
}

export type RewriteStep =
  | ({ kind: 'return' } & ReturnAction)
  | {
      kind: 'rewrite';
      regex: RegExp;
      replacement: string;
      /** `last` searches locations again, `break` stays, `redirect`/`permanent` answer 302/301. */
      flag?: 'last' | 'break' | 'redirect' | 'permanent';
      directive: Directive;
    }
  | { kind: 'break'; directive: Directive }
  | { kind: 'set'; name: string; value: string; directive: Directive }
  /**
   * `if (...) { ... }`: its own rewrite steps run when the condition holds, and in a location
   * the request is then served with the block's settings (`try_files` is not inherited there).
   */
  | { kind: 'if'; condition: IfCondition; settings: NginxSettings; directive: Directive };

export type LocationModifier = 'prefix' | 'exact' | 'prefix-noregex' | 'regex' | 'regex-caseless' | 'named';

export interface NginxLocation {
  modifier: LocationModifier;
  /** The URI prefix, exact URI, regex source or `@name`, as written. */
  pattern: string;
  /** Compiled for `~` and `~*`; absent when the pattern is not a valid JavaScript regex. */
  regex?: RegExp;
  directive: Directive;
  settings: NginxSettings;
  /** Nested locations, in config order. */
  locations: NginxLocation[];
}

export interface NginxServer extends ServerSummary {
  dialect: 'nginx';
  block: Directive;
  listen: ListenAddress[];
  serverNames: ServerName[];
  /** What a request that matches no location sees (nginx uses the server's own location conf). */
  settings: NginxSettings;
  locations: NginxLocation[];
  namedLocations: ReadonlyMap<string, NginxLocation>;
}

/** `map $source $name { ... }` of the http block, evaluated when `$name` is read. */
export interface NginxMap {
  /** The source as written: a variable or a composition of variables. */
  source: string;
  /** Exact keys (lowercased) first, then the regexes in order, then `default` (ngx_http_map_find). */
  exact: ReadonlyMap<string, string>;
  regexes: ReadonlyArray<{ regex: RegExp; value: string }>;
  default: string;
  /** `hostnames` keys (wildcard host names) are not read: the value is then a guess. */
  hostnames: boolean;
  /**
   * A `geo` block: the source is an address looked up by the longest network holding it
   * (ngx_http_geo_module), `exact` and `regexes` are empty.
   */
  networks?: ReadonlyArray<{ network: IpNetwork; value: string }>;
  /** Whether the block writes `default`; without it nginx gives the empty string. */
  defaulted: boolean;
  directive: Directive;
}

export interface NginxModel {
  webUser: WebUser;
  servers: NginxServer[];
  /** The http block's `map`s by the name of the variable each defines. */
  maps: ReadonlyMap<string, NginxMap>;
  /** What the model could not take as nginx would; the parser's own diagnostics stay in ParsedConfig. */
  diagnostics: ParseDiagnostic[];
}
