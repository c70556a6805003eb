import { lastNamed, type ApacheModel, type ApacheSection, type ApacheServer } from '../../model/apache/index.js';
import type { Directive } from '../../parse/ast.js';
import type { HttpRequest, TraceStep } from '../types.js';
import { evaluateAccessCompat } from './access-compat.js';
import { coversMethod, evaluateRequire, type AuthzRequest } from './authz.js';
import { applySection, INITIAL_DIR_CONFIG, type DirConfig } from './dir-config.js';
import { applySetEnvIf } from './environment.js';
import type { UserFs } from './fs-as-user.js';
import { evaluateIf, type ExprRequest } from './if-expression.js';
import { searchMultiViews, typesConfigExtensions } from './negotiation.js';
import { filesMatches, locationMatches } from './section-match.js';
import { traceStep, where, type Outcome } from './trace.js';
import { applyRewrite, type RewriteContext } from './rewrite.js';
import { matchRedirect, translate, type UrlContext } from './translate.js';
import { directoryWalk, type WalkResult } from './walk.js';

/** Directives whose server-context form configures the server, not the per-directory defaults. */
const SERVER_CONTEXT_ONLY = /^(rewrite\w*|redirect\w*|setenvif\w*|browsermatch\w*)$/;
const SETENVIF = /^(setenvif|setenvifnocase|browsermatch|browsermatchnocase)$/;

/** Everything one request needs besides its URI. */
export interface RequestScope {
  model: ApacheModel;
  server: ApacheServer;
  userFs: UserFs;
  request: HttpRequest;
  localIp: string;
  clientHostNames: readonly string[];
  trace: TraceStep[];
  /** What the simulator guessed on the way; the verdict carries it. */
  uncertain: string[];
}

/** The URI a (sub-)request asks for, with its query: internal redirects change both. */
export interface RequestTarget {
  uri: string;
  query: string;
  /** A sub-request (DirectoryIndex candidate, FallbackResource): mod_rewrite's [NS] rules skip it. */
  subRequest: boolean;
  /** A RewriteRule with [END] ran earlier in this chain of internal redirects. */
  rewriteEnded?: boolean;
  /** After an internal redirect: the earlier pass's variables, renamed REDIRECT_*, and REDIRECT_STATUS. */
  redirectEnv?: ReadonlyMap<string, string>;
}

/** A request that made it through ap_process_request_internal: mapped, configured, authorized. */
export interface Looked {
  uri: string;
  /** The request's variables as SetEnvIf left them, for the fixup phase. */
  request: ExprRequest;
  walk: WalkResult;
  config: DirConfig;
  /** The first AH code logged on the way although access was granted (Satisfy Any). */
  loggedCause?: string;
  target: RequestTarget;
  env: Map<string, string>;
  /** The Alias (or DocumentRoot) that mapped the URI: mod_rewrite turns paths back into URLs with it. */
  context: UrlContext;
}

/** What the fixup phase decided: an answer, an internal redirect to run, or nothing (the handler runs). */
export type Fixup = { kind: 'answer'; outcome: Outcome } | { kind: 'redirect'; target: RequestTarget } | undefined;

/**
 * http_core answers TRACE itself at map_to_storage: after the server-context rewriting of
 * translate_name, before the directory walk, any `.htaccess` or any access check. It echoes
 * the request (200) under `TraceEnable on`, the default, and answers 405 under `off` (Debian's
 * security.conf), logging nothing either way.
 */
function answersTrace(server: ApacheServer, method: string, target: RequestTarget): { status: number; step: TraceStep } | undefined {
  if (method.toUpperCase() !== 'TRACE' || target.subRequest) return undefined;
  const setting = lastNamed(server.directives, 'traceenable');
  const off = setting?.args[0]?.value.toLowerCase() === 'off';
  const message = off ? 'http_core refuses TRACE (TraceEnable off) with 405 before the directory walk' : 'http_core answers TRACE itself (TraceEnable on) before the directory walk';
  return { status: off ? 405 : 200, step: traceStep('handler', `${message}: no <Directory>, .htaccess or access rule is consulted`, setting) };
}

/**
 * ap_process_request_internal: translate, the directory/files/location/if walks that build
 * the per-directory config, then access control (mod_access_compat, then mod_authz_core).
 * DirectoryIndex runs it again for each candidate as a sub-request.
 */
export function lookup(scope: RequestScope, target: RequestTarget): { ok: true; looked: Looked } | { ok: false; outcome: Outcome } {
  const { server, trace, model } = scope;
  const env = new Map<string, string>(target.redirectEnv ?? []);
  const { clientIp, method, host, headers = {} } = scope.request;
  const uri = target.uri;
  const request: ExprRequest = { clientIp, localIp: scope.localIp, method, uri, host, headers, query: target.query, env };
  // Server-context SetEnvIf runs at post_read_request, before anything else looks at the request.
  applySetEnvIf(server.directives.filter((d) => SETENVIF.test(d.lowerName)), request, env);
  const translated = translate(server, rewriteContext(scope, request, env, uri, '', target.subRequest), model.loadedModules);
  if (translated.kind === 'answer') return { ok: false, outcome: translated.outcome };
  // A server's own per-directory directives (Options, DirectoryIndex... outside any section)
  // are the defaults every section merges onto; a vhost's come after the main server's.
  // mod_rewrite, mod_alias and mod_setenvif keep their server-context lines apart.
  const perDirectory = (directives: readonly Directive[]): Directive[] => directives.filter((d) => !SERVER_CONTEXT_ONLY.test(d.lowerName));
  const mainDefaults = applySection(INITIAL_DIR_CONFIG, perDirectory(server.directives.slice(0, server.inheritedCount)), { allowOverride: false }).config;
  // Merged as two sections, so a vhost's DirectoryIndex replaces the main server's list.
  const base = applySection(mainDefaults, perDirectory(server.directives.slice(server.inheritedCount)), { allowOverride: false }).config;
  if (translated.kind === 'proxy') return proxied(scope, request, env, base, translated);
  if (translated.query !== undefined) request.query = translated.query;
  const traced = answersTrace(server, method, target);
  if (traced) {
    trace.push(traced.step);
    return { ok: false, outcome: { status: traced.status, cause: null } };
  }

  const walked = directoryWalk({ userFs: scope.userFs, loadedModules: model.loadedModules, trace, accessFileNames: accessFileNames(server) }, translated.filename, base, server.sections);
  if (!walked.ok) return walked;
  const walk = walked.walk;
  let config = walk.config;

  // ap_file_walk tests what follows r->filename's last slash: nothing for a directory asked with one.
  const basename = walk.type === 'dir' && uri.endsWith('/') ? '' : walk.filename.replace(/^.*\//, '');
  const files = [...server.sections.filter((s) => s.kind === 'files'), ...walk.nestedFiles.filter((s) => s.kind === 'files')];
  for (const section of files) {
    if (!filesMatches(section, basename)) continue;
    config = apply(config, section, `matches ${basename}`, trace);
  }
  config = locationAndIf(scope, config, request, walk.nestedFiles);
  // Per-directory SetEnvIf runs in the header_parser phase, still before access control.
  applySetEnvIf(config.setEnvIf, request, env);

  const authz: AuthzRequest = { ...request, clientHostNames: scope.clientHostNames };
  const decided = authorize(config, authz, walk, { trace, uncertain: scope.uncertain }, scope.userFs.who.name);
  if (!decided.ok) return decided;
  if (walk.type === 'missing' && config.options.effective.has('MultiViews') && model.loadedModules.has('negotiation_module')) {
    const refused = multiViews(scope, walk.filename, config);
    if (refused) return { ok: false, outcome: refused };
  }
  const context = translated.context ?? { prefix: '/', root: server.documentRoot };
  return { ok: true, looked: { uri, request, walk, config, target, env, context, ...(decided.loggedCause ? { loggedCause: decided.loggedCause } : {}) } };
}

/** The `<Location>` walk, then `<If>` and its `<ElseIf>`/`<Else>` only when no earlier branch of the same chain held. */
function locationAndIf(scope: RequestScope, start: DirConfig, request: ExprRequest, nested: readonly ApacheSection[]): DirConfig {
  const { server, trace } = scope;
  let config = start;
  for (const section of server.sections.filter((s) => s.kind === 'location')) {
    if (!locationMatches(section, request.uri)) continue;
    config = apply(config, section, `matches ${request.uri}`, trace);
  }
  const ifs: ApacheSection[] = [...server.sections.filter((s) => s.kind === 'if'), ...nested.filter((s) => s.kind === 'if')];
  let chainHeld = false;
  for (const section of ifs) {
    if (section.branch !== 'if' && chainHeld) continue;
    const holds = section.branch === 'else' ? true : evaluateIf(section.pattern, request);
    if (holds === undefined) {
      const message = `<${section.block.name} ${section.pattern}> at ${where(section.block)} is not evaluated; taken as false`;
      trace.push(traceStep('if-unsupported', message, section.block));
      scope.uncertain.push(message);
    }
    chainHeld = (section.branch !== 'if' && chainHeld) || holds === true;
    if (holds) config = apply(config, section, 'holds', trace);
  }
  return config;
}

/**
 * A request mod_proxy took at translate_name: its map_to_storage skips the directory and file
 * walks (no `<Directory>`, `<Files>` or `.htaccess` applies), but `<Location>` and `<If>` still
 * do, and so does access control; what passes is the back end's to answer.
 */
function proxied(scope: RequestScope, request: ExprRequest, env: Map<string, string>, base: DirConfig, { target: backend, by }: { target: string; by: Directive }): { ok: false; outcome: Outcome } {
  const config = locationAndIf(scope, base, request, []);
  applySetEnvIf(config.setEnvIf, request, env);
  const walk: WalkResult = { config, filename: backend, pathInfo: '', type: 'missing', readable: false, nestedFiles: [] };
  const decided = authorize(config, { ...request, clientHostNames: scope.clientHostNames }, walk, { trace: scope.trace, uncertain: scope.uncertain }, scope.userFs.who.name);
  if (!decided.ok) return decided;
  scope.trace.push(traceStep('backend', `mod_proxy hands ${request.uri} to ${backend}; what it answers is the back end's`, by));
  return { ok: false, outcome: { status: 200, cause: null, path: backend } };
}

/**
 * mod_negotiation's type checker, which runs after access control and before the fixups: a
 * missing file whose siblings `<name>.*` are none of them a variant is a 404 (AH00687); with a
 * variant, which one is served is not modelled and said so.
 */
function multiViews(scope: RequestScope, filename: string, config: DirConfig): Outcome | undefined {
  const typesConfig = lastNamed(scope.server.directives, 'typesconfig')?.args[0]?.value;
  const fromFile = typesConfig?.startsWith('/') ? typesConfigExtensions(scope.userFs.fs, typesConfig) : undefined;
  const search = searchMultiViews(scope.userFs, filename, new Set([...(fromFile ?? []), ...config.mimeExtensions]));
  if (search.kind === 'no-match') return undefined;
  if (search.kind === 'none-negotiable' && fromFile) {
    scope.trace.push(traceStep('multiviews', `Options MultiViews: ${search.siblings.join(', ')} match ${filename} but mod_mime knows none of their extensions: "None could be negotiated"`, config.optionsSource));
    return { status: 404, cause: 'AH00687', path: filename, fix: `turn MultiViews off (Options -MultiViews) where ${filename} is requested` };
  }
  const message = `Options MultiViews is on and ${filename} does not exist: which of ${search.kind === 'variants' ? search.variants.join(', ') : search.siblings.join(', ')} mod_negotiation serves is not modelled`;
  scope.trace.push(traceStep('multiviews', message, config.optionsSource));
  scope.uncertain.push(message);
  return undefined;
}

/** AccessFileName (core, per server): the names of the per-directory files; `.htaccess` by default. */
export function accessFileNames(server: ApacheServer): string[] {
  const names = lastNamed(server.directives, 'accessfilename')?.args.map((a) => a.value);
  return names && names.length > 0 ? names : ['.htaccess'];
}

function rewriteContext(scope: RequestScope, request: ExprRequest, env: Map<string, string>, filename: string, pathInfo: string, subRequest: boolean): RewriteContext {
  const { scheme, port } = scope.request;
  return { request, scheme, port, filename, pathInfo, documentRoot: scope.server.documentRoot, userFs: scope.userFs, trace: scope.trace, uncertain: scope.uncertain, subRequest, env };
}

function apply(config: DirConfig, section: ApacheSection, why: string, trace: TraceStep[]): DirConfig {
  trace.push(traceStep('section-applied', `<${section.block.name} ${section.pattern}> ${why} (${where(section.block)})`, section.block));
  return applySection(config, section.directives, { allowOverride: false }).config;
}

/**
 * The access phases of ap_process_request_internal. With `Satisfy All` (the default)
 * mod_access_compat must allow (else AH01797) and then mod_authz_core must grant (else
 * AH01630); with `Satisfy Any` either is enough. A requirement that needs a user sends the
 * request to authentication: 401 when an AuthType is configured.
 */
function authorize(config: DirConfig, request: AuthzRequest, walk: WalkResult, { trace, uncertain }: { trace: TraceStep[]; uncertain: string[] }, webUser: string): { ok: true; loggedCause?: string } | { ok: false; outcome: Outcome } {
  const path = walk.filename;
  const compat = config.access ? evaluateAccessCompat(config.access, request) : { allowed: true };
  if (config.access) {
    const at = compat.decisive ?? config.access.directives[0];
    trace.push(traceStep('access-compat', `Order/Allow/Deny ${compat.allowed ? 'allow' : 'deny'} ${request.clientIp}${at ? ` (${where(at)})` : ''}`, at));
  }
  let loggedCause: string | undefined;
  if (!compat.allowed) {
    if (config.satisfy === 'all') {
      const by = compat.decisive ?? config.access?.directives[0];
      return {
        ok: false,
        outcome: { status: 403, cause: 'AH01797', path, fix: `allow ${request.clientIp} in the Allow from lines, or replace Order/Allow/Deny with Require`, ...(by ? { decidedBy: by.loc } : {}) },
      };
    }
    loggedCause = 'AH01797';
  } else if (config.satisfy === 'any') {
    // With no Order/Allow/Deny at all mod_access_compat allows too, so Satisfy Any lets everyone in.
    trace.push(traceStep('authz', 'Satisfy Any: the host-based access is enough', config.satisfySource));
    return { ok: true };
  }

  if (!config.require || !coversMethod(config.require, request.method)) {
    if (config.authType) {
      trace.push(traceStep('authz', 'AuthType is set but no Require applies', config.authType));
      return { ok: false, outcome: { status: 500, cause: loggedCause ?? 'AH01627', path, fix: `add a Require next to the AuthType at ${where(config.authType)}` } };
    }
    trace.push(traceStep('authz', 'no Require applies: access granted'));
    return { ok: true, ...(loggedCause ? { loggedCause } : {}) };
  }
  const decision = evaluateRequire(config.require, request);
  for (const d of decision.unsupported) {
    const message = `Require ${d.args.map((a) => a.value).join(' ')} at ${where(d)} cannot be decided statically; taken as neutral`;
    trace.push(traceStep('authz-unsupported', message, d));
    uncertain.push(message);
  }
  loggedCause ??= decision.logged[0];
  const decisive = decision.decisive ?? config.require.directive;
  trace.push(traceStep('authz', `Require ${decision.result} at ${where(decisive)}`, decisive));
  switch (decision.result) {
    case 'granted':
      return { ok: true, ...(loggedCause ? { loggedCause } : {}) };
    case 'denied-no-user':
      if (config.authType) return { ok: false, outcome: { status: 401, cause: loggedCause ?? null, path, decidedBy: decisive.loc } };
      return { ok: false, outcome: { status: 500, cause: loggedCause ?? 'AH00027', path, fix: 'add AuthType, AuthName and an AuthUserFile next to the Require that needs a user', decidedBy: decisive.loc } };
    default:
      return {
        ok: false,
        outcome: {
          status: 403,
          cause: loggedCause ?? 'AH01630',
          path,
          fix: `change the Require at ${where(decisive)} (e.g. Require all granted) if ${webUser}'s visitors should reach ${path}`,
          decidedBy: decisive.loc,
        },
      };
  }
}

/**
 * The fixup phase for per-directory mod_rewrite and mod_alias: rules from <Directory> and
 * .htaccess see the path below their directory (the directory itself is the empty string),
 * and need FollowSymLinks or SymLinksIfOwnerMatch (AH00670). A substitution is an internal
 * redirect: the path is turned back into a URL (RewriteBase, else the DocumentRoot is
 * stripped) and the request runs again from the start.
 */
export function fixups(scope: RequestScope, looked: Looked): Fixup {
  const { config, walk, target } = looked;
  const { trace } = scope;
  if (config.rewrite.engine && config.rewrite.rules.length > 0 && scope.model.loadedModules.has('rewrite_module') && !target.rewriteEnded) {
    const opts = config.options.effective;
    if (!opts.has('FollowSymLinks') && !opts.has('SymLinksIfOwnerMatch')) {
      trace.push(traceStep('rewrite', 'per-directory RewriteRules need Options FollowSymLinks or SymLinksIfOwnerMatch', config.rewrite.engineDirective));
      const by = config.optionsSource ?? config.rewrite.engineDirective;
      return { kind: 'answer', outcome: { status: 403, cause: 'AH00670', path: walk.filename, fix: 'add Options +FollowSymLinks (or +SymLinksIfOwnerMatch) where the RewriteRules are', ...(by ? { decidedBy: by.loc } : {}) } };
    }
    const filename = walk.type === 'dir' && looked.uri.endsWith('/') ? `${walk.filename.replace(/\/$/, '')}/` : walk.filename;
    const directory = config.rewrite.directory ?? '/';
    const full = filename + walk.pathInfo;
    const subject = full.startsWith(directory) ? full.slice(directory.length) : full;
    const ctx = rewriteContext(scope, looked.request, looked.env, walk.filename, walk.pathInfo, target.subRequest);
    const result = applyRewrite(config.rewrite, subject, ctx);
    if (result?.kind === 'answer') return result;
    if (result?.kind === 'proxy') {
      trace.push(traceStep('backend', `mod_proxy hands the request to ${result.target}; what it answers is the back end's`, result.rule));
      return { kind: 'answer', outcome: { status: 200, cause: null, path: result.target } };
    }
    if (result?.kind === 'rewritten') {
      const path = result.target.startsWith('/') ? result.target : directory + result.target;
      // httpd compares the filename only: a rule that just adds a query (Drupal's install.php) is ignored too.
      if (path === full) {
        trace.push(traceStep('rewrite', `${path} is what the request already names: mod_rewrite ignores the rewrite`, result.rule));
      } else {
        const uri = urlOf(path, directory, config.rewrite.base, looked.context);
        trace.push(traceStep('internal-redirect', `mod_rewrite redirects internally to ${uri}${result.query ? `?${result.query}` : ''}`, result.rule));
        return { kind: 'redirect', target: { uri, query: result.query ?? target.query, subRequest: target.subRequest, rewriteEnded: result.end, redirectEnv: redirectEnv(looked.env) } };
      }
    }
  }
  for (const d of config.redirects) {
    const redirect = matchRedirect(d, looked.uri, target.query);
    if (redirect) {
      trace.push(traceStep('redirect', `${d.name} at ${where(d)} answers ${redirect.status}`, d));
      return { kind: 'answer', outcome: { status: redirect.status, cause: null, decidedBy: d.loc } };
    }
  }
  return undefined;
}

/** ap_internal_redirect's rename_original_env: every variable gains REDIRECT_, and REDIRECT_STATUS is set. */
function redirectEnv(env: ReadonlyMap<string, string>): Map<string, string> {
  return new Map([...[...env].map(([name, value]): [string, string] => [`REDIRECT_${name}`, value]), ['REDIRECT_STATUS', '200']]);
}

/**
 * hook_fixup's way back from a path to a URL: with RewriteBase the rules' directory is replaced
 * by it; without, the context's directory (the Alias target, else the DocumentRoot) is replaced
 * by its URL prefix; a path outside both stays as it is and usually maps nowhere.
 */
function urlOf(path: string, directory: string, base: string | undefined, context: UrlContext): string {
  if (base !== undefined && path.startsWith(directory)) return `${base.replace(/\/$/, '')}/${path.slice(directory.length)}`;
  const root = context.root.replace(/\/$/, '');
  if (path.startsWith(`${root}/`)) return context.prefix.replace(/\/$/, '') + path.slice(root.length);
  return path;
}
