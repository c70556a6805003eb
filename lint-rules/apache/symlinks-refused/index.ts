import type { Directive } from '../../../src/parse/ast.js';
import { createRule, NO_OPTIONS_SCHEMA, type Suggestion } from '../../../src/engine/rule.js';
import { directoryConfig, type DirConfig } from '../../../src/simulate/apache/index.js';
import { eachApacheEntry, parentOf, urlOf } from '../served-tree.js';
import { listed, where } from '../report-text.js';

/**
 * Symlinks under a served tree that httpd's directory walk refuses: the Options in force for
 * the directory holding the link have neither FollowSymLinks nor SymLinksIfOwnerMatch, or have
 * SymLinksIfOwnerMatch and the link's owner is not its target's. httpd answers 403 and logs
 * AH00037 "Symbolic link not allowed or link target not accessible".
 */
export default createRule({
  meta: {
    id: 'apache/symlinks-refused',
    type: 'problem',
    docs: {
      description: 'Symlinks under a served directory that the Options in force make httpd refuse',
      recommended: 'recommended',
    },
    messages: {
      notFollowed:
        '{{links}}: these Options ({{where}}) give neither FollowSymLinks nor SymLinksIfOwnerMatch, so httpd answers 403 for {{urls}} and logs AH00037 "Symbolic link not allowed or link target not accessible: {{path}}"',
      ownerMismatch:
        '{{path}} is owned by {{linkOwner}} but its target by {{targetOwner}}, and these Options ({{where}}) set SymLinksIfOwnerMatch for {{dir}}: httpd answers 403 for {{url}} and logs AH00037 "Symbolic link not allowed or link target not accessible: {{path}}"',
    },
    schema: NO_OPTIONS_SCHEMA,
    defaultSeverity: 'error',
    hasSuggestions: true,
  },
  defaultOptions: {},
  create(context) {
    // Links share their directory's walk: node_modules/.bin holds hundreds.
    const configs = new Map<string, DirConfig>();
    // Links refused for want of FollowSymLinks, by the Options line to change: one edit, one finding.
    const unfollowed = new Map<Directive, { path: string; url: string }[]>();
    return {
      // The walk root itself is followed like a DocumentRoot path, never judged as a link under it.
      ...eachApacheEntry(({ entry, tree }, { model, server }) => {
        const dir = parentOf(entry.path);
        const key = `${server.block ? where(server.block) : 'main'}\0${dir}`;
        // httpd judges the link with the Options merged so far on its walk: <DirectoryMatch> comes after.
        const config = configs.get(key) ?? directoryConfig(model, server, dir, context, { regexSections: false });
        configs.set(key, config);
        const options = config.optionsSource;
        const effective = config.options.effective;
        if (!options) return;
        const url = urlOf(tree, entry.path, false);
        if (!effective.has('FollowSymLinks') && !effective.has('SymLinksIfOwnerMatch')) {
          unfollowed.set(options, [...(unfollowed.get(options) ?? []), { path: entry.path, url }]);
          return;
        }
        if (!effective.has('SymLinksIfOwnerMatch')) return;
        const target = context.fs.stat(entry.path);
        // A dangling link is refused as well, but the fix is the target, not the Options.
        if (!target.ok || target.value.uid === entry.stat.uid) return;
        const targetOwner = context.users.userName(target.value.uid);
        context.report({
          node: options,
          path: entry.path,
          messageId: 'ownerMismatch',
          data: { path: entry.path, dir, url, where: where(options), linkOwner: context.users.userName(entry.stat.uid), targetOwner },
          suggest: [{ desc: `give the link its target's owner`, command: `chown -h ${targetOwner} ${entry.path}` }],
        });
      }, ({ entry }) => entry.stat.type === 'symlink' && entry.depth > 0),
      finish() {
        for (const [options, links] of unfollowed) {
          const [first] = links;
          if (!first) continue;
          context.report({
            node: options,
            ...(links.length === 1 ? { path: first.path } : {}),
            messageId: 'notFollowed',
            data: {
              links: links.length === 1 ? `${first.path} is a symlink` : `${listed(links.map((l) => l.path))} are symlinks`,
              urls: listed(links.map((l) => l.url)),
              path: first.path,
              where: where(options),
            },
            related: links.map((l) => ({ path: l.path, message: `${l.path} is refused (AH00037)` })),
            suggest: [followSymLinks(options)],
          });
        }
      },
    };
  },
});

/**
 * The same Options line with FollowSymLinks added: `+FollowSymLinks` on a line of +/- words
 * (replacing a `-FollowSymLinks`), a bare `FollowSymLinks` on an absolute one (replacing `None`).
 */
function followSymLinks(options: Directive): Suggestion {
  const words = options.args.map((a) => a.raw);
  const signed = words.some((w) => w.startsWith('+') || w.startsWith('-'));
  const kept = words.filter((w) => !/^(-followsymlinks|none)$/i.test(w));
  const text = [options.name, ...kept, signed ? '+FollowSymLinks' : 'FollowSymLinks'].join(' ');
  return { desc: 'let httpd follow symlinks here', fix: { loc: options.loc, text } };
}
