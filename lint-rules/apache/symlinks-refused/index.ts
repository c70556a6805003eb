import { walkDirectives, type Directive, type SourceLocation } from '../../../src/parse/ast.js';
import { createRule, NO_OPTIONS_SCHEMA, type Suggestion } from '../../../src/engine/rule.js';
import { parentOf, urlOf } from '../served-tree.js';
import { claimOf } from '../../../src/probe/probe.js';
import type { StatusClaim } from '../../../src/engine/rule.js';
import { listed } from '../report-text.js';

/**
 * Symlinks under a served tree that httpd's directory walk refuses: the Options in force for
 * the directory holding the link have neither FollowSymLinks nor SymLinksIfOwnerMatch, or have
 * SymLinksIfOwnerMatch and the link's owner is not its target's. httpd answers 403 and logs
 * AH00037 "Symbolic link not allowed or link target not accessible". The engine's probe asks
 * each link's URL, so the Options are the ones httpd's walk has merged when it meets the link.
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
    // Links refused for want of FollowSymLinks, by the Options line to change: one edit, one finding.
    const unfollowed = new Map<string, { options: SourceLocation; links: { path: string; url: string }[]; claim: StatusClaim }>();
    const directiveAt = (loc: SourceLocation): Directive | undefined => {
      for (const { directive } of walkDirectives(context.config.nodes)) {
        if (directive.loc.file === loc.file && directive.loc.line === loc.line && directive.loc.column === loc.column) return directive;
      }
      return undefined;
    };
    return {
      fsEntry({ entry, tree, server }) {
        // The walk root itself is followed like a DocumentRoot path, never judged as a link under it.
        if (context.probe?.model.dialect !== 'apache' || entry.stat.type !== 'symlink' || entry.depth === 0) return;
        const url = urlOf(tree, entry.path, false);
        const verdict = context.probe.on(server, url);
        const options = verdict?.decidedBy;
        if (verdict?.cause !== 'AH00037' || verdict.path !== entry.path || options === undefined) return;
        // The simulator's step says which Options check refused the link; a target it cannot reach is fs/broken-symlink's.
        const refusal = verdict.trace.find((s) => s.step === 'symlink-refused')?.message ?? '';
        if (refusal.includes('neither FollowSymLinks')) {
          const key = `${options.file}:${options.line}:${options.column}`;
          const group = unfollowed.get(key) ?? { options, links: [], claim: claimOf(verdict) };
          if (!group.links.some((l) => l.path === entry.path)) group.links.push({ path: entry.path, url });
          unfollowed.set(key, group);
          return;
        }
        if (!refusal.includes('SymLinksIfOwnerMatch is in effect')) return;
        const target = context.fs.stat(entry.path);
        const targetOwner = target.ok ? context.users.userName(target.value.uid) : 'unknown';
        context.report({
          loc: options,
          path: entry.path,
          messageId: 'ownerMismatch',
          data: { path: entry.path, dir: parentOf(entry.path), url, where: `${options.file}:${options.line}`, linkOwner: context.users.userName(entry.stat.uid), targetOwner },
          suggest: [{ desc: `give the link its target's owner`, command: `chown -h ${targetOwner} ${entry.path}` }],
          claim: claimOf(verdict),
        });
      },
      finish() {
        for (const { options, links, claim } of unfollowed.values()) {
          const [first] = links;
          if (!first) continue;
          const directive = directiveAt(options);
          context.report({
            loc: options,
            ...(links.length === 1 ? { path: first.path } : {}),
            messageId: 'notFollowed',
            data: {
              links: links.length === 1 ? `${first.path} is a symlink` : `${listed(links.map((l) => l.path))} are symlinks`,
              urls: listed(links.map((l) => l.url)),
              path: first.path,
              where: `${options.file}:${options.line}`,
            },
            related: links.map((l) => ({ path: l.path, message: `${l.path} is refused (AH00037)` })),
            ...(directive ? { suggest: [followSymLinks(directive)] } : {}),
            claim,
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
