import { createRule, NO_OPTIONS_SCHEMA } from '../../../src/engine/rule.js';
import type { Directive } from '../../../src/parse/ast.js';
import { OUTSIDER } from '../../../src/probe/clients.js';
import { outsiderAdmittedAt } from '../../shared/admitted.js';
import { listed } from '../../shared/refusals.js';
import { describeServer } from '../../shared/server-label.js';

/** What the line shows: nginx's `stub_status`, httpd's `SetHandler server-status` or `server-info`. */
function statusPage(directive: Directive): string | undefined {
  if (directive.dialect === 'nginx') return directive.name === 'stub_status' ? 'connection counters (stub_status)' : undefined;
  if (directive.lowerName !== 'sethandler') return undefined;
  const handler = directive.args[0]?.value.toLowerCase();
  if (handler === 'server-status') return 'status page (server-status: clients, URLs being served, virtual hosts)';
  if (handler === 'server-info') return 'configuration (server-info: every loaded module and directive)';
  return undefined;
}

export default createRule({
  meta: {
    id: 'server/status-page-open',
    type: 'security',
    docs: { description: 'Report stub_status, server-status and server-info pages every client can read', recommended: 'recommended' },
    messages: {
      open: '{{server}} shows its {{page}} to any client (e.g. {{outsider}}) at {{urls}}',
    },
    schema: NO_OPTIONS_SCHEMA,
    defaultSeverity: 'error',
  },
  defaultOptions: {},
  create(context) {
    return {
      finish() {
        const probe = context.probe;
        if (!probe) return;
        for (const { directive, admitted } of outsiderAdmittedAt(probe, 'status-page', (d) => statusPage(d) !== undefined)) {
          const shown = admitted.filter((a) => a.verdict.status === 200);
          const [first] = shown;
          if (first === undefined) continue;
          const restrict = directive.dialect === 'nginx' ? 'allow 127.0.0.1; deny all;' : 'Require local';
          context.report({
            node: directive,
            messageId: 'open',
            data: { server: describeServer(first.server), page: statusPage(directive) as string, urls: listed(shown.map((a) => a.question.path)), outsider: OUTSIDER },
            suggest: [{ desc: `restrict the block to the clients that need it: \`${restrict}\`` }],
          });
        }
      },
    };
  },
});
