import { createRule, NO_OPTIONS_SCHEMA } from '../../../src/engine/rule.js';
import { anyClientGet, directoryConfig, evaluateRequire, everyClientRefusedBy } from '../../../src/simulate/apache/index.js';
import { apacheServerOf, servedBy, treeDir } from '../served-tree.js';
import { onceEach, where } from '../report-text.js';

/**
 * A served tree whose merged authorization ends in `Require all denied`: every request under its
 * URL prefix is refused by mod_authz_core, which logs AH01630 "client denied by server
 * configuration". The same with 2.2's `Order`/`Deny from all` (mod_access_compat, AH01797),
 * which under `Satisfy All` refuses before any `Require` is looked at. Sections merge as httpd merges them, .htaccess included where AllowOverride
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
      deniedByAccessCompat:
        '{{path}}, served at {{url}} by {{servedBy}} ({{where}}), inherits this `{{directive}}` (mod_access_compat), which no Allow line reopens: httpd answers 403 to every client for every URL under {{url}} and logs AH01797 "client denied by server configuration"',
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
          const data = { path, servedBy: servedBy(tree.directive), where: where(tree.directive), url };
          const related = [{ message: `${servedBy(tree.directive)} serves ${path} at ${url}`, loc: tree.directive.loc }];
          // Under Satisfy All mod_access_compat runs first: its denial is the one httpd logs.
          const compatDenial = config.access && config.satisfy === 'all' ? everyClientRefusedBy(config.access) : undefined;
          if (compatDenial) {
            if (!firstTime(`${path}\0${where(compatDenial)}`)) continue;
            const directive = [compatDenial.name, ...compatDenial.args.map((a) => a.raw)].join(' ');
            context.report({ node: compatDenial, messageId: 'deniedByAccessCompat', data: { ...data, directive }, related });
            continue;
          }
          if (!config.require) continue;
          const decision = evaluateRequire(config.require, anyClientGet(url));
          const decisive = decision.decisive;
          // Only `Require all denied` refuses everyone; `Require ip`/`local`/`user` restrict on purpose.
          if (decision.result !== 'denied' || !decisive || !isRequireAllDenied(decisive.args.map((a) => a.value))) continue;
          if (!firstTime(`${path}\0${where(decisive)}`)) continue;
          context.report({ node: decisive, messageId: 'denied', data, related });
        }
      },
    };
  },
});

function isRequireAllDenied(words: readonly string[]): boolean {
  return words.length === 2 && words[0]?.toLowerCase() === 'all' && words[1]?.toLowerCase() === 'denied';
}
