import * as posixPath from 'node:path/posix';
import { createRule, NO_OPTIONS_SCHEMA } from '../../../src/engine/rule.js';
import { shellQuote } from '../../../src/fs/remedy.js';
import type { Dialect } from '../../../src/parse/ast.js';
import { describeServer } from '../../shared/server-label.js';
import { urlOfPath } from '../../shared/served-url.js';

/** What a request for a dangling link gets: nginx fails the open(), httpd's directory walk refuses the link. */
const DANGLING_ANSWER: Readonly<Record<Dialect, string>> = {
  nginx: 'nginx answers 404 and logs "(2: No such file or directory)"',
  apache: 'Apache answers 403 and logs AH00037 (Symbolic link not allowed or link target not accessible)',
};
const LOOP_ANSWER: Readonly<Record<Dialect, string>> = {
  nginx: 'nginx answers 403 and logs "(40: Too many levels of symbolic links)"',
  apache: 'Apache answers 403 and logs AH00037 (Symbolic link not allowed or link target not accessible)',
};

function isWithin(path: string, dir: string): boolean {
  return dir === '/' || path === dir || path.startsWith(`${dir}/`);
}

export default createRule({
  meta: {
    id: 'fs/broken-symlink',
    type: 'problem',
    docs: { description: 'Report dangling symlinks, symlink loops and symlinks that leave the served tree', recommended: 'recommended' },
    messages: {
      dangling: '{{path}} points to {{target}}, which does not exist: for {{url}} on {{server}} {{answer}}',
      loop: '{{path}} is part of a symlink loop: for {{url}} on {{server}} {{answer}}',
      escapes: '{{path}} points to {{target}}, outside the served tree {{root}}: {{server}} serves that file as {{url}}, a mistake away from serving more than was meant',
    },
    schema: NO_OPTIONS_SCHEMA,
    defaultSeverity: 'warn',
    hasSuggestions: true,
  },
  defaultOptions: {},
  create(context) {
    return {
      fsEntry({ entry, tree, server }) {
        if (entry.stat.type !== 'symlink' || entry.linkTarget === undefined) return;
        const target = posixPath.resolve(posixPath.dirname(entry.path), entry.linkTarget);
        const data = { path: entry.path, target, server: describeServer(server), url: urlOfPath(tree, entry.path) ?? entry.path };
        const suggest = [{ desc: `remove the link ${entry.path}`, command: `rm ${shellQuote(entry.path)}` }];
        const resolved = context.fs.stat(entry.path);
        if (!resolved.ok) {
          const loop = resolved.error.code === 'ELOOP';
          if (!loop && resolved.error.code !== 'ENOENT' && resolved.error.code !== 'ENOTDIR') return;
          context.report({ path: entry.path, node: tree.directive, messageId: loop ? 'loop' : 'dangling', data: { ...data, answer: (loop ? LOOP_ANSWER : DANGLING_ANSWER)[server.dialect] }, suggest });
          return;
        }
        const root = tree.fsPath.replace(/(.)\/+$/, '$1');
        if (!isWithin(target, root)) context.report({ path: entry.path, node: tree.directive, messageId: 'escapes', data: { ...data, root }, suggest });
      },
    };
  },
});
