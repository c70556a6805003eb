import * as posixPath from 'node:path/posix';
import { createRule, NO_OPTIONS_SCHEMA } from '../../../src/engine/rule.js';
import { shellQuote } from '../../../src/fs/remedy.js';
import type { Dialect } from '../../../src/parse/ast.js';
import { describeServer } from '../../shared/server-label.js';
import { urlOfPath } from '../../shared/served-url.js';
import type { WalkEntry } from '../../../src/fs/walk.js';

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
    const siblings = new WalkedSiblings();
    return {
      fsEntry({ entry, tree, server }) {
        siblings.note(entry);
        if (entry.stat.type !== 'symlink' || entry.linkTarget === undefined) return;
        // A link that resolves (wherever to: a package's files, `php artisan storage:link`, a
        // shared upload directory) is served like its target; only one that cannot is broken.
        if (siblings.isPlain(entry, entry.linkTarget)) return;
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

/**
 * What the walk found so far in each directory it is inside: most links name a file beside them
 * (`file.html -> file-1.html`), which the walk has already seen, so that they need no lookup of
 * their own. The walk is depth first, so the entries at depth d are those of the directory last
 * seen at depth d - 1. They are kept as a list, indexed by path only when a link asks: a tree
 * has few links.
 */
class WalkedSiblings {
  private readonly byDepth: { entries: WalkEntry[]; types: Map<string, string>; indexed: number }[] = [];

  note(entry: WalkEntry): void {
    (this.byDepth[entry.depth] ??= { entries: [], types: new Map(), indexed: 0 }).entries.push(entry);
    const below = entry.stat.type === 'dir' ? this.byDepth[entry.depth + 1] : undefined;
    if (below !== undefined) {
      below.entries.length = 0;
      below.types.clear();
      below.indexed = 0;
    }
  }

  /** Whether `link` names a plain file or directory the walk found beside it: a target stat(2) reaches. */
  isPlain(link: WalkEntry, target: string): boolean {
    if (target === '' || target === '.' || target === '..' || target.includes('/')) return false;
    const siblings = this.byDepth[link.depth];
    if (siblings === undefined) return false;
    for (; siblings.indexed < siblings.entries.length; siblings.indexed++) {
      const entry = siblings.entries[siblings.indexed] as WalkEntry;
      siblings.types.set(entry.path, entry.stat.type);
    }
    const dir = posixPath.dirname(link.path);
    const type = siblings.types.get(dir === '/' ? `/${target}` : `${dir}/${target}`);
    return type === 'file' || type === 'dir';
  }
}
