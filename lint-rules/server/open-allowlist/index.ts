import { createRule, NO_OPTIONS_SCHEMA } from '../../../src/engine/rule.js';
import type { Directive } from '../../../src/parse/ast.js';
import { OUTSIDER } from '../../../src/probe/clients.js';
import { outsiderAdmittedAt } from '../../shared/admitted.js';
import { listed } from '../../shared/refusals.js';
import { describeServer } from '../../shared/server-label.js';

/** An address an allowlist names: nginx `allow 10.0.0.0/8`, httpd 2.2's `Allow from 10.0.0.0/8` (not `all`). */
function allowsSomeClients(directive: Directive): boolean {
  const words = directive.args.map((a) => a.value.toLowerCase());
  if (directive.dialect === 'nginx') return directive.name === 'allow' && words[0] !== 'all';
  return directive.lowerName === 'allow' && words[0] === 'from' && words.length > 1 && !words.includes('all');
}

export default createRule({
  meta: {
    id: 'server/open-allowlist',
    type: 'security',
    docs: { description: 'Report an allowlist that refuses nobody: allow lines with nothing denying the other clients', recommended: 'recommended' },
    messages: {
      open: '`{{line}}` restricts nothing: {{server}} answers {{status}} for {{urls}} to any client (e.g. {{outsider}}), since nothing after the allowlist refuses the others',
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
        for (const { directive, first, admitted } of outsiderAdmittedAt(probe, 'allowlist', allowsSomeClients)) {
          context.report({
            node: directive,
            messageId: 'open',
            data: {
              line: `${directive.name} ${directive.args.map((a) => a.raw).join(' ')}`,
              server: describeServer(first.server),
              status: first.verdict.status,
              urls: listed(admitted.map((a) => a.question.path)),
              outsider: OUTSIDER,
            },
            suggest: [{ desc: directive.dialect === 'nginx' ? 'end the list with `deny all;`' : 'make the list refuse by default with `Order Allow,Deny`, or use `Require ip`' }],
          });
        }
      },
    };
  },
});
