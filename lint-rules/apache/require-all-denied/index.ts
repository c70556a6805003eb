import { createRule, NO_OPTIONS_SCHEMA } from '../../../src/engine/rule.js';
import { claimOf, OUTSIDER } from '../../../src/probe/probe.js';
import { describeServer } from '../../shared/server-label.js';
import { guessed, isGuardedUrl, listed, refusalsByDecider, refusedPaths } from '../../shared/refusals.js';

/**
 * A served URL that every client is refused by the authorization it inherits: mod_authz_core's
 * `Require all denied` (AH01630), or 2.2's `Order`/`Deny from all` (mod_access_compat, AH01797),
 * which under `Satisfy All` refuses before any `Require` is looked at. The engine's probe asks
 * each DocumentRoot, Alias, `<Directory>`, `<Location>`, `<Files>` and `.htaccess` scope, with
 * httpd's merge order, so a later `<Location />` that grants is seen, and the finding points
 * at the line that really decides.
 */
export default createRule({
  meta: {
    id: 'apache/require-all-denied',
    type: 'problem',
    docs: {
      description: 'A served URL is denied to every client by the authorization it inherits',
      recommended: 'recommended',
    },
    messages: {
      denied: 'this `Require` refuses every client of {{server}} for {{urls}}: httpd answers 403 and logs AH01630 "client denied by server configuration"',
      deniedByAccessCompat:
        'this line (mod_access_compat) refuses every client of {{server}} for {{urls}}, and no Allow line reopens them: httpd answers 403 and logs AH01797 "client denied by server configuration"',
    },
    schema: NO_OPTIONS_SCHEMA,
    // Denying a whole scope looks deliberate: a warning, as the severity policy puts it.
    defaultSeverity: 'warn',
  },
  defaultOptions: {},
  create(context) {
    return {
      finish() {
        const probe = context.probe;
        if (probe?.model.dialect !== 'apache') return;
        // Some clients let in, or only some methods closed, is server/access-restricted's.
        // No client let in, and this line is the one that refuses everyone the config does not name.
        const groups = refusalsByDecider(
          probe,
          ({ verdict, admitted, refused, question }) =>
            (verdict.cause === 'AH01630' || verdict.cause === 'AH01797') && admitted.length === 0 && refused.includes(OUTSIDER) && question.method === 'GET' && !isGuardedUrl(question.path),
        );
        for (const { decidedBy, refusals } of groups) {
          const [first] = refusals;
          if (first === undefined) continue;
          const data = { server: describeServer(first.server), urls: listed(refusedPaths(refusals)) };
          context.report({ loc: decidedBy, messageId: first.refusal.verdict.cause === 'AH01797' ? 'deniedByAccessCompat' : 'denied', data, claim: claimOf(first.refusal.verdict), ...guessed(refusals) });
        }
      },
    };
  },
});
