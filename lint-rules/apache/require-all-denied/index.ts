import { createRule, NO_OPTIONS_SCHEMA } from '../../../src/engine/rule.js';
import { anyClientGet, directoryConfig, evaluateRequire } from '../../../src/simulate/apache/index.js';
import { apacheServerOf, servedBy, treeDir } from '../served-tree.js';
import { onceEach, where } from '../report-text.js';

/**
 * A served tree whose merged authorization ends in `Require all denied`: every request under its
 * URL prefix is refused by mod_authz_core, which logs AH01630 "client denied by server
 * configuration". Sections merge as httpd merges them, .htaccess included where AllowOverride
 * lets it in, so the finding points at the `Require` that really decides.
 */
export default createRule({
  meta: {
    id: 'apache/require-all-denied',
    type: 'problem',
    docs: {
      description: 'A served DocumentRoot or Alias target is denied to everyone by the authorization it inherits',
      recommended: 'recommended',
    },
    messages: {
      denied:
        '{{path}}, served at {{url}} by {{servedBy}} ({{where}}), inherits this `Require all denied`: httpd answers 403 to every client for every URL under {{url}} and logs AH01630 "client denied by server configuration"',
    },
    schema: NO_OPTIONS_SCHEMA,
    defaultSeverity: 'error',
  },
  defaultOptions: {},
  create(context) {
    const firstTime = onceEach();
    return {
      server(event) {
        const apache = apacheServerOf(event);
        if (!apache) return;
        for (const tree of apache.server.trees) {
          const url = tree.urlPrefix ?? '/';
          const path = treeDir(tree);
          const config = directoryConfig(apache.model, apache.server, path, context, { url });
          if (!config.require) continue;
          const decision = evaluateRequire(config.require, anyClientGet(url));
          const decisive = decision.decisive;
          // Only `Require all denied` refuses everyone; `Require ip`/`local`/`user` restrict on purpose.
          if (decision.result !== 'denied' || !decisive || !isRequireAllDenied(decisive.args.map((a) => a.value))) continue;
          if (!firstTime(`${path}\0${where(decisive)}`)) continue;
          context.report({
            node: decisive,
            messageId: 'denied',
            data: { path, servedBy: servedBy(tree.directive), where: where(tree.directive), url },
            related: [{ message: `${servedBy(tree.directive)} serves ${path} at ${url}`, loc: tree.directive.loc }],
          });
        }
      },
    };
  },
});

function isRequireAllDenied(words: readonly string[]): boolean {
  return words.length === 2 && words[0]?.toLowerCase() === 'all' && words[1]?.toLowerCase() === 'denied';
}
