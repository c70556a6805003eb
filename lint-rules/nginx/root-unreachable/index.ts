import { posix } from 'node:path';
import { createRule, NO_OPTIONS_SCHEMA } from '../../../src/engine/rule.js';
import { checkAccess } from '../../../src/fs/access.js';
import type { AccessDenial, Principal } from '../../../src/fs/types.js';
import type { NginxLocation, NginxServer, NginxSettings } from '../../../src/model/nginx/index.js';
import { effectiveDirectives, type Directive } from '../../../src/parse/ast.js';
import { denialReport, isPermissionDenial } from '../../shared/permission-denial.js';
import { describeServer } from '../../shared/server-label.js';
import { allLocations, isSiteRoot, nginxServerOf } from '../nginx-server.js';

/** One level that serves files: the server itself or a location, with the URLs it answers. */
interface ServedScope {
  settings: NginxSettings;
  /** `/`, a prefix, or `~ regex` as written. */
  url: string;
  /** The directory its URLs map into, when it does not depend on the request. */
  directory: string | undefined;
  /** Whether a request can end at that directory and go through `index`. */
  usesIndex: boolean;
}

/** Handlers that answer from elsewhere: the workers open no file under the root for them. */
const PASSING_HANDLERS = new Set(['proxy_pass', 'fastcgi_pass', 'uwsgi_pass', 'scgi_pass', 'grpc_pass', 'memcached_pass']);

function servesFiles(location: NginxLocation): boolean {
  return location.settings.returnAction === undefined && ![...effectiveDirectives(location.directive.children ?? [])].some((d) => PASSING_HANDLERS.has(d.name));
}

/** The server's own level only answers URIs no location matches: none when there is a `location /`. */
function scopesOf(server: NginxServer): ServedScope[] {
  const locations = [...allLocations(server.locations)];
  const scopes: ServedScope[] = locations.some(isSiteRoot) ? [] : [{ settings: server.settings, url: '/', directory: directoryFor(server.settings, '/'), usesIndex: true }];
  for (const location of locations) {
    if (location.modifier === 'named' || !servesFiles(location)) continue;
    const regex = location.modifier === 'regex' || location.modifier === 'regex-caseless';
    scopes.push({
      settings: location.settings,
      url: regex ? `~ ${location.pattern}` : location.pattern,
      directory: directoryFor(location.settings, regex ? undefined : location.pattern),
      usesIndex: !regex && isDirectoryPrefix(location),
    });
  }
  return scopes;
}

function isDirectoryPrefix(location: NginxLocation): boolean {
  return location.modifier !== 'exact' || location.pattern.endsWith('/');
}

/** `root` + the location's prefix, or the alias itself (ngx_http_map_uri_to_path). */
function directoryFor(settings: NginxSettings, prefix: string | undefined): string | undefined {
  const root = settings.documentRoot;
  if (root.path.includes('$') || (root.kind === 'alias' && root.prefixLength === null)) return undefined;
  const directory = root.kind === 'root' && prefix !== undefined ? posix.join(root.path, posix.dirname(`${prefix}x`)) : root.path;
  return directory.length > 1 ? directory.replace(/\/+$/, '') : directory;
}

export default createRule({
  meta: {
    id: 'nginx/root-unreachable',
    type: 'problem',
    docs: { description: 'Report a root, alias or index file the nginx workers cannot search or read', recommended: 'recommended' },
    messages: {
      directoryDenied: '{{component}} is {{owner}}: {{user}} cannot {{need}} it, so nginx answers 403 for every URL under {{url}} on {{server}} and logs "(13: Permission denied)"',
      indexDenied: '{{component}} is {{owner}}: {{user}} cannot {{need}} it, so nginx answers 403 for {{url}} on {{server}} (index file {{index}}) and logs "(13: Permission denied)"',
    },
    schema: NO_OPTIONS_SCHEMA,
    defaultSeverity: 'error',
    hasSuggestions: true,
  },
  defaultOptions: {},
  create(context) {
    const reported = new Set<string>();
    const report = (messageId: 'directoryDenied' | 'indexDenied', denial: AccessDenial, who: Principal, anchor: Directive, data: Record<string, string>): void => {
      const key = `${denial.path}\0${anchor.loc.file}:${anchor.loc.line}:${anchor.loc.column}`;
      if (reported.has(key) || !isPermissionDenial(denial)) return;
      reported.add(key);
      const shared = denialReport(denial, who, context.users);
      context.report({ node: anchor, path: denial.path, messageId, data: { ...data, ...shared.data }, suggest: shared.suggest });
    };

    return {
      server(event) {
        // Without the filesystem there is nothing to check, and the web user need not be resolved
        // (resolving it warns when the audited system lacks the account).
        if (!context.settings.fsEnabled) return;
        const target = nginxServerOf(event);
        const who = context.principal;
        if (target === undefined || who === undefined) return;
        const { server } = target;
        for (const scope of scopesOf(server)) {
          const served = scope.directory;
          if (served === undefined) continue;
          const anchor = scope.settings.documentRoot.directive ?? server.block;
          const data = { url: scope.url, server: describeServer(server) };
          const directory = checkAccess(context.fs, who, served, 'search', context.users);
          if (!directory.ok) {
            report('directoryDenied', directory.denial, who, anchor, data);
            continue;
          }
          if (!scope.usesIndex) continue;
          // The index module takes the first name that exists; a later one is never looked at.
          const index = scope.settings.index.files
            .filter((name) => !name.includes('$') && !name.startsWith('/'))
            .map((name) => posix.join(served, name))
            .find((path) => context.fs.stat(path).ok);
          if (index === undefined) continue;
          const file = checkAccess(context.fs, who, index, 'read', context.users);
          if (!file.ok) report('indexDenied', file.denial, who, scope.settings.index.directives[0] ?? anchor, { ...data, index });
        }
      },
    };
  },
});
