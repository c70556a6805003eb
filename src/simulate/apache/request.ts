import type { ApacheModel, ApacheSection, ApacheServer } from '../../model/apache/index.js';
import type { HttpRequest, TraceStep } from '../types.js';
import { evaluateAccessCompat } from './access-compat.js';
import { coversMethod, evaluateRequire, type AuthzRequest } from './authz.js';
import { applySection, INITIAL_DIR_CONFIG, type DirConfig } from './dir-config.js';
import { applySetEnvIf } from './environment.js';
import type { UserFs } from './fs-as-user.js';
import { evaluateIf, type ExprRequest } from './if-expression.js';
import { filesMatches, locationMatches } from './section-match.js';
import { traceStep, where, type Outcome } from './trace.js';
import { applyRewrite, matchRedirect, translate } from './translate.js';
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
}

/**
 * ap_process_request_internal: translate, the directory/files/location/if walks that build
 * the per-directory config, then access control (mod_access_compat, then mod_authz_core).
 * DirectoryIndex runs it again for each candidate as a sub-request.
 */
export function lookup(scope: RequestScope, uri: string): { ok: true; looked: Looked } | { ok: false; outcome: Outcome } {
  const { server, trace, model } = scope;
  const env = new Map<string, string>();
  const { clientIp, method, host, headers = {}, query } = scope.request;
  const request: ExprRequest = { clientIp, localIp: scope.localIp, method, uri, host, headers, query, env };
  // Server-context SetEnvIf runs at post_read_request, before anything else looks at the request.
  applySetEnvIf(server.directives.filter((d) => SETENVIF.test(d.lowerName)), request, env);
  const translated = translate(server, request, trace, model.loadedModules);
  if (translated.kind === 'answer') return { ok: false, outcome: translated.outcome };

  // A server's own per-directory directives (Options, DirectoryIndex... outside any section)
  // are the defaults every section merges onto; a vhost's come after the main server's.
  // mod_rewrite, mod_alias and mod_setenvif keep their server-context lines apart.
  const base = applySection(INITIAL_DIR_CONFIG, server.directives.filter((d) => !SERVER_CONTEXT_ONLY.test(d.lowerName)), { allowOverride: false }).config;
  const walked = directoryWalk({ userFs: scope.userFs, loadedModules: model.loadedModules, trace }, translated.filename, base, server.sections);
  if (!walked.ok) return walked;
  const walk = walked.walk;
  let config = walk.config;

  const basename = walk.filename.replace(/^.*\//, '');
  const files = [...server.sections.filter((s) => s.kind === 'files'), ...walk.nestedFiles.filter((s) => s.kind === 'files')];
  for (const section of files) {
    if (!filesMatches(section, basename)) continue;
    config = apply(config, section, `matches ${basename}`, trace);
  }
  for (const section of server.sections.filter((s) => s.kind === 'location')) {
    if (!locationMatches(section, uri)) continue;
    config = apply(config, section, `matches ${uri}`, trace);
  }
  // <If>, then <ElseIf>/<Else> only when no earlier branch of the same chain held.
  const ifs: ApacheSection[] = [...server.sections.filter((s) => s.kind === 'if'), ...walk.nestedFiles.filter((s) => s.kind === 'if')];
  let chainHeld = false;
  for (const section of ifs) {
    if (section.branch !== 'if' && chainHeld) continue;
    const holds = section.branch === 'else' ? true : evaluateIf(section.pattern, request);
    if (holds === undefined) {
      trace.push(traceStep('if-unsupported', `<${section.block.name} ${section.pattern}> at ${where(section.block)} is not evaluated; taken as false`, section.block));
    }
    chainHeld = (section.branch !== 'if' && chainHeld) || holds === true;
    if (holds) config = apply(config, section, 'holds', trace);
  }
  // Per-directory SetEnvIf runs in the header_parser phase, still before access control.
  applySetEnvIf(config.setEnvIf, request, env);

  const authz: AuthzRequest = { ...request, clientHostNames: scope.clientHostNames };
  const decided = authorize(config, authz, walk, trace, scope.userFs.who.name);
  if (!decided.ok) return decided;
  return { ok: true, looked: { uri, request, walk, config, ...(decided.loggedCause ? { loggedCause: decided.loggedCause } : {}) } };
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
function authorize(config: DirConfig, request: AuthzRequest, walk: WalkResult, trace: TraceStep[], webUser: string): { ok: true; loggedCause?: string } | { ok: false; outcome: Outcome } {
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
  for (const d of decision.unsupported) trace.push(traceStep('authz-unsupported', `Require ${d.args.map((a) => a.value).join(' ')} cannot be decided statically; taken as neutral`, d));
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
 * .htaccess see the path below their directory, and need FollowSymLinks or
 * SymLinksIfOwnerMatch (AH00670).
 */
export function fixups(scope: RequestScope, looked: Looked): Outcome | undefined {
  const { config, walk } = looked;
  const { trace } = scope;
  if (config.rewrite.engine && config.rewrite.rules.length > 0 && scope.model.loadedModules.has('rewrite_module')) {
    const opts = config.options.effective;
    if (!opts.has('FollowSymLinks') && !opts.has('SymLinksIfOwnerMatch')) {
      trace.push(traceStep('rewrite', 'per-directory RewriteRules need Options FollowSymLinks or SymLinksIfOwnerMatch', config.rewrite.engineDirective));
      const by = config.optionsSource ?? config.rewrite.engineDirective;
      return { status: 403, cause: 'AH00670', path: walk.filename, fix: 'add Options +FollowSymLinks (or +SymLinksIfOwnerMatch) where the RewriteRules are', ...(by ? { decidedBy: by.loc } : {}) };
    }
    const full = walk.filename + walk.pathInfo;
    const directory = config.rewrite.directory ?? '/';
    const subject = full.startsWith(directory) ? full.slice(directory.length) : full;
    const result = applyRewrite(config.rewrite, subject, looked.request, trace);
    if (result?.kind === 'answer') return result.outcome;
  }
  for (const d of config.redirects) {
    const redirect = matchRedirect(d, looked.uri, scope.request.query);
    if (redirect) {
      trace.push(traceStep('redirect', `${d.name} at ${where(d)} answers ${redirect.status}`, d));
      return { status: redirect.status, cause: null, decidedBy: d.loc };
    }
  }
  return undefined;
}
