import type { Directive, Node } from '../../../src/parse/ast.js';
import { createRule, NO_OPTIONS_SCHEMA } from '../../../src/engine/rule.js';
import type { AccessFile } from '../../../src/probe/types.js';
import { anyClientGet, evaluateAccessCompat, evaluateRequire } from '../../../src/simulate/apache/index.js';
import { listed, where } from '../report-text.js';

/** What a .htaccess says when it only keeps clients out. */
const ACCESS_DIRECTIVES = new Set(['require', 'order', 'allow', 'deny', 'satisfy']);

/**
 * .htaccess files under a served tree in a directory where `AllowOverride None` (with no
 * AllowOverrideList) is in force: httpd never opens them, so the access rules, rewrites and
 * redirects they hold do nothing. A deny rule there protects nothing.
 */
export default createRule({
  meta: {
    id: 'apache/htaccess-ignored',
    type: 'security',
    docs: {
      description: '.htaccess files that AllowOverride None makes httpd ignore',
      recommended: 'recommended',
    },
    messages: {
      ignored:
        'httpd never reads {{files}}: this `AllowOverride None` covers {{dirs}}, so {{directives}} written there take no effect (a `Require` or `Deny` in them protects nothing)',
    },
    schema: NO_OPTIONS_SCHEMA,
    defaultSeverity: 'error',
  },
  defaultOptions: {},
  create(context) {
    return {
      finish() {
        // Grouped by the AllowOverride that silences them: one finding per line to change.
        const ignoredBy = new Map<Directive, AccessFile[]>();
        for (const file of context.probe?.accessFiles() ?? []) {
          const { config } = file;
          // Left unset, AllowOverride still opens the file (and refuses what it holds): that is
          // apache/htaccess-directive-not-allowed's 500, not an ignored file.
          if (!hasDirectives(file) || config.override.kind === 'unset' || file.opened || !config.overrideSource || deniedAnyway(file)) continue;
          ignoredBy.set(config.overrideSource, [...(ignoredBy.get(config.overrideSource) ?? []), file]);
        }
        for (const [allowOverride, unsorted] of ignoredBy) {
          const files = [...unsorted].sort((a, b) => (a.path < b.path ? -1 : 1));
          const names = [...new Set(files.flatMap((f) => leaves(f).map((d) => d.name)))];
          context.report({
            node: allowOverride,
            messageId: 'ignored',
            data: {
              files: listed(files.map((f) => f.path)),
              dirs: listed(files.map((f) => f.dir)),
              directives: names.map((n) => `\`${n}\``).join(', '),
            },
            related: files.map((f) => ({ path: f.path, message: `${f.path} is never read (AllowOverride None at ${where(allowOverride)})` })),
          });
        }
      },
    };
  },
});

/**
 * A file that only denies access, in a directory the server config already closes to every
 * client (the application's rules moved into a `<Directory>`): ignoring it loses nothing.
 */
function deniedAnyway(htaccess: AccessFile): boolean {
  const { config } = htaccess;
  if (!leaves(htaccess).every((d) => ACCESS_DIRECTIVES.has(d.lowerName))) return false;
  const request = anyClientGet(htaccess.url);
  const authz = config.require ? evaluateRequire(config.require, request).result : 'neutral';
  return authz === 'denied' || (authz === 'neutral' && config.access !== undefined && !evaluateAccessCompat(config.access, request).allowed);
}

function hasDirectives(htaccess: AccessFile): boolean {
  return htaccess.nodes.some((n) => n.type === 'directive');
}

/** Every directive of the file that is not a section, sections entered. */
function leaves(htaccess: AccessFile): Directive[] {
  const found: Directive[] = [];
  const visit = (nodes: readonly Node[]): void => {
    for (const node of nodes) {
      if (node.type !== 'directive') continue;
      if (node.children) visit(node.children);
      else found.push(node);
    }
  };
  visit(htaccess.nodes);
  return found;
}
