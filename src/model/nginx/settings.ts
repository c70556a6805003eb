import { posix } from 'node:path';
import { effectiveDirectives, type Directive, type ParseDiagnostic } from '../../parse/ast.js';
import { directiveDiagnostic } from './diagnostics.js';
import { parseIpNetwork } from './ip-address.js';
import { compilePcre } from './pcre.js';
import type { AccessRule, DisableSymlinks, ErrorPage, FastcgiSettings, IfCondition, NginxSettings, ReturnAction, RewriteStep } from './types.js';

/** Directives that make a location's content phase produce the response itself (clcf->handler). */
const CONTENT_HANDLERS = new Set([
  'proxy_pass',
  'fastcgi_pass',
  'uwsgi_pass',
  'scgi_pass',
  'grpc_pass',
  'memcached_pass',
  'empty_gif',
  'stub_status',
  'perl',
  'js_content',
  'content_by_lua',
  'content_by_lua_block',
  'content_by_lua_file',
]);

/** Directives whose outcome depends on what the simulator cannot know: access decided by a subrequest. */
const UNEVALUATED = new Set(['auth_request']);

/** Which block a directive list belongs to; it decides what is inherited and what is local. */
export type SettingsLevel =
  | { kind: 'http' | 'server' }
  | { kind: 'location'; prefixLength: number | null }
  | { kind: 'limit_except' }
  /** The block of an `if`: it inherits the content handler, as limit_except does. */
  | { kind: 'if' };

export interface SettingsContext {
  /** nginx's prefix: relative `root`/`alias` paths resolve against it (`-p`, or the build's). */
  prefix: string;
  diagnostics: ParseDiagnostic[];
}

/** nginx's built-in defaults: `root html`, `index index.html`, everything else off. */
export function defaultSettings(prefix: string): NginxSettings {
  return {
    documentRoot: { kind: 'root', path: posix.join(prefix, 'html') },
    index: { files: ['index.html'], directives: [] },
    autoindex: { on: false },
    accessRules: [],
    satisfy: { mode: 'all' },
    authBasic: { realm: null },
    disableSymlinks: { mode: 'off' },
    errorPages: [],
    logNotFound: { on: true },
    mergeSlashes: { on: true },
    fastcgi: {},
  };
}

/** One level's directives, sorted in a single pass by the part they play in the merge. */
interface LevelDirectives {
  index: Directive[];
  access: Directive[];
  errorPages: Directive[];
  /** `rewrite`, `return`, `break`, `set` and `if`, in config order. */
  rewrites: Directive[];
  unevaluated: Directive[];
  fastcgiParams: Directive[];
  validReferers: Directive[];
  logNotFound?: Directive;
  mergeSlashes?: Directive;
  fastcgiSplitPathInfo?: Directive;
  fastcgiIndex?: Directive;
  /** The last `root` or `alias`, the last of each scalar directive: the one nginx keeps. */
  documentRoot?: Directive;
  autoindex?: Directive;
  satisfy?: Directive;
  authBasic?: Directive;
  disableSymlinks?: Directive;
  tryFiles?: Directive;
  /** The first of these: nginx refuses a duplicate, so a second one never takes effect. */
  internal?: Directive;
  limitExcept?: Directive;
  contentHandler?: Directive;
}

function sortLevel(directives: readonly Directive[]): LevelDirectives {
  const own: LevelDirectives = { index: [], access: [], errorPages: [], rewrites: [], unevaluated: [], fastcgiParams: [], validReferers: [] };
  for (const directive of directives) {
    const { name } = directive;
    switch (name) {
      case 'index':
        own.index.push(directive);
        break;
      case 'allow':
      case 'deny':
        own.access.push(directive);
        break;
      case 'error_page':
        own.errorPages.push(directive);
        break;
      case 'rewrite':
      case 'return':
      case 'break':
      case 'set':
      case 'if':
        own.rewrites.push(directive);
        break;
      case 'valid_referers':
        own.validReferers.push(directive);
        break;
      case 'log_not_found':
        own.logNotFound = directive;
        break;
      case 'merge_slashes':
        own.mergeSlashes = directive;
        break;
      case 'fastcgi_split_path_info':
        own.fastcgiSplitPathInfo = directive;
        break;
      case 'fastcgi_index':
        own.fastcgiIndex = directive;
        break;
      case 'fastcgi_param':
        own.fastcgiParams.push(directive);
        break;
      case 'root':
      case 'alias':
        own.documentRoot = directive;
        break;
      case 'autoindex':
        own.autoindex = directive;
        break;
      case 'satisfy':
        own.satisfy = directive;
        break;
      case 'auth_basic':
        own.authBasic = directive;
        break;
      case 'disable_symlinks':
        own.disableSymlinks = directive;
        break;
      case 'try_files':
        own.tryFiles = directive;
        break;
      case 'internal':
        own.internal ??= directive;
        break;
      case 'limit_except':
        if (directive.children) own.limitExcept ??= directive;
        break;
    }
    if (UNEVALUATED.has(name)) own.unevaluated.push(directive);
    else if (CONTENT_HANDLERS.has(name)) own.contentHandler ??= directive;
  }
  return own;
}

/**
 * The settings of a block after nginx's merge with its parent (ngx_http_core_merge_loc_conf and
 * the modules' merge functions): scalar values and `root`/`alias` are inherited unless set;
 * array directives (`index`, `allow`/`deny`, `error_page`) are inherited only when this level
 * sets none of them, never merged; `try_files`, `return`, `internal`, `limit_except` and the
 * content handler stay where they are written.
 */
export function mergeSettings(parent: NginxSettings, directives: readonly Directive[], level: SettingsLevel, context: SettingsContext): NginxSettings {
  const own = sortLevel(directives);
  const settings: NginxSettings = {
    documentRoot: documentRoot(parent, own.documentRoot, level, context),
    index: own.index.length > 0 ? { files: own.index.flatMap((d) => d.args.map((a) => a.value)), directives: own.index } : parent.index,
    autoindex: flag(own.autoindex) ?? parent.autoindex,
    accessRules: own.access.length > 0 ? own.access.flatMap((d) => accessRule(d, context)) : parent.accessRules,
    satisfy: satisfy(own.satisfy) ?? parent.satisfy,
    authBasic: authBasic(own.authBasic) ?? parent.authBasic,
    disableSymlinks: disableSymlinks(own.disableSymlinks, context) ?? parent.disableSymlinks,
    errorPages: own.errorPages.length > 0 ? own.errorPages.flatMap((d) => errorPage(d, context)) : parent.errorPages,
    logNotFound: flag(own.logNotFound) ?? parent.logNotFound,
    mergeSlashes: flag(own.mergeSlashes) ?? parent.mergeSlashes,
    fastcgi: fastcgi(parent.fastcgi, own),
  };
  // ngx_http_referer_merge_conf: a level with no valid_referers takes its parent's lists whole.
  const validReferers = own.validReferers.length > 0 ? own.validReferers : parent.validReferers;
  if (validReferers) settings.validReferers = validReferers;
  const inLocation = level.kind === 'location';
  const ownHandler = level.kind === 'server' || level.kind === 'http' ? undefined : own.contentHandler;
  // Content handlers follow into a limit_except block (ngx_http_proxy_merge_loc_conf and its
  // siblings copy the handler into it); try_files does not.
  const contentHandler = level.kind === 'limit_except' || level.kind === 'if' ? (ownHandler ?? parent.contentHandler) : ownHandler;
  const { tryFiles } = own;
  if (tryFiles && tryFiles.args.length >= 2) {
    settings.tryFiles = { candidates: tryFiles.args.slice(0, -1).map((a) => a.value), fallback: tryFiles.args.at(-1)?.value ?? '', directive: tryFiles };
  }
  if (inLocation && own.internal) settings.internal = own.internal;
  if (contentHandler) settings.contentHandler = contentHandler;
  if (own.unevaluated.length > 0) settings.unevaluated = own.unevaluated;
  // An `if` block's settings inherit this level's, so they are built once it is complete.
  const rewritePhase = own.rewrites.flatMap((d) => rewriteStep(d, settings, context));
  const firstReturn = rewritePhase.find((step) => step.kind === 'return');
  if (firstReturn) settings.returnAction = firstReturn;
  if (rewritePhase.length > 0) settings.rewritePhase = rewritePhase;
  const limitExcept = inLocation ? own.limitExcept : undefined;
  if (limitExcept) {
    settings.limitExcept = {
      methods: limitExcept.args.map((a) => a.value.toUpperCase()),
      // ngx_http_core_limit_except builds a nested location conf: it inherits from this one
      // (what is not inherited, such as try_files, is not read from a parent).
      settings: mergeSettings(settings, [...effectiveDirectives(limitExcept.children ?? [])], { kind: 'limit_except' }, context),
      directive: limitExcept,
    };
  }
  return settings;
}

function documentRoot(parent: NginxSettings, directive: Directive | undefined, level: SettingsLevel, context: SettingsContext): NginxSettings['documentRoot'] {
  if (!directive) return parent.documentRoot;
  const path = absolute(directive.args[0]?.value ?? '', context.prefix);
  if (directive.name === 'root') return { kind: 'root', path, directive };
  if (level.kind !== 'location') {
    context.diagnostics.push(directiveDiagnostic('alias-outside-location', '"alias" is only allowed in a location', directive, 'error'));
    return parent.documentRoot;
  }
  return { kind: 'alias', path, prefixLength: level.prefixLength, directive };
}

/** Relative paths are relative to the prefix; variables are left for request time. */
function absolute(path: string, prefix: string): string {
  return path.startsWith('/') || path.startsWith('$') ? path : posix.join(prefix, path);
}

function flag(directive: Directive | undefined): { on: boolean; directive: Directive } | undefined {
  return directive ? { on: directive.args[0]?.value === 'on', directive } : undefined;
}

function satisfy(directive: Directive | undefined): NginxSettings['satisfy'] | undefined {
  return directive ? { mode: directive.args[0]?.value === 'any' ? 'any' : 'all', directive } : undefined;
}

function authBasic(directive: Directive | undefined): NginxSettings['authBasic'] | undefined {
  if (!directive) return undefined;
  const realm = directive.args[0]?.value ?? 'off';
  return { realm: realm === 'off' ? null : realm, directive };
}

function accessRule(directive: Directive, context: SettingsContext): AccessRule[] {
  const action = directive.name === 'allow' ? 'allow' : 'deny';
  const source = directive.args[0]?.value ?? '';
  if (source === 'all') return [{ action, directive }];
  if (source.startsWith('unix:')) return [];
  const network = parseIpNetwork(source);
  if (network === undefined) {
    context.diagnostics.push(directiveDiagnostic('invalid-access-address', `invalid parameter "${source}"`, directive, 'error'));
    return [];
  }
  return [{ action, network, directive }];
}

function disableSymlinks(directive: Directive | undefined, context: SettingsContext): DisableSymlinks | undefined {
  if (!directive) return undefined;
  const [mode = 'off', ...options] = directive.args.map((a) => a.value);
  if (mode !== 'off' && mode !== 'on' && mode !== 'if_not_owner') {
    context.diagnostics.push(directiveDiagnostic('invalid-disable-symlinks', `invalid value "${mode}"`, directive, 'error'));
    return undefined;
  }
  const from = options.find((o) => o.startsWith('from='))?.slice('from='.length);
  return from === undefined ? { mode, directive } : { mode, from, directive };
}

function errorPage(directive: Directive, context: SettingsContext): ErrorPage[] {
  const values = directive.args.map((a) => a.value);
  const target = values.at(-1);
  const codes: number[] = [];
  let override: ErrorPage['override'];
  for (const value of values.slice(0, -1)) {
    if (/^\d{3}$/.test(value)) codes.push(Number(value));
    else if (value === '=') override = 'from-target';
    else if (/^=\d{3}$/.test(value)) override = Number(value.slice(1));
    else context.diagnostics.push(directiveDiagnostic('invalid-error-page', `invalid value "${value}"`, directive, 'error'));
  }
  if (target === undefined || codes.length === 0) return [];
  return [{ codes, ...(override === undefined ? {} : { override }), target, directive }];
}

/** One step of the rewrite phase; a `return` or `rewrite` nginx would refuse is reported and left out. */
function rewriteStep(directive: Directive, settings: NginxSettings, context: SettingsContext): RewriteStep[] {
  if (directive.name === 'break') return [{ kind: 'break', directive }];
  if (directive.name === 'set') {
    const [name = '', value = ''] = directive.args.map((a) => a.value);
    return name.startsWith('$') ? [{ kind: 'set', name: name.slice(1), value, directive }] : [];
  }
  if (directive.name === 'if') {
    if (!directive.children) return [];
    // ngx_http_rewrite_if builds a location conf of its own that inherits the enclosing one.
    const body = mergeSettings(settings, [...effectiveDirectives(directive.children)], { kind: 'if' }, context);
    return [{ kind: 'if', condition: parseIfCondition(directive, context), settings: body, directive }];
  }
  if (directive.name === 'return') {
    const action = returnAction(directive, context);
    return action ? [{ kind: 'return', ...action }] : [];
  }
  if (directive.name !== 'rewrite') return [];
  const [pattern = '', replacement = '', flag] = directive.args.map((a) => a.value);
  const regex = compilePcre(pattern, false);
  if (regex === undefined) {
    context.diagnostics.push(directiveDiagnostic('unsupported-rewrite-regex', `rewrite regex "${pattern}" uses syntax forbidlint cannot evaluate; the rewrite is left out`, directive));
    return [];
  }
  const flags = ['last', 'break', 'redirect', 'permanent'] as const;
  const known = flags.find((f) => f === flag);
  return [{ kind: 'rewrite', regex, replacement, ...(known ? { flag: known } : {}), directive }];
}

function returnAction(directive: Directive, context: SettingsContext): ReturnAction | undefined {
  const [first = '', second] = directive.args.map((a) => a.value);
  if (/^\d{3}$/.test(first)) return { code: Number(first), ...(second === undefined ? {} : { text: second }), directive };
  // `return URL;` is a 302 to that URL.
  if (/^(https?:\/\/|\$scheme)/.test(first)) return { code: 302, text: first, directive };
  context.diagnostics.push(directiveDiagnostic('invalid-return-code', `invalid return code "${first}"`, directive, 'error'));
  return undefined;
}

/** fastcgi_split_path_info and fastcgi_index are inherited; params only from the nearest level that has any. */
function fastcgi(parent: FastcgiSettings, own: LevelDirectives): FastcgiSettings {
  const split = own.fastcgiSplitPathInfo?.args[0]?.value;
  const splitPathInfo = split === undefined ? parent.splitPathInfo : compilePcre(split, false);
  const index = own.fastcgiIndex?.args[0]?.value ?? parent.index;
  const scriptFilename =
    own.fastcgiParams.length > 0 ? own.fastcgiParams.findLast((d) => d.args[0]?.value === 'SCRIPT_FILENAME')?.args[1]?.value : parent.scriptFilename;
  return {
    ...(splitPathInfo === undefined ? {} : { splitPathInfo }),
    ...(index === undefined ? {} : { index }),
    ...(scriptFilename === undefined ? {} : { scriptFilename }),
  };
}

const FILE_TESTS: ReadonlyMap<string, Extract<IfCondition, { kind: 'file' }>['test']> = new Map([
  ['-f', 'f'],
  ['-d', 'd'],
  ['-e', 'e'],
  ['-x', 'x'],
]);

/**
 * The words between the parentheses of `if`, as ngx_http_rewrite_if_condition reads them:
 * `$var`, `$var = text`, `$var != text`, `$var ~ re` (`~*`, `!~`, `!~*`), `-f path` and its
 * siblings, each negated by `!`.
 */
function parseIfCondition(directive: Directive, context: SettingsContext): IfCondition {
  // The parentheses are words of their own or glued to the first and last; `""` is an operand.
  const parts = directive.args.map((a) => a.value);
  if (parts[0] === '(') parts.shift();
  else parts[0] = (parts[0] ?? '').replace(/^\(/, '');
  if (parts.at(-1) === ')') parts.pop();
  else parts[parts.length - 1] = (parts.at(-1) ?? '').replace(/\)$/, '');
  const text = parts.join(' ');
  const [first = '', second, third] = parts;
  if (parts.length === 1) return { kind: 'variable', operand: first };
  if (parts.length === 2 && second !== undefined) {
    const negate = first.startsWith('!');
    const test = FILE_TESTS.get(negate ? first.slice(1) : first);
    if (test) return { kind: 'file', test, negate, operand: second };
  }
  if (parts.length === 3 && second !== undefined && third !== undefined) {
    if (second === '=' || second === '!=') return { kind: 'compare', operand: first, negate: second === '!=', value: third };
    const match = /^(!?)~(\*?)$/.exec(second);
    if (match) {
      const regex = compilePcre(third, match[2] === '*');
      if (regex) return { kind: 'regex', operand: first, negate: match[1] === '!', regex };
    }
  }
  context.diagnostics.push(directiveDiagnostic('unsupported-if-condition', `if condition "${text}" uses syntax forbidlint cannot evaluate; it is taken as false`, directive));
  return { kind: 'unsupported', text };
}
