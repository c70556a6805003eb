import type { FsView, UserDb } from '../../fs/types.js';
import { resolvePath } from '../../fs/resolve.js';
import { withRegexBudget } from '../../regex/uncertainty.js';
import { resolvePrincipal } from '../../fs/users.js';
import { formatListen } from '../../model/nginx/listen.js';
import type { NginxLocation, NginxModel, NginxServer, NginxSettings } from '../../model/nginx/types.js';
import type { HttpRequest, Simulator, TraceStep, Verdict } from '../types.js';
import { decideAccess } from './access-phase.js';
import { serveContent } from './content-phase.js';
import { matchLocation, type LocationMatch } from './match-location.js';
import { runRewritePhase } from './rewrite-phase.js';
import { normalizeUri } from './normalize-uri.js';
import { answer, type Answer, type PhaseResult } from './outcome.js';
import { mapUriToPath } from './map-uri-to-path.js';
import { logFailure, note, type Place, type RequestContext } from './request-context.js';
import { normalizeHost, selectServer, type ServerSelection } from './select-server.js';
import { tryFiles } from './try-files.js';
import { at, describeLocation, traceStep } from './trace.js';
import type { VariableScope } from './variables.js';

export interface NginxSimulatorEnv {
  fs: FsView;
  users: UserDb;
  /** `--web-user`: overrides the config's `user`. */
  webUser?: { user: string; group?: string };
}

/** nginx allows 10 URI changes, then answers 500: "rewrite or internal redirection cycle". */
const MAX_URI_CHANGES = 10;

/** Where matching starts again after an internal redirect, and whether it is an error page. */
interface Entry {
  uri: string;
  args: string;
  internal: boolean;
  /** recursive_error_pages is off: an error page's own errors are not redirected again. */
  errorPage: boolean;
  named?: NginxLocation;
}

export function createNginxSimulator(model: NginxModel, env: NginxSimulatorEnv): Simulator {
  // The workers' account, resolved once: its supplementary groups take a scan of every group.
  const config = env.webUser ?? model.webUser;
  const resolved = resolvePrincipal(env.users, config.user, config.group);
  return withRegexBudget({ explain: (request) => explain(model, env, resolved, request) });
}

function explain(model: NginxModel, env: NginxSimulatorEnv, resolved: ReturnType<typeof resolvePrincipal>, request: HttpRequest): Verdict {
  const trace: TraceStep[] = [];
  // The request line is parsed under the default server of the address (ngx_http_process_request_uri).
  const mergeSlashes = selectServer(model.servers, '', request.port)?.server.settings.mergeSlashes ?? { on: true };
  const normalized = normalizeUri(request.path, { mergeSlashes: mergeSlashes.on });
  if (!normalized.ok) {
    trace.push(traceStep('uri-invalid', `nginx rejects the request line: ${normalized.reason}`));
    return { status: 400, cause: null, trace };
  }
  trace.push(traceStep('uri-normalized', `${request.path} is matched as ${normalized.uri}${mergeSlashes.on ? '' : ' (merge_slashes off)'}`, mergeSlashes.directive));
  const hostHeader = requestedHost(request);
  const selection = selectRequested(model.servers, request);
  if (selection === undefined) {
    trace.push(traceStep('no-server', `no server listens on port ${request.port}: the connection is refused`));
    return { status: 0, cause: null, trace };
  }
  const { server } = selection;
  trace.push(selectionStep(selection, hostHeader));

  if (!resolved.ok) {
    trace.push(traceStep('web-user-unresolved', `nginx cannot start: ${resolved.message}`, model.webUser.source));
    return { status: 0, cause: null, trace, fix: `create the account or change "user" (${at(model.webUser.source)})` };
  }
  trace.push(traceStep('web-user', `workers run as ${resolved.principal.name} (uid ${resolved.principal.uid})`, model.webUser.source));
  const host = normalizeHost(hostHeader);
  const hostCaptures = selection.reason.kind === 'name' && selection.reason.name.pattern.kind === 'regex' ? { ...selection.reason.name.pattern.regex.exec(host)?.groups } : {};
  const context: RequestContext = { fs: env.fs, users: env.users, who: resolved.principal, request, host, hostCaptures, trace, uriChangesLeft: MAX_URI_CHANGES, variables: new Map(), uncertain: [], uriChanged: false, maps: model.maps, serverNames: server.names };
  const final = serve(context, server, { uri: normalized.uri, args: request.query, internal: false, errorPage: false });
  const logged = context.logged;
  const cause = final.status === 401 ? 'auth-required' : final.status >= 400 ? (logged?.cause ?? 'return') : null;
  // The path and fix come from whatever decided the cause: the logged failure, else the answer.
  const explained = logged !== undefined && cause === logged.cause ? logged : final;
  return {
    status: final.status,
    cause,
    ...(explained.path === undefined ? {} : { path: explained.path }),
    trace,
    ...(explained.fix === undefined ? {} : { fix: explained.fix }),
    ...(context.uncertain.length > 0 ? { uncertain: context.uncertain } : {}),
    ...(explained.decidedBy === undefined || final.status < 400 ? {} : { decidedBy: explained.decidedBy }),
  };
}

function selectionStep({ server, listen, reason }: ServerSelection, host: string): TraceStep {
  if (reason.kind === 'name') return traceStep('server-selected', `server_name ${reason.name.text} matches ${host}`, reason.name.directive);
  const fallback = reason.kind === 'default-server' ? 'default_server' : 'first server';
  return traceStep('server-selected', `no server_name matches ${host}: the ${fallback} on ${formatListen({ ...listen, defaultServer: false })} answers`, listen.directive ?? server.block);
}

/** Runs the phases from the server's rewrite phase on, following internal redirects. */
function serve(context: RequestContext, server: NginxServer, first: Entry): Answer {
  let entry = first;
  for (;;) {
    const { result, settings } = runPhases(context, server, entry);
    if (result.kind === 'answer') {
      const page = entry.errorPage ? undefined : errorPageFor(result, settings);
      if (page === undefined) return result;
      context.trace.push(traceStep('error-page', `error_page for ${result.status}: ${page.target}`, page.directive));
      if (/^(https?:\/\/|\$scheme)/.test(page.target)) return answer(302, null, { location: page.target });
      const named = page.target.startsWith('@') ? server.namedLocations.get(page.target) : undefined;
      const [uri = '', args = ''] = page.target.split('?', 2);
      if (!named) context.uriChanged = true;
      const shown = serve(context, server, { uri, args, internal: true, errorPage: true, ...(named ? { named } : {}) });
      const fromTarget = page.override === 'from-target' || (page.override === undefined && shown.status >= 300);
      const status = typeof page.override === 'number' ? page.override : fromTarget ? shown.status : result.status;
      // The page shown may come from a back end: when it decides the answer, or the error has no
      // path of its own, its script is what runs for this request.
      const path = fromTarget || result.path === undefined ? (shown.path ?? result.path) : result.path;
      return { ...result, status, ...(path === undefined ? {} : { path }) };
    }
    if (!consumeUriChange(context)) return answer(500, null);
    if (result.kind === 'redirect') context.uriChanged = true;
    entry =
      result.kind === 'named'
        ? { ...entry, internal: true, named: result.location }
        : { uri: result.uri, args: result.args ?? entry.args, internal: true, errorPage: entry.errorPage };
    context.trace.push(traceStep('internal-redirect', result.kind === 'named' ? `internal redirect to ${result.location.pattern}` : `internal redirect to ${entry.uri}`));
  }
}

function consumeUriChange(context: RequestContext): boolean {
  context.uriChangesLeft -= 1;
  if (context.uriChangesLeft >= 0) return true;
  context.trace.push(traceStep('redirect-cycle', `more than ${MAX_URI_CHANGES} internal redirects or rewrites: nginx answers 500`));
  return false;
}

function errorPageFor(result: Answer, settings: NginxSettings): NginxSettings['errorPages'][number] | undefined {
  return result.status >= 300 ? settings.errorPages.find((p) => p.codes.includes(result.status)) : undefined;
}

/**
 * One pass: server rewrite, find config, rewrite (back to find config when it changed the URI),
 * access, try_files, content. A named location enters at its rewrite phase.
 */
function runPhases(context: RequestContext, server: NginxServer, entry: Entry): { result: PhaseResult; settings: NginxSettings } {
  const { request, trace } = context;
  let { uri, args } = entry;
  let named = entry.named;
  // A phase without steps leaves the request as it is: its variable scope is not worth building.
  if (!named && server.settings.rewritePhase?.length) {
    const rewritten = runRewritePhase(context, server.settings.rewritePhase, { uri, args }, placeOf(context, server.settings, { uri, args }, NO_CAPTURES));
    if (rewritten.kind === 'answer') return { result: rewritten, settings: server.settings };
    ({ uri, args } = rewritten);
  }
  for (;;) {
    const matched: LocationMatch = named ? { location: named, ...NO_CAPTURES } : matchLocation(server.locations, uri);
    const location = matched.location;
    let settings = location?.settings ?? server.settings;
    trace.push(
      location
        ? traceStep('location-matched', `${describeLocation(location)} matches ${uri}`, location.directive)
        : traceStep('location-matched', `no location matches ${uri}: the server's own settings apply`, server.block),
    );
    if (matched.autoRedirect) {
      trace.push(traceStep('auto-redirect', `${uri} lacks the trailing slash of a location passed to an upstream: nginx redirects to ${uri}/`, location?.directive));
      return { result: answer(301, null, { location: `${uri}/` }), settings };
    }
    for (const directive of [...(server.settings.unevaluated ?? []), ...(location?.settings.unevaluated ?? [])]) {
      trace.push(traceStep('not-evaluated', `"${directive.name}" is not evaluated: the answer assumes it changes nothing`, directive));
      note(context, `"${directive.name}" at ${at(directive)} is not evaluated: taken as allowing the request`);
    }
    if (settings.internal && !entry.internal) {
      trace.push(traceStep('internal-only', 'the location is "internal": an external request gets 404', settings.internal));
      return { result: answer(404, null, { fix: `request a URI outside this internal location (${at(settings.internal)})`, decidedBy: settings.internal.loc }), settings };
    }
    const limit = settings.limitExcept;
    if (limit && !allowsMethod(limit.methods, request.method)) {
      trace.push(traceStep('limit-except', `${request.method} is not in limit_except ${limit.methods.join(' ')}: its block's rules apply`, limit.directive));
      settings = limit.settings;
    }
    // The location rewrite phase skips the server's own settings, which ran as server rewrites;
    // under limit_except it runs the block's steps, which never inherit the location's.
    const rewritten = location && settings.rewritePhase?.length ? runRewritePhase(context, settings.rewritePhase, { uri, args }, placeOf(context, settings, { uri, args }, matched)) : undefined;
    if (rewritten?.kind === 'answer') return { result: rewritten, settings };
    if (rewritten?.searchAgain) {
      if (!consumeUriChange(context)) return { result: answer(500, null), settings };
      ({ uri, args } = rewritten);
      named = undefined;
      continue;
    }
    if (rewritten) ({ uri, args } = rewritten);
    // An `if` that held in the location serves the request with its own block's settings.
    if (rewritten?.settings) settings = rewritten.settings;
    return { result: accessAndContent(context, server, settings, { uri, args }, matched), settings };
  }
}

/** The access phase, then try_files and the content phase, for the location found. */
function accessAndContent(context: RequestContext, server: NginxServer, settings: NginxSettings, target: { uri: string; args: string }, matched: LocationMatch): PhaseResult {
  const { request, trace } = context;
  const access = decideAccess(settings, request);
  if (!access.allowed) {
    if (access.status === 401) {
      trace.push(traceStep('auth-basic', `auth_basic "${settings.authBasic.realm}" asks for credentials`, settings.authBasic.directive));
      return answer(401, null, { fix: `send credentials for realm "${settings.authBasic.realm}", or set "auth_basic off;" where this URI should be public` });
    }
    const rule = access.rule;
    trace.push(traceStep('access-denied', `"deny ${rule?.directive.args[0]?.value}" matches client ${request.clientIp}`, rule?.directive));
    return logFailure(
      context,
      answer(403, 'forbidden-by-rule', { fix: `add "allow ${request.clientIp};" before ${at(rule?.directive)}, or remove that deny`, ...(rule ? { decidedBy: rule.directive.loc } : {}) }),
    );
  }
  if (access.rule) trace.push(traceStep('access-allowed', `"allow ${access.rule.directive.args[0]?.value}" matches client ${request.clientIp}`, access.rule.directive));

  const place = placeOf(context, settings, target, matched);
  const tried = tryFiles(context, place, server, target.uri);
  if (tried === undefined) return serveContent(context, place, target.uri);
  if (tried.kind === 'found') return serveContent(context, { ...place, scope: { ...place.scope, uri: tried.uri } }, tried.uri);
  return tried;
}

/** `limit_except GET` also allows HEAD (ngx_http_core_limit_except). */
function allowsMethod(methods: readonly string[], method: string): boolean {
  return methods.includes(method) || (method === 'HEAD' && methods.includes('GET'));
}

const NO_CAPTURES: Pick<LocationMatch, 'captures' | 'namedCaptures'> = { captures: [], namedCaptures: {} };

function placeOf(context: RequestContext, settings: NginxSettings, target: { uri: string; args: string }, matched: Pick<LocationMatch, 'captures' | 'namedCaptures' | 'location'>): Place {
  const scope: VariableScope = {
    uri: target.uri,
    requestUri: context.request.path + (context.request.query ? `?${context.request.query}` : ''),
    args: target.args,
    host: context.host,
    serverName: primaryName(context.serverNames),
    captures: matched.captures,
    namedCaptures: { ...context.hostCaptures, ...matched.namedCaptures },
    request: context.request,
    assigned: context.variables,
    fastcgi: settings.fastcgi,
    maps: context.maps,
    ...(settings.validReferers ? { referers: { lines: settings.validReferers, serverNames: context.serverNames } } : {}),
    realpath: (path) => {
      const found = resolvePath(path, true, context.fs);
      return found.ok ? found.path : undefined;
    },
  };
  // $document_root is the root with the scope before it was known; then the scope holds it.
  const withRoot: VariableScope = scope;
  withRoot.documentRoot = mapUriToPath({ settings, scope }, '/').documentRoot;
  return {
    settings,
    scope: { ...withRoot, filenameOf: (uri) => mapUriToPath({ settings, scope: withRoot }, uri).path },
    ...(matched.location ? { location: matched.location } : {}),
  };
}

/** `$server_name`: the first name of the server block, lowercased as nginx stores it (a regex stays as written). */
export function primaryName(names: readonly string[]): string {
  const [first = ''] = names;
  return first.startsWith('~') ? first : first.toLowerCase();
}

/** The Host a request names: its Host header, else the URL's host. */
export function requestedHost(request: HttpRequest): string {
  return Object.entries(request.headers ?? {}).find(([key]) => key.toLowerCase() === 'host')?.[1] ?? request.host;
}

/** The server block that answers `request`: a Host header sent to the URL's address is looked up on that address's sockets. */
export function selectRequested(servers: readonly NginxServer[], request: HttpRequest): ServerSelection | undefined {
  const host = requestedHost(request);
  return selectServer(servers, host, request.port, host === request.host ? undefined : request.host);
}
