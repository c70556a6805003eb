import { createRule, NO_OPTIONS_SCHEMA } from '../../../src/engine/rule.js';
import { WalkedAccess } from '../../../src/fs/access.js';
import type { Dialect } from '../../../src/parse/ast.js';
import { denialReport, isPermissionDenial } from '../../shared/permission-denial.js';
import { urlOfPath } from '../../shared/served-url.js';
import { describeServer } from '../../shared/server-label.js';

/** What each server writes to its error log when the kernel refuses its workers. */
const LOG_LINE: Readonly<Record<Dialect, Readonly<Record<'search' | 'read', string>>>> = {
  nginx: { search: '"(13: Permission denied)"', read: '"(13: Permission denied)"' },
  // Where AllowOverride lets httpd look for .htaccess files, opening the one in the closed
  // directory fails first and the log shows AH00529 instead.
  apache: { search: 'AH00035 (search permissions are missing) or AH00529 (.htaccess unreadable)', read: 'AH00132 (file permissions deny server access)' },
};

function isBelow(path: string, dir: string): boolean {
  return path.startsWith(dir === '/' ? '/' : `${dir}/`);
}

export default createRule({
  meta: {
    id: 'fs/unreadable-by-web-user',
    type: 'problem',
    docs: { description: 'Report served files the web user cannot read and directories it cannot search', recommended: 'recommended' },
    messages: {
      denied: '{{component}} is {{owner}}: {{user}} cannot {{need}} it, so {{server}} answers 403 for {{url}} and logs {{log}}',
    },
    schema: NO_OPTIONS_SCHEMA,
    defaultSeverity: 'error',
    hasSuggestions: true,
  },
  defaultOptions: {},
  create(context) {
    // One finding per blocking component: a directory nobody can search hides its whole subtree.
    const reported = new Set<string>();
    let access: WalkedAccess | undefined;
    return {
      fsEntry({ entry, tree, server }) {
        const who = context.principal;
        const root = tree.fsPath.replace(/(.)\/+$/, '$1');
        // The tree's own directory and its parents are the serving directive's problem
        // (nginx/root-unreachable, server/root-forbidden); this rule looks inside the tree.
        if (who === undefined || !isBelow(entry.path, root) || entry.stat.type === 'symlink') return;
        if (entry.stat.type !== 'file' && entry.stat.type !== 'dir') return;
        access ??= new WalkedAccess(context.fs, who, context.users);
        const result = access.check(entry.path, entry.stat, entry.stat.type === 'dir' ? 'search' : 'read');
        if (result.ok) return;
        const { denial } = result;
        if (!isPermissionDenial(denial) || !isBelow(denial.path, root)) return;
        if (reported.has(denial.path)) return;
        reported.add(denial.path);
        const { data, suggest } = denialReport(denial, who, context.users);
        const need = denial.need === 'search' ? 'search' : 'read';
        context.report({
          path: denial.path,
          node: tree.directive,
          messageId: 'denied',
          data: { ...data, server: describeServer(server), url: urlOfPath(tree, denial.path) ?? denial.path, log: LOG_LINE[server.dialect][need] },
          suggest,
        });
      },
    };
  },
});
