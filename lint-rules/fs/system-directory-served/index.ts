import { createRule, NO_OPTIONS_SCHEMA } from '../../../src/engine/rule.js';
import { exampleOfSystemDirectory, systemDirectory } from '../../../src/fs/system-directories.js';
import type { Directive } from '../../../src/parse/ast.js';
import { describeServer } from '../../shared/server-label.js';
import { urlOfPath } from '../../shared/served-url.js';

export default createRule({
  meta: {
    id: 'fs/system-directory-served',
    type: 'security',
    docs: { description: 'Report a root, alias or DocumentRoot that serves a system directory such as /, /etc or /home', recommended: 'recommended' },
    messages: {
      served: '{{directive}} serves {{dir}}, a directory of the system itself: {{server}} hands out what the web user can read there, {{url}} ({{file}}) among it; the tree is not walked',
      servedUnderRegex: '{{directive}} serves {{dir}}, a directory of the system itself: {{server}} hands out what the web user can read there to the URLs its regex location matches; the tree is not walked',
    },
    schema: NO_OPTIONS_SCHEMA,
    defaultSeverity: 'error',
  },
  defaultOptions: {},
  create(context) {
    // A server-wide root or Alias is every virtual host's: one finding for the directive.
    const reported = new Set<Directive>();
    return {
      server({ server, model }) {
        // A server-wide Alias is served by the virtual hosts that inherit it, not by httpd's main server.
        const servedByVhost = (directive: Directive): boolean => server.block === undefined && model.servers.some((s) => s.block !== undefined && s.trees.some((t) => t.directive === directive));
        for (const tree of server.trees) {
          const dir = systemDirectory(tree.fsPath);
          if (dir === undefined || reported.has(tree.directive) || (server.dialect === 'apache' && servedByVhost(tree.directive))) continue;
          reported.add(tree.directive);
          const file = exampleOfSystemDirectory(dir);
          // Under a regex location only the URLs the regex matches reach the tree.
          const url = tree.urlPrefix === undefined ? undefined : urlOfPath({ ...tree, fsPath: dir }, file);
          const directive = `\`${tree.directive.name} ${tree.directive.args.map((a) => a.raw).join(' ')}\``;
          const data = { directive, dir, server: describeServer(server), file, url: url ?? '' };
          context.report({ node: tree.directive, path: dir, messageId: url === undefined ? 'servedUnderRegex' : 'served', data });
        }
      },
    };
  },
});
