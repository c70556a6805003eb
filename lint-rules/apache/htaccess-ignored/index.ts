import type { Directive } from '../../../src/parse/ast.js';
import { createRule, NO_OPTIONS_SCHEMA } from '../../../src/engine/rule.js';
import { anyClientGet, evaluateAccessCompat, evaluateRequire, readsHtaccess, sectionsConfig, type DirConfig } from '../../../src/simulate/apache/index.js';
import { allDirectives, htaccessFileOf, type HtaccessFile } from '../htaccess-files.js';
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
    // Grouped by the AllowOverride that silences them: one finding per line to change.
    const ignoredBy = new Map<Directive, Map<string, HtaccessFile>>();
    return {
      fsEntry(event) {
        const htaccess = htaccessFileOf(event, context.fs);
        if (!htaccess || !hasDirectives(htaccess)) return;
        const config = sectionsConfig(htaccess.server.sections, htaccess.dir);
        // Left unset, AllowOverride still opens the file (and refuses what it holds): that is
        // apache/htaccess-directive-not-allowed's 500, not an ignored file.
        if (config.override.kind === 'unset' || readsHtaccess(config.override, config.overrideList) || !config.overrideSource) return;
        if (deniedAnyway(htaccess, config)) return;
        const files = ignoredBy.get(config.overrideSource) ?? new Map<string, HtaccessFile>();
        files.set(htaccess.path, htaccess);
        ignoredBy.set(config.overrideSource, files);
      },
      finish() {
        for (const [allowOverride, byPath] of ignoredBy) {
          const files = [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
          const names = [...new Set(files.flatMap((f) => [...allDirectives(f.nodes)].filter((d) => !d.children).map((d) => d.name)))];
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
function deniedAnyway(htaccess: HtaccessFile, config: DirConfig): boolean {
  const leaves = [...allDirectives(htaccess.nodes)].filter((d) => !d.children);
  if (!leaves.every((d) => ACCESS_DIRECTIVES.has(d.lowerName))) return false;
  const request = anyClientGet(htaccess.url);
  const authz = config.require ? evaluateRequire(config.require, request).result : 'neutral';
  return authz === 'denied' || (authz === 'neutral' && config.access !== undefined && !evaluateAccessCompat(config.access, request).allowed);
}

function hasDirectives(htaccess: HtaccessFile): boolean {
  return htaccess.nodes.some((n) => n.type === 'directive');
}
