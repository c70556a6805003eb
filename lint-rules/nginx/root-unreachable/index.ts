import { createRule, NO_OPTIONS_SCHEMA } from '../../../src/engine/rule.js';
import { checkAccess } from '../../../src/fs/access.js';
import type { NginxServer } from '../../../src/model/nginx/index.js';
import type { ServedTree } from '../../../src/model/types.js';
import { claimOf } from '../../../src/probe/probe.js';
import { denialReport, isPermissionDenial } from '../../shared/permission-denial.js';
import { describeServer } from '../../shared/server-label.js';

function isBelow(path: string, dir: string): boolean {
  return path.startsWith(dir === '/' ? '/' : `${dir}/`);
}

/**
 * A `root` or `alias` whose own directory, or a directory above it, the workers cannot search
 * (or a file it names that they cannot read): every URL it maps answers 403 with "(13:
 * Permission denied)". The engine's probe asks each location; what blocks a path inside the
 * served tree is fs/unreadable-by-web-user's, so one cause gives one finding. A `root` naming
 * a regular file is a 404 in nginx ("(20: Not a directory)"), so it is not reported here.
 */
export default createRule({
  meta: {
    id: 'nginx/root-unreachable',
    type: 'problem',
    docs: { description: 'Report a root, alias or index file the nginx workers cannot search or read', recommended: 'recommended' },
    messages: {
      directoryDenied: '{{component}} is {{owner}}: {{user}} cannot {{need}} it, so nginx answers 403 for every URL under {{url}} on {{server}} and logs "(13: Permission denied)"',
      indexDenied: '{{component}} is {{owner}}: {{user}} cannot {{need}} it, so nginx answers 403 for {{url}} on {{server}} (index file {{index}}) and logs "(13: Permission denied)"',
      neverServed:
        '{{component}} is {{owner}}: {{user}} cannot {{need}} it, so {{server}} never serves a file from {{root}}: {{url}} falls back to {{fallback}} ({{status}}) and nginx logs "(13: Permission denied)" at crit',
    },
    schema: NO_OPTIONS_SCHEMA,
    // The config means to serve the tree and nginx refuses it: an error, as the severity policy puts it.
    defaultSeverity: 'error',
    hasSuggestions: true,
  },
  defaultOptions: {},
  create(context) {
    const reported = new Set<string>();
    // Components already reported as refusing: a fallback through the same one says nothing new.
    const closed = new Set<string>();
    /**
     * A root the workers cannot search whose requests all fall back (`try_files $uri @proxy`,
     * Mastodon's site under a 0700 home): nothing is refused, but no file is ever served from
     * it; the back end or the fallback answers instead. A warning: the site still answers.
     */
    const reportFallback = (server: NginxServer, tree: ServedTree): void => {
      const who = context.principal;
      if (who === undefined || tree.urlPrefix === undefined || tree.fsPath.includes('$')) return;
      const root = tree.fsPath.length > 1 ? tree.fsPath.replace(/\/+$/, '') : tree.fsPath;
      const access = checkAccess(context.fs, who, root, 'search', context.users);
      // A root naming a regular file is a 404 ("(20: Not a directory)"), not a closed directory.
      if (access.ok || !isPermissionDenial(access.denial) || access.denial.stat.type !== 'dir' || closed.has(access.denial.path)) return;
      const verdict = context.probe?.on(server, tree.urlPrefix, tree.host === undefined ? {} : { host: tree.host });
      const fallback = verdict?.trace.at(-1)?.message;
      if (verdict === undefined || verdict.status === 403 || fallback === undefined) return;
      closed.add(access.denial.path);
      const shared = denialReport(access.denial, who, context.users);
      const data = { ...shared.data, root, url: tree.host === undefined ? tree.urlPrefix : verdict.url, server: describeServer(server), fallback, status: verdict.status };
      context.report({ node: tree.directive, path: access.denial.path, messageId: 'neverServed', data, suggest: shared.suggest, claim: claimOf(verdict), severity: 'warn' });
    };
    return {
      finish() {
        const probe = context.probe;
        // Without the filesystem there is nothing to check, and the web user need not be resolved.
        if (probe?.model.dialect !== 'nginx' || !context.settings.fsEnabled) return;
        const who = context.principal;
        if (who === undefined) return;
        for (const server of probe.model.model.servers) {
          for (const { question, verdict } of probe.refusals(server)) {
            const decidedBy = verdict.decidedBy;
            if (verdict.cause !== 'permission-denied' || verdict.path === undefined || decidedBy === undefined) continue;
            const access = checkAccess(context.fs, who, verdict.path, 'read', context.users);
            if (access.ok || !isPermissionDenial(access.denial)) continue;
            const { denial } = access;
            const tree = treeDecidedBy(server, decidedBy);
            if (tree !== undefined && isBelow(denial.path, tree)) continue;
            const key = `${denial.path}\0${decidedBy.file}:${decidedBy.line}:${decidedBy.column}`;
            if (reported.has(key)) continue;
            reported.add(key);
            closed.add(denial.path);
            const shared = denialReport(denial, who, context.users);
            const data = { ...shared.data, url: question.host === undefined ? question.path : verdict.url, server: describeServer(server) };
            const indexFile = denial.need === 'read' && denial.path === verdict.path;
            context.report({
              loc: decidedBy,
              path: denial.path,
              ...(indexFile ? { messageId: 'indexDenied', data: { ...data, index: verdict.path } } : { messageId: 'directoryDenied', data }),
              suggest: shared.suggest,
              claim: claimOf(verdict),
            });
          }
          for (const tree of probe.trees(server)) reportFallback(server, tree);
        }
      },
    };
  },
});

/** The directory of the `root`/`alias` at `loc`, when one of the server's trees is written there. */
function treeDecidedBy(server: NginxServer, loc: { file: string; line: number; column: number }): string | undefined {
  const tree = server.trees.find((t) => t.directive.loc.file === loc.file && t.directive.loc.line === loc.line && t.directive.loc.column === loc.column);
  return tree === undefined ? undefined : tree.fsPath.length > 1 ? tree.fsPath.replace(/\/+$/, '') : tree.fsPath;
}
