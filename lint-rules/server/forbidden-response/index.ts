import { createRule, NO_OPTIONS_SCHEMA } from '../../../src/engine/rule.js';
import { claimOf } from '../../../src/probe/probe.js';
import { describeServer } from '../../shared/server-label.js';
import { guardScopes, isGuardRefusal } from '../../shared/guards.js';
import { guessed, listed, refusalsByDecider, refusedPaths } from '../../shared/refusals.js';

/**
 * A line that answers 403 itself: nginx's `return 403`, httpd's `RewriteRule ... [F]` or
 * `Redirect 403`. Neither server logs anything for it, which makes it hard to find from the
 * error log alone.
 */
export default createRule({
  meta: {
    id: 'server/forbidden-response',
    type: 'problem',
    docs: { description: 'Report a return 403, RewriteRule [F] or Redirect 403 that answers a served URL', recommended: 'recommended' },
    messages: {
      forbidden: 'this line answers 403 for {{urls}} on {{server}}, and the server logs nothing for it',
    },
    schema: NO_OPTIONS_SCHEMA,
    // Writing a 403 is deliberate: a warning, as the severity policy puts it.
    defaultSeverity: 'warn',
  },
  defaultOptions: {},
  create(context) {
    return {
      finish() {
        const probe = context.probe;
        if (!probe) return;
        // nginx says `return` for an error with no log line; httpd logs no AH code for [F] and Redirect 403.
        // Guards are exposure/guarded-files's, reported when they refuse what the tree holds.
        const guards = guardScopes(probe);
        const groups = refusalsByDecider(probe, (refusal) => (refusal.verdict.cause === 'return' || refusal.verdict.cause === null) && !isGuardRefusal(refusal, guards));
        for (const { decidedBy, refusals } of groups) {
          const [first] = refusals;
          if (first === undefined) continue;
          context.report({ loc: decidedBy, messageId: 'forbidden', data: { server: describeServer(first.server), urls: listed(refusedPaths(refusals)) }, claim: claimOf(first.refusal.verdict), ...guessed(refusals) });
        }
      },
    };
  },
});
