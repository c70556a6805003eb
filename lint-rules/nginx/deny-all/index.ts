import { createRule, NO_OPTIONS_SCHEMA } from '../../../src/engine/rule.js';
import { claimOf, OUTSIDER } from '../../../src/probe/probe.js';
import type { NginxLocation } from '../../../src/model/nginx/index.js';
import type { Directive } from '../../../src/parse/ast.js';
import { describeLocation } from '../../../src/simulate/nginx/trace.js';
import { isGuardLocation } from '../../shared/guards.js';
import { describeServer } from '../../shared/server-label.js';
import { allLocations, isSiteRoot } from '../nginx-server.js';
import { guessed, listed, refusalsByDecider } from '../../shared/refusals.js';

export default createRule({
  meta: {
    id: 'nginx/deny-all',
    type: 'problem',
    docs: { description: 'Report a `deny all` that refuses every client for a URL a server serves', recommended: 'recommended' },
    messages: {
      wholeServer: '`deny all` refuses every client of {{server}} for every URL under /: nginx answers 403 and logs "access forbidden by rule"',
      someLocations: '`deny all` refuses every client of {{server}} in {{locations}}: nginx answers 403 for those URLs and logs "access forbidden by rule"',
    },
    schema: NO_OPTIONS_SCHEMA,
    // A deny every client reaches looks deliberate: a warning, as the severity policy puts it.
    defaultSeverity: 'warn',
  },
  defaultOptions: {},
  create(context) {
    return {
      finish() {
        const probe = context.probe;
        if (probe?.model.dialect !== 'nginx') return;
        const scopes = new Map<Directive, NginxLocation>();
        for (const server of probe.model.model.servers) for (const location of allLocations(server.locations)) scopes.set(location.directive, location);
        // Every client refused on GET by the access module; method and client restrictions are nginx's access-restricted.
        // No client let in, and this line is the one that refuses everyone the config does not name.
        const groups = refusalsByDecider(probe, ({ verdict, admitted, refused, question }) => {
          if (verdict.cause !== 'forbidden-by-rule' || admitted.length > 0 || !refused.includes(OUTSIDER) || question.method !== 'GET') return false;
          const location = scopes.get(question.scope);
          return location === undefined || !isGuardLocation(location);
        });
        for (const { decidedBy, refusals } of groups) {
          const [first] = refusals;
          if (first === undefined) continue;
          const data = { server: describeServer(first.server) };
          const wholeServer = refusals.some(({ refusal }) => refusal.question.path === '/' && (!scopes.has(refusal.question.scope) || isSiteRoot(scopes.get(refusal.question.scope) as NginxLocation)));
          const where = refusals.map(({ refusal }) => scopes.get(refusal.question.scope)).map((l) => (l ? describeLocation(l) : 'the server level'));
          if (wholeServer) context.report({ loc: decidedBy, messageId: 'wholeServer', data, claim: claimOf(first.refusal.verdict), ...guessed(refusals) });
          else context.report({ loc: decidedBy, messageId: 'someLocations', data: { ...data, locations: listed(where) }, claim: claimOf(first.refusal.verdict), ...guessed(refusals) });
        }
      },
    };
  },
});
