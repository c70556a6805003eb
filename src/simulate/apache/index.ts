import { resolvePrincipal } from '../../fs/users.js';
import type { FsView, UserDb } from '../../fs/types.js';
import { withRegexBudget } from '../../regex/uncertainty.js';
import { selectVirtualHost, type ApacheModel, type ApacheServer } from '../../model/apache/index.js';
import type { HttpRequest, Simulator, TraceStep, Verdict } from '../types.js';
import { hostNamesOf } from './environment.js';
import { UserFs } from './fs-as-user.js';
import type { RequestScope } from './request.js';
import { handle } from './serve.js';
import { traceStep, where, type Outcome } from './trace.js';

/*
 * What rules may use besides the simulator itself: the per-directory configuration httpd
 * merges, the access-control modules' answers on it, and AllowOverride's reading of .htaccess.
 * Everything else in this folder is the simulator's own and may change shape.
 */
export { admitsAnyClient, anyClientGet, directoryConfig, directorySections, sectionsConfig, type AuditedSystem, type DirectoryConfigOptions } from './per-directory.js';
export { rewriteOf, type DirConfig } from './dir-config.js';
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
  return withRegexBudget({
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
        uncertain: [],
      };
      const outcome = handle(scope);
      const uncertain = [...new Set(scope.uncertain)];
      return { ...outcome, ...decidedByTree(server, outcome), trace, ...(uncertain.length > 0 ? { uncertain } : {}) };
    },
  });
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

/**
 * A refusal no directive decided (a component the web user cannot search, an unreadable file)
 * belongs to the DocumentRoot or Alias whose tree holds the path: that is what serves it.
 */
function decidedByTree(server: ApacheServer, outcome: Outcome): Partial<Pick<Outcome, 'decidedBy'>> {
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
