import { createRule, NO_OPTIONS_SCHEMA } from '../../../src/engine/rule.js';
import type { ServerSummary } from '../../../src/model/types.js';
import { claimOf } from '../../../src/probe/probe.js';
import { OUTSIDER } from '../../../src/probe/clients.js';
import type { ProbeVerdict } from '../../../src/probe/types.js';
import { describeServer } from '../../shared/server-label.js';
import { gateReached, gatesReading, refusedByGate } from '../if-gates.js';

/** What a browser sends after following a search result: another site's page as Referer. */
export const FOREIGN_REFERER = 'https://www.google.com/search?q=shop';

export default createRule({
  meta: {
    id: 'nginx/referer-gate',
    type: 'problem',
    docs: { description: 'Report an `if ($invalid_referer)` that refuses visitors following links from other sites, and say whether requests without a Referer get past it', recommended: 'recommended' },
    messages: {
      leaky:
        '{{server}} answers {{status}} at {{url}} to a browser arriving from a link on another site (Referer: {{foreign}}), yet {{bareStatus}} to any request without a Referer (`none`/`blocked` in valid_referers): the check stops visitors from search results and links, not a client that leaves the header out',
      refusesLinks:
        '{{server}} answers {{status}} at {{url}} to every browser arriving from a link on another site (Referer: {{foreign}}), such as a search result, and to requests without a Referer: only pages of the names valid_referers lists get in',
    },
    schema: NO_OPTIONS_SCHEMA,
    // A referer check looks deliberate: its refusals are warnings, as the severity policy puts it.
    defaultSeverity: 'warn',
  },
  defaultOptions: {},
  create(context) {
    return {
      finish() {
        const probe = context.probe;
        if (probe?.model.dialect !== 'nginx') return;
        const gates = gatesReading(context.config.nodes, 'invalid_referer');
        if (gates.length === 0) return;
        const reported = new Set<unknown>();
        for (const server of probe.model.model.servers as readonly ServerSummary[]) {
          const asked = new Set<string>();
          for (const question of probe.questions(server)) {
            if (question.method !== 'GET' || asked.has(question.path)) continue;
            asked.add(question.path);
            const foreign = probe.on(server, question.path, { clientIp: OUTSIDER, headers: { Referer: FOREIGN_REFERER } });
            const gate = foreign && gateReached(foreign, gates);
            if (!foreign || !gate || reported.has(gate) || !refusedByGate(foreign, gates)) continue;
            const bare = probe.on(server, question.path, { clientIp: OUTSIDER }) as ProbeVerdict;
            reported.add(gate);
            const data = { server: describeServer(server), status: foreign.status, url: question.path, foreign: FOREIGN_REFERER, bareStatus: bare.status };
            context.report({ node: gate, messageId: refusedByGate(bare, gates) ? 'refusesLinks' : 'leaky', data, claim: claimOf(foreign) });
          }
        }
      },
    };
  },
});
