import { createRule, NO_OPTIONS_SCHEMA } from '../../../src/engine/rule.js';
import type { Directive } from '../../../src/parse/ast.js';
import { describeServer } from '../../shared/server-label.js';

export default createRule({
  meta: {
    id: 'fs/variable-root',
    type: 'suggestion',
    docs: { description: 'Note a root or alias whose directory depends on request variables and names no tree, so its files are not checked', recommended: 'strict' },
    messages: {
      unchecked: '{{directive}} names a directory that depends on the request ({{path}}), so the files {{server}} serves through it are not checked',
    },
    schema: NO_OPTIONS_SCHEMA,
    defaultSeverity: 'warn',
  },
  defaultOptions: {},
  create(context) {
    const reported = new Set<Directive>();
    return {
      server({ server }) {
        // A root built from the request's host is walked through the trees the probe names for it.
        const named = new Set(context.probe?.trees(server).flatMap((t) => (t.host === undefined ? [] : [t.directive])));
        for (const tree of server.trees) {
          // nginx evaluates variables in root and alias per request; Apache's ${VAR} is expanded at startup.
          if (tree.directive.dialect !== 'nginx' || !tree.fsPath.includes('$') || reported.has(tree.directive) || named.has(tree.directive)) continue;
          reported.add(tree.directive);
          const directive = `\`${tree.directive.name} ${tree.directive.args.map((a) => a.raw).join(' ')}\``;
          context.report({ node: tree.directive, messageId: 'unchecked', data: { directive, path: tree.fsPath, server: describeServer(server) } });
        }
      },
    };
  },
});
