import type { DirConfig } from './dir-config.js';
import { permissionFix } from './fs-as-user.js';
import { fixups, lookup, type Looked, type RequestScope, type RequestTarget } from './request.js';
import { traceStep, where, type Outcome } from './trace.js';
import { normalizeUri } from './uri.js';

/** httpd's LimitInternalRecursion default: internal redirects deeper than this are a 500 (AH00124). */
const MAX_INTERNAL_REDIRECTS = 10;

/** One pass of a request: its answer, or the internal redirect it ends in. */
type Step = { kind: 'answer'; outcome: Outcome } | { kind: 'redirect'; target: RequestTarget };

/**
 * ap_process_request and its internal redirects: each pass translates, walks, authorizes and
 * runs the fixups (mod_rewrite, mod_alias, mod_dir) and the handler; a per-directory rewrite
 * or a DirectoryIndex / FallbackResource reached through one runs the request again.
 */
export function handle(scope: RequestScope): Outcome {
  const normalized = normalizeUri(scope.request.path);
  if (!normalized.ok) {
    scope.trace.push(traceStep('uri', normalized.message));
    return { status: normalized.status, cause: normalized.cause };
  }
  let target: RequestTarget = { uri: normalized.uri, query: scope.request.query, subRequest: false };
  for (let depth = 0; ; depth++) {
    const step = pass(scope, target);
    if (step.kind === 'answer') return step.outcome;
    if (depth + 1 >= MAX_INTERNAL_REDIRECTS) {
      scope.trace.push(traceStep('internal-redirect', `more than ${MAX_INTERNAL_REDIRECTS} internal redirects: httpd gives up (LimitInternalRecursion)`));
      return { status: 500, cause: 'AH00124', fix: 'add a RewriteCond (e.g. !-f) that stops the rule matching its own result, or [END]' };
    }
    target = step.target;
  }
}

function pass(scope: RequestScope, target: RequestTarget): Step {
  const main = lookup(scope, target);
  if (!main.ok) return { kind: 'answer', outcome: main.outcome };
  const { looked } = main;
  const step = afterAccess(scope, looked);
  return step.kind === 'answer' ? { kind: 'answer', outcome: withLogged(step.outcome, looked) } : step;
}

/** The fixups (mod_rewrite first, mod_dir last) and the handler. */
function afterAccess(scope: RequestScope, looked: Looked): Step {
  const fixed = fixups(scope, looked);
  if (fixed?.kind === 'answer') return fixed;
  if (looked.walk.type === 'dir' && !looked.uri.endsWith('/') && looked.walk.pathInfo === '' && looked.config.directorySlash) {
    // mod_dir's DirectorySlash runs before it steps aside for mod_rewrite's redirect.
    scope.trace.push(traceStep('directory-slash', `${looked.uri} is a directory: mod_dir redirects to ${looked.uri}/`));
    return { kind: 'answer', outcome: { status: 301, cause: null, path: looked.walk.filename } };
  }
  if (fixed?.kind === 'redirect') return fixed;
  if (looked.walk.type === 'dir') return serveDirectory(scope, looked);
  if (looked.walk.type === 'missing' && !looked.config.handler && looked.config.fallback) return fallback(scope, looked, looked.config.fallback);
  return { kind: 'answer', outcome: runHandler(scope, looked) };
}

/** A cause logged earlier (AH01797 under Satisfy Any) stays the first one the request logs. */
function withLogged(outcome: Outcome, looked: Looked): Outcome {
  return looked.loggedCause ? { ...outcome, cause: looked.loggedCause } : outcome;
}

/** A sub-request as mod_dir makes one: its status after the access phases and fixups, and what it found. */
type SubRequest = { status: number; outcome?: Outcome; looked?: Looked; redirect?: RequestTarget };

function subRequest(scope: RequestScope, parent: Looked, uri: string): SubRequest {
  const target: RequestTarget = { uri, query: parent.target.query, subRequest: true, ...(parent.target.rewriteEnded ? { rewriteEnded: true } : {}) };
  const found = lookup(scope, target);
  if (!found.ok) return { status: found.outcome.status, outcome: found.outcome };
  const fixed = fixups(scope, found.looked);
  if (fixed?.kind === 'answer') return { status: fixed.outcome.status, outcome: fixed.outcome, looked: found.looked };
  return { status: 200, looked: found.looked, ...(fixed?.kind === 'redirect' ? { redirect: fixed.target } : {}) };
}

/** ap_internal_fast_redirect to a sub-request that found a file: its handler (or its rewrite) answers. */
function takeOver(scope: RequestScope, sub: SubRequest & { looked: Looked }): Step {
  if (sub.redirect) return { kind: 'redirect', target: { ...sub.redirect, subRequest: false } };
  return { kind: 'answer', outcome: withLogged(runHandler(scope, sub.looked), sub.looked) };
}

/**
 * mod_dir's fixup_dir then mod_autoindex: each DirectoryIndex candidate is looked up as a
 * sub-request and the first regular file is served; a candidate refused with another status
 * than 404 makes that the answer; with none, mod_autoindex lists the directory only under
 * Options Indexes (and only when no other handler was set on it).
 */
function serveDirectory(scope: RequestScope, looked: Looked): Step {
  const { config, walk, uri } = looked;
  const { trace } = scope;
  if (uri.endsWith('/')) {
    let error: Outcome | undefined;
    const names = config.directoryIndex.names;
    for (const name of names) {
      const candidate = name.startsWith('/') ? name : uri + name;
      const sub = subRequest(scope, looked, candidate);
      // mod_dir insists on a regular file: a missing index.php that a SetHandler would pass on is skipped.
      if (sub.status === 200 && sub.looked?.walk.type === 'file') {
        trace.push(traceStep('directory-index', `DirectoryIndex serves ${sub.looked.walk.filename}`, config.directoryIndex.source));
        return takeOver(scope, { ...sub, looked: sub.looked });
      }
      const status = sub.status;
      if (sub.outcome && ((status >= 300 && status < 400) || (status === 401 && names.length === 1))) return { kind: 'answer', outcome: sub.outcome };
      if (sub.outcome && status !== 404 && status !== 200) error = sub.outcome;
    }
    if (error) return { kind: 'answer', outcome: error };
  }
  if (config.handler) return { kind: 'answer', outcome: runHandler(scope, looked) };
  const indexNames = config.directoryIndex.names.join(' ') || 'none';
  if (!config.options.effective.has('Indexes')) {
    const decider = config.optionsSource ?? config.directoryIndex.source;
    trace.push(traceStep('directory-index', `no DirectoryIndex file (${indexNames}) in ${walk.filename} and Options has no Indexes`, decider));
    const fix = `add an ${config.directoryIndex.names[0] ?? 'index.html'} to ${walk.filename}, or Options +Indexes to list it`;
    return { kind: 'answer', outcome: { status: 403, cause: 'AH01276', path: walk.filename, fix, ...(decider ? { decidedBy: decider.loc } : {}) } };
  }
  const listable = scope.userFs.stat(walk.filename);
  if (!listable.ok || !listable.readable) {
    trace.push(traceStep('directory-index', `Options Indexes is on but ${scope.userFs.who.name} cannot read ${walk.filename}`));
    const denial = listable.ok ? { path: walk.filename, need: 'read' as const, stat: listable.stat } : listable.denial;
    const decidedBy = config.optionsSource ? { decidedBy: config.optionsSource.loc } : {};
    return { kind: 'answer', outcome: { status: 403, cause: 'AH01275', path: walk.filename, fix: permissionFix(denial, scope.userFs.who), ...decidedBy } };
  }
  trace.push(traceStep('directory-index', `mod_autoindex lists ${walk.filename}`, config.optionsSource));
  return { kind: 'answer', outcome: { status: 200, cause: null, path: walk.filename } };
}

/**
 * mod_dir's fixup_dflt: a missing file no handler claims is answered by the FallbackResource
 * URL, looked up as a sub-request; when that finds no file the request stays a 404.
 */
function fallback(scope: RequestScope, looked: Looked, source: NonNullable<DirConfig['fallback']>): Step {
  const sub = subRequest(scope, looked, source.url);
  if (sub.status === 200 && sub.looked?.walk.type === 'file') {
    scope.trace.push(traceStep('fallback-resource', `${looked.walk.filename} does not exist: FallbackResource ${source.url} answers (${where(source.source)})`, source.source));
    return takeOver(scope, { ...sub, looked: sub.looked });
  }
  if (sub.outcome && sub.status !== 404 && sub.status !== 200) return { kind: 'answer', outcome: sub.outcome };
  return { kind: 'answer', outcome: runHandler(scope, looked) };
}

/** Handlers that pass the request on: mod_proxy's `proxy:` URLs, mod_php, CGI. */
function backendOf(scope: RequestScope, looked: Looked): string | undefined {
  const name = looked.config.handler?.name;
  if (name === undefined) return undefined;
  const modules = scope.model.loadedModules;
  const lower = name.toLowerCase();
  if (lower.startsWith('proxy:') && modules.has('proxy_module')) return name;
  if (/^application\/x-httpd-php/.test(lower) && [...modules].some((m) => /^php\d*_module$/.test(m))) return name;
  if (lower === 'cgi-script' && (modules.has('cgi_module') || modules.has('cgid_module'))) return name;
  return undefined;
}

/** Handlers of modules httpd ships that answer by themselves on any path. */
const SELF_ANSWERING: Readonly<Record<string, string>> = { 'server-status': 'status_module', 'server-info': 'info_module' };

/**
 * The handler phase: a back end gets the request (the path it is given is the script path and
 * the path info); mod_status and mod_info answer themselves; any other handler name falls to
 * core's default handler, which refuses a directory (404 AH00129).
 */
function runHandler(scope: RequestScope, looked: Looked): Outcome {
  const { walk, config } = looked;
  const backend = backendOf(scope, looked);
  if (backend !== undefined) {
    const pathInfo = walk.pathInfo ? ` with PATH_INFO ${walk.pathInfo}` : '';
    scope.trace.push(traceStep('backend', `SetHandler ${backend} passes ${walk.filename}${pathInfo} to the back end; what it answers is the back end's`, config.handler?.source));
    return { status: 200, cause: null, path: walk.filename + walk.pathInfo };
  }
  const handler = config.handler;
  if (handler) {
    const module = SELF_ANSWERING[handler.name.toLowerCase()];
    if (module !== undefined && scope.model.loadedModules.has(module)) {
      scope.trace.push(traceStep('handler', `SetHandler ${handler.name} at ${where(handler.source)} answers`, handler.source));
      return { status: 200, cause: null };
    }
    if (walk.type === 'dir') {
      scope.trace.push(traceStep('handler', `no module claims handler ${handler.name} (${where(handler.source)}); core's default handler refuses to serve the directory ${walk.filename}`, handler.source));
      return { status: 404, cause: 'AH00129', path: walk.filename, decidedBy: handler.source.loc, fix: `remove SetHandler ${handler.name} at ${where(handler.source)} or load the module that provides it` };
    }
  }
  return serveFile(scope, looked);
}

/** core's default handler: missing is 404 (AH00128), unreadable 403 (AH00132). */
function serveFile(scope: RequestScope, looked: Looked): Outcome {
  const { walk } = looked;
  if (walk.type === 'missing') {
    scope.trace.push(traceStep('not-found', `${walk.filename}${walk.pathInfo} does not exist`));
    return { status: 404, cause: 'AH00128', path: walk.filename + walk.pathInfo };
  }
  if (walk.pathInfo !== '') {
    // The default handler refuses path info (AcceptPathInfo Default), logging AH00130.
    scope.trace.push(traceStep('not-found', `${walk.filename} is a file and the request adds ${walk.pathInfo} after it`));
    return { status: 404, cause: 'AH00130', path: walk.filename + walk.pathInfo };
  }
  if (!walk.readable) {
    scope.trace.push(traceStep('file-unreadable', `${walk.filename} is not readable by ${scope.userFs.who.name}`));
    return { status: 403, cause: 'AH00132', path: walk.filename, fix: permissionFix({ path: walk.filename, need: 'read', stat: walk.stat }, scope.userFs.who) };
  }
  scope.trace.push(traceStep('served', `${walk.filename} is served`));
  return { status: 200, cause: null, path: walk.filename };
}
