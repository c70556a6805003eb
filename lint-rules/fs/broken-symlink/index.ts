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

export default createRule({
  meta: {
    id: 'fs/broken-symlink',
    type: 'problem',
    docs: { description: 'Report dangling symlinks and symlink loops under a served tree', recommended: 'recommended' },
    messages: {
      dangling: '{{path}} points to {{target}}, which does not exist: for {{url}} on {{server}} {{answer}}',
      loop: '{{path}} is part of a symlink loop: for {{url}} on {{server}} {{answer}}',
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
        // A link that resolves (wherever to: a package's files, `php artisan storage:link`, a
        // shared upload directory) is served like its target; only one that cannot is broken.
        const resolved = context.fs.stat(entry.path);
        if (resolved.ok) return;
        const loop = resolved.error.code === 'ELOOP';
        if (!loop && resolved.error.code !== 'ENOENT' && resolved.error.code !== 'ENOTDIR') return;
        const target = posixPath.resolve(posixPath.dirname(entry.path), entry.linkTarget);
        context.report({
          path: entry.path,
          node: tree.directive,
          messageId: loop ? 'loop' : 'dangling',
          data: { path: entry.path, target, server: describeServer(server), url: urlOfPath(tree, entry.path) ?? entry.path, answer: (loop ? LOOP_ANSWER : DANGLING_ANSWER)[server.dialect] },
          suggest: [{ desc: `remove the link ${entry.path}`, command: `rm ${shellQuote(entry.path)}` }],
        });
      },
    };
  },
});
