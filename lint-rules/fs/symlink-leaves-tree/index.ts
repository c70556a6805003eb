import * as posixPath from 'node:path/posix';
import { createRule, NO_OPTIONS_SCHEMA } from '../../../src/engine/rule.js';
import { describeServer } from '../../shared/server-label.js';
import { urlOfPath } from '../../shared/served-url.js';

function isWithin(path: string, dir: string): boolean {
  return dir === '/' || path === dir || path.startsWith(`${dir}/`);
}

export default createRule({
  meta: {
    id: 'fs/symlink-leaves-tree',
    type: 'suggestion',
    docs: { description: 'Report symlinks under a served tree that resolve to content outside it', recommended: 'strict' },
    messages: {
      escapes: '{{path}} points to {{target}}, outside the served tree {{root}}: {{server}} serves that file as {{url}}, so the tree is only as private as what the link reaches',
    },
    schema: NO_OPTIONS_SCHEMA,
    defaultSeverity: 'warn',
  },
  defaultOptions: {},
  create(context) {
    return {
      fsEntry({ entry, tree, server }) {
        if (entry.stat.type !== 'symlink' || entry.linkTarget === undefined) return;
        const target = posixPath.resolve(posixPath.dirname(entry.path), entry.linkTarget);
        const root = tree.fsPath.replace(/(.)\/+$/, '$1');
        // Dangling links and loops are fs/broken-symlink's.
        if (isWithin(target, root) || !context.fs.stat(entry.path).ok) return;
        context.report({
          path: entry.path,
          node: tree.directive,
          messageId: 'escapes',
          data: { path: entry.path, target, root, server: describeServer(server), url: urlOfPath(tree, entry.path) ?? entry.path },
        });
      },
    };
  },
});
