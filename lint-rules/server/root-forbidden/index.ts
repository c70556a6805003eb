import { createRule, NO_OPTIONS_SCHEMA, type RelatedLocation } from '../../../src/engine/rule.js';
import type { SourceLocation } from '../../../src/parse/ast.js';
import type { ServerSummary } from '../../../src/model/types.js';
import type { TraceStep } from '../../../src/simulate/types.js';
import { claimOf } from '../../../src/probe/probe.js';
import { describeServer } from '../../shared/server-label.js';

/**
 * Causes a dedicated rule reports, where it is written, with its own message: reporting them
 * here too would give one cause two findings.
 */
const REPORTED_ELSEWHERE = new Set<string | null>([
  // nginx/deny-all, apache/require-all-denied, server/access-restricted, server/forbidden-response
  'forbidden-by-rule', 'AH01630', 'AH01797', 'return', null,
  // nginx/directory-index-forbidden, apache/indexes-without-index
  'directory-index-forbidden', 'AH01276',
  // nginx/root-unreachable (the root and above), fs/unreadable-by-web-user (inside the tree)
  'permission-denied',
  // nginx/disable-symlinks-refused, apache/symlinks-refused
  'symlink-forbidden', 'AH00037',
]);
/** httpd's permission causes: inside the served tree they are fs/unreadable-by-web-user's. */
const APACHE_PERMISSION_CAUSES = new Set(['AH00035', 'AH00132']);

function isBelow(path: string, dir: string): boolean {
  return path.startsWith(dir === '/' ? '/' : `${dir}/`);
}

/**
 * The safety net: `GET /` of every server and virtual host a request reaches, answered 403 for
 * a cause no narrower rule reports (an .htaccess httpd cannot read, per-directory RewriteRules
 * without FollowSymLinks, a DocumentRoot whose parent the web user cannot search...).
 */
export default createRule({
  meta: {
    id: 'server/root-forbidden',
    type: 'problem',
    docs: { description: 'Simulate GET / on every server and virtual host and report a 403 no narrower rule explains', recommended: 'recommended' },
    messages: {
      forbidden: 'GET {{url}} would be answered 403 ({{cause}}) for {{server}}: {{reason}}',
    },
    schema: NO_OPTIONS_SCHEMA,
    // The home page of a server the config sets up is meant to be served: an error, as the severity policy puts it.
    defaultSeverity: 'error',
    hasSuggestions: true,
  },
  defaultOptions: {},
  create(context) {
    const insideTree = (server: ServerSummary, path: string): boolean => server.trees.some((t) => isBelow(path, t.fsPath.length > 1 ? t.fsPath.replace(/\/+$/, '') : t.fsPath));
    return {
      server(event) {
        const verdict = context.probe?.on(event.server, '/');
        if (verdict?.status !== 403 || REPORTED_ELSEWHERE.has(verdict.cause)) return;
        // AH00035 names the entry httpd could not lstat: the directory that refused is its parent.
        const blocked = verdict.cause === 'AH00035' ? verdict.path?.replace(/\/[^/]+$/, '') || '/' : verdict.path;
        if (verdict.cause !== null && APACHE_PERMISSION_CAUSES.has(verdict.cause) && blocked !== undefined && insideTree(event.server, blocked)) return;
        const anchor = verdict.decidedBy ?? event.server.block?.loc;
        if (anchor === undefined) return;
        const related: RelatedLocation[] = verdict.trace
          .filter((s): s is TraceStep & { loc: SourceLocation } => s.loc !== undefined && s.loc !== anchor)
          .map((s) => ({ loc: s.loc, message: s.message }));
        context.report({
          loc: anchor,
          ...(verdict.path !== undefined ? { path: verdict.path } : {}),
          messageId: 'forbidden',
          data: { url: verdict.url, cause: verdict.cause ?? 'no log line', server: describeServer(event.server), reason: verdict.trace.at(-1)?.message ?? 'denied' },
          related,
          claim: claimOf(verdict),
          ...(verdict.fix ? { suggest: [{ desc: verdict.fix }] } : {}),
          ...(verdict.uncertain?.length ? { severity: 'warn' } : {}),
        });
      },
    };
  },
});
