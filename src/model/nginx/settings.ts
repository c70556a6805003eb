import { posix } from 'node:path';
import { effectiveDirectives, type Directive, type ParseDiagnostic } from '../../parse/ast.js';
import { directiveDiagnostic } from './diagnostics.js';
import { parseIpNetwork } from './ip-address.js';
import { compilePcre } from './pcre.js';
import type { AccessRule, DisableSymlinks, ErrorPage, NginxSettings, ReturnAction, RewriteStep } from './types.js';

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

/**
 * Directives whose outcome depends on what the simulator cannot know: conditions and
 * assignments of the rewrite module, and access decided by a subrequest (`auth_request`).
 */
const UNEVALUATED = new Set(['if', 'set', 'auth_request']);

/** Which block a directive list belongs to; it decides what is inherited and what is local. */
export type SettingsLevel =
  | { kind: 'http' | 'server' }
  | { kind: 'location'; prefixLength: number | null }
  | { kind: 'limit_except' };

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
  };
}

/** One level's directives, sorted in a single pass by the part they play in the merge. */
interface LevelDirectives {
  index: Directive[];
  access: Directive[];
  errorPages: Directive[];
  /** `rewrite`, `return` and `break`, in config order. */
  rewrites: Directive[];
  unevaluated: Directive[];
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
  const own: LevelDirectives = { index: [], access: [], errorPages: [], rewrites: [], unevaluated: [] };
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
        own.rewrites.push(directive);
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
  };
  const inLocation = level.kind === 'location';
  const ownHandler = level.kind === 'server' || level.kind === 'http' ? undefined : own.contentHandler;
  // Content handlers follow into a limit_except block (ngx_http_proxy_merge_loc_conf and its
  // siblings copy the handler into it); try_files does not.
  const contentHandler = level.kind === 'limit_except' ? (ownHandler ?? parent.contentHandler) : ownHandler;
  const rewritePhase = own.rewrites.flatMap((d) => rewriteStep(d, context));
  const firstReturn = rewritePhase.find((step) => step.kind === 'return');
  const { tryFiles } = own;
  if (tryFiles && tryFiles.args.length >= 2) {
    settings.tryFiles = { candidates: tryFiles.args.slice(0, -1).map((a) => a.value), fallback: tryFiles.args.at(-1)?.value ?? '', directive: tryFiles };
  }
  if (firstReturn) settings.returnAction = firstReturn;
  if (rewritePhase.length > 0) settings.rewritePhase = rewritePhase;
  if (inLocation && own.internal) settings.internal = own.internal;
  if (contentHandler) settings.contentHandler = contentHandler;
  if (own.unevaluated.length > 0) settings.unevaluated = own.unevaluated;
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
function rewriteStep(directive: Directive, context: SettingsContext): RewriteStep[] {
  if (directive.name === 'break') return [{ kind: 'break', directive }];
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
