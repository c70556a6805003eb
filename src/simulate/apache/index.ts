import { resolvePrincipal } from '../../fs/users.js';
import type { FsView, UserDb } from '../../fs/types.js';
import { selectVirtualHost, type ApacheModel, type ApacheServer } from '../../model/apache/index.js';
import type { HttpRequest, Simulator, TraceStep, Verdict } from '../types.js';
import { hostNamesOf } from './environment.js';
import { permissionFix, UserFs } from './fs-as-user.js';
import { fixups, lookup, type Looked, type RequestScope } from './request.js';
import { traceStep, where, type Outcome } from './trace.js';
import { normalizeUri } from './uri.js';

/*
 * What rules may use besides the simulator itself: the per-directory configuration httpd
 * merges, the access-control modules' answers on it, and AllowOverride's reading of .htaccess.
 * Everything else in this folder is the simulator's own and may change shape.
 */
export { admitsAnyClient, anyClientGet, directoryConfig, directorySections, sectionsConfig, type AuditedSystem, type DirectoryConfigOptions } from './per-directory.js';
export type { DirConfig } from './dir-config.js';
export { evaluateRequire, type AuthzRequest } from './authz.js';
export { evaluateAccessCompat, everyClientRefusedBy } from './access-compat.js';
export { htaccessRefusal, readsHtaccess, type OverrideCategory, type OverrideSetting } from './overrides.js';
export { where } from './trace.js';

export interface ApacheSimulatorEnv {
  fs: FsView;
  users: UserDb;
  /** `--web-user`: overrides the config's User/Group. */
  webUser?: { user: string; group?: string };
}

/**
 * Predicts what Apache httpd answers and logs for a request: the vhost, the merged
 * per-directory config (sections and .htaccess files read through `env.fs`), access control,
 * then mod_dir, mod_autoindex or the default handler, with filesystem checks made as the
 * web user.
 */
export function createApacheSimulator(model: ApacheModel, env: ApacheSimulatorEnv): Simulator {
  const account = env.webUser ?? { user: model.webUser.user, ...(model.webUser.group ? { group: model.webUser.group } : {}) };
  const principal = resolvePrincipal(env.users, account.user, account.group);
  return {
    explain(request: HttpRequest): Verdict {
      const trace: TraceStep[] = [];
      if (!principal.ok) {
        trace.push(traceStep('web-user', principal.message, model.webUser.source));
        return { status: 500, cause: null, trace, fix: 'set User and Group to accounts that exist on the server' };
      }
      trace.push(traceStep('web-user', `workers run as ${principal.principal.name}`, model.webUser.source));
      const localIp = localAddress(model, request);
      const server = selectServer(model, localIp, request, trace);
      const scope: RequestScope = {
        model,
        server,
        userFs: new UserFs(env.fs, principal.principal, env.users),
        request,
        localIp,
        clientHostNames: hostNamesOf(env.fs, request.clientIp),
        trace,
      };
      const outcome = handle(scope);
      return { ...outcome, ...decidedByTree(server, outcome), trace };
    },
  };
}

/** The address the client connected to: the Host when it is an IP, else the one Listen for that port, else any. */
export function localAddress(model: ApacheModel, request: Pick<HttpRequest, 'host' | 'port'>): string {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(request.host)) return request.host;
  const listens = model.listens.filter((l) => l.port === request.port && l.ip !== '*');
  return listens.length === 1 ? (listens[0]?.ip as string) : '*';
}

function selectServer(model: ApacheModel, localIp: string, request: HttpRequest, trace: TraceStep[]): ApacheServer {
  const [main, ...vhosts] = model.servers as [ApacheServer, ...ApacheServer[]];
  const hostHeader = Object.entries(request.headers ?? {}).find(([name]) => name.toLowerCase() === 'host')?.[1];
  const index = selectVirtualHost(vhosts, localIp, request.port, hostHeader ?? request.host);
  const server = index < 0 ? main : (vhosts[index] as ApacheServer);
  trace.push(
    server.block
      ? traceStep('server-selected', `<VirtualHost ${server.listens.join(' ')}> ${server.serverName ?? ''} answers ${request.host}:${request.port} (${where(server.block)})`, server.block)
      : traceStep('server-selected', `no <VirtualHost> matches ${localIp}:${request.port}: the main server answers`),
  );
  return server;
}

function handle(scope: RequestScope): Outcome {
  const normalized = normalizeUri(scope.request.path);
  if (!normalized.ok) {
    scope.trace.push(traceStep('uri', normalized.message));
    return { status: normalized.status, cause: normalized.cause };
  }
  const main = lookup(scope, normalized.uri);
  if (!main.ok) return main.outcome;
  const { looked } = main;
  const outcome = fixups(scope, looked) ?? (looked.walk.type === 'dir' ? serveDirectory(scope, looked) : serveFile(scope, looked));
  return withLogged(outcome, looked);
}

/** A cause logged earlier (AH01797 under Satisfy Any) stays the first one the request logs. */
function withLogged(outcome: Outcome, looked: Looked): Outcome {
  return looked.loggedCause ? { ...outcome, cause: looked.loggedCause } : outcome;
}

/**
 * mod_dir then mod_autoindex: a directory URL without its slash is redirected (DirectorySlash);
 * each DirectoryIndex candidate is looked up as a sub-request and the first regular file is
 * served; a candidate refused with another status than 404 makes that the answer; with none,
 * mod_autoindex lists the directory only under Options Indexes.
 */
function serveDirectory(scope: RequestScope, looked: Looked): Outcome {
  const { config, walk, uri } = looked;
  const { trace } = scope;
  if (!uri.endsWith('/')) {
    if (config.directorySlash) {
      trace.push(traceStep('directory-slash', `${uri} is a directory: mod_dir redirects to ${uri}/`));
      return { status: 301, cause: null, path: walk.filename };
    }
  } else {
    let error: Outcome | undefined;
    const names = config.directoryIndex.names;
    for (const name of names) {
      const candidate = name.startsWith('/') ? name : uri + name;
      const sub = lookup(scope, candidate);
      if (sub.ok) {
        if (sub.looked.walk.type === 'file') {
          trace.push(traceStep('directory-index', `DirectoryIndex serves ${sub.looked.walk.filename}`, config.directoryIndex.source));
          return serveFile(scope, sub.looked);
        }
        continue;
      }
      const status = sub.outcome.status;
      if ((status >= 300 && status < 400) || (status === 401 && names.length === 1)) return sub.outcome;
      if (status !== 404) error = sub.outcome;
    }
    if (error) return error;
  }
  const indexNames = config.directoryIndex.names.join(' ') || 'none';
  if (!config.options.effective.has('Indexes')) {
    const decider = config.optionsSource ?? config.directoryIndex.source;
    trace.push(traceStep('directory-index', `no DirectoryIndex file (${indexNames}) in ${walk.filename} and Options has no Indexes`, decider));
    return {
      status: 403,
      cause: 'AH01276',
      path: walk.filename,
      fix: `add an ${config.directoryIndex.names[0] ?? 'index.html'} to ${walk.filename}, or Options +Indexes to list it`,
      ...(decider ? { decidedBy: decider.loc } : {}),
    };
  }
  const listable = scope.userFs.stat(walk.filename);
  if (!listable.ok || !listable.readable) {
    trace.push(traceStep('directory-index', `Options Indexes is on but ${scope.userFs.who.name} cannot read ${walk.filename}`));
    const denial = listable.ok ? { path: walk.filename, need: 'read' as const, stat: listable.stat } : listable.denial;
    return { status: 403, cause: 'AH01275', path: walk.filename, fix: permissionFix(denial, scope.userFs.who), ...(config.optionsSource ? { decidedBy: config.optionsSource.loc } : {}) };
  }
  trace.push(traceStep('directory-index', `mod_autoindex lists ${walk.filename}`, config.optionsSource));
  return { status: 200, cause: null, path: walk.filename };
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

/**
 * A refusal no directive decided (a component the web user cannot search, an unreadable file)
 * belongs to the DocumentRoot or Alias whose tree holds the path: that is what serves it.
 */
function decidedByTree(server: ApacheServer, outcome: Outcome): Pick<Outcome, 'decidedBy'> {
  if (outcome.decidedBy || outcome.status < 400 || outcome.path === undefined) return {};
  const path = outcome.path;
  const tree = server.trees
    .filter((t) => {
      const dir = t.fsPath.length > 1 ? t.fsPath.replace(/\/+$/, '') : t.fsPath;
      return path === dir || path.startsWith(dir === '/' ? '/' : `${dir}/`);
    })
    .sort((a, b) => b.fsPath.length - a.fsPath.length)[0];
  return tree ? { decidedBy: tree.directive.loc } : {};
}
