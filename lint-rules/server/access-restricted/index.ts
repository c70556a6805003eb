import { createRule, NO_OPTIONS_SCHEMA, type StatusClaim } from '../../../src/engine/rule.js';
import type { SourceLocation } from '../../../src/parse/ast.js';
import type { ProbeVerdict, Refusal } from '../../../src/probe/types.js';
import { claimOf } from '../../../src/probe/probe.js';
import { describeServer } from '../../shared/server-label.js';
import { accessLogLine, clientName, guessed, isGuardedUrl, listed, refusalsByDecider, refusedPaths } from '../../shared/refusals.js';

/** Causes the access modules log: nginx's allow/deny, httpd's Require (AH01753: `Require host` found no name) and Order/Allow/Deny. */
const ACCESS_CAUSES = new Set<string | null>(['forbidden-by-rule', 'AH01630', 'AH01753', 'AH01797']);

/**
 * An access list that lets some clients in and refuses others (an IP allowlist, a `deny` of one
 * network), or closes some methods only (`limit_except`, `<Limit>`): the server answers 403 to
 * the rest. The finding says who is refused, from one client per boundary the config names.
 */
export default createRule({
  meta: {
    id: 'server/access-restricted',
    type: 'problem',
    docs: { description: 'Report allow/deny, Require ip and method limits that refuse some clients or methods, saying who is refused', recommended: 'recommended' },
    messages: {
      someClients: '{{server}} answers 403 to {{refused}} for {{urls}} because of this line, and lets {{admitted}} in: it {{log}}',
      refusedLater: '{{server}} answers 403 to {{refused}} for {{urls}} because of this line; {{others}}: it {{log}}',
      someMethods: '{{server}} answers 403 to every client for {{urls}} because of this line, which closes those methods: it {{log}}',
      blocklist: '{{server}} answers 403 to {{refused}} for {{urls}} because of this line and {{more}} more like it in this file (a blocklist), and lets {{admitted}} in: it {{log}}',
    },
    schema: NO_OPTIONS_SCHEMA,
    // An allowlist looks deliberate: a warning, as the severity policy puts it.
    defaultSeverity: 'warn',
  },
  defaultOptions: {},
  create(context) {
    return {
      finish() {
        const probe = context.probe;
        if (!probe) return;
        // A URL some clients get and others are refused, or a method closed to everyone.
        // A client refused for another cause (no index for `/`) still got past the access list.
        const later = (refusal: Refusal): ProbeVerdict[] => refusal.verdicts.filter((v) => !ACCESS_CAUSES.has(v.cause));
        const passed = (refusal: Refusal): string[] => [...refusal.admitted, ...later(refusal).map((v) => v.request.clientIp)];
        const refusedHere = (refusal: Refusal): string[] => refusal.verdicts.filter((v) => ACCESS_CAUSES.has(v.cause)).map((v) => v.request.clientIp);
        const partOf = (refusal: Refusal): boolean => passed(refusal).length > 0;
        const groups = refusalsByDecider(probe, (refusal, _server, whole) => ACCESS_CAUSES.has(refusal.verdict.cause) && (partOf(whole) || refusal.question.method !== 'GET') && !isGuardedUrl(refusal.question.path));
        const blocklists = new Map<string, Blocklist>();
        for (const { decidedBy, refusals } of groups) {
          const [first] = refusals;
          if (first === undefined) continue;
          const data = { server: describeServer(first.server), urls: listed(refusedPaths(refusals)), log: accessLogLine(first.refusal.verdict.cause) };
          const partial = refusals.filter(({ whole }) => partOf(whole));
          if (partial.length === 0) {
            context.report({ loc: decidedBy, messageId: 'someMethods', data, claim: claimOf(first.refusal.verdict), ...guessed(refusals) });
            continue;
          }
          const refused = listed(partial.flatMap(({ refusal }) => refusedHere(refusal).map(clientName)));
          const claim = { claim: claimOf((partial[0] ?? first).refusal.verdict), ...guessed(refusals) };
          const refusedAfter = partial.flatMap(({ whole }) => later(whole));
          if (refusedAfter.length === 0) {
            const admitted = listed(partial.flatMap(({ whole }) => whole.admitted.map(clientName)));
            // Lines that each refuse their own clients from the same URLs of one server: one list.
            const key = JSON.stringify([decidedBy.file, data.server, data.urls]);
            const list = blocklists.get(key) ?? { lines: [], refused: [] };
            list.lines.push({ decidedBy, report: { data: { ...data, refused, admitted }, ...claim } });
            list.refused.push(...partial.flatMap(({ refusal }) => refusedHere(refusal).map(clientName)));
            blocklists.set(key, list);
            continue;
          }
          // Clients the line lets past that the server still refuses are not "let in": say what they get.
          const others = [...new Set(partial.flatMap(({ whole }) => whole.admitted.map(clientName)))];
          context.report({ loc: decidedBy, messageId: 'refusedLater', data: { ...data, refused, others: pastTheLine(others, refusedAfter) }, ...claim });
        }
        for (const { lines, refused } of blocklists.values()) {
          const [first, ...rest] = lines.sort((a, b) => a.decidedBy.line - b.decidedBy.line || a.decidedBy.column - b.decidedBy.column);
          if (first === undefined) continue;
          if (rest.length < BLOCKLIST_LINES - 1) {
            for (const { decidedBy, report } of lines) context.report({ loc: decidedBy, messageId: 'someClients', ...report });
            continue;
          }
          const related = rest.map(({ decidedBy }) => ({ loc: decidedBy, message: 'refuses its clients too' }));
          const { data, ...claim } = first.report;
          context.report({ loc: first.decidedBy, messageId: 'blocklist', data: { ...data, refused: listed(refused), more: String(rest.length) }, ...claim, related });
        }
      },
    };
  },
});

/** From this many lines that each refuse other clients from the same URLs, they are one blocklist and one finding. */
const BLOCKLIST_LINES = 5;

interface Blocklist {
  lines: Array<{ decidedBy: SourceLocation; report: { data: Record<string, string>; claim: StatusClaim; severity?: 'warn' } }>;
  refused: string[];
}

/**
 * What the clients the line does not refuse get, from their verdicts: `lets 10.0.0.1 in`, and
 * for those refused later for another cause, `127.0.0.1 passes it but is answered 403 (AH00132)`.
 */
function pastTheLine(admitted: readonly string[], refusedAfter: readonly ProbeVerdict[]): string {
  const clients = [...new Set(refusedAfter.map((v) => clientName(v.request.clientIp)))];
  const [first] = refusedAfter;
  const answer = first === undefined ? '' : `${first.status}${first.cause ? ` (${first.cause})` : ''}`;
  const one = clients.length === 1;
  const later = `${listed(clients)} ${one ? 'passes' : 'pass'} it but ${one ? 'is' : 'are'} answered ${answer} for another reason`;
  return admitted.length > 0 ? `it lets ${listed(admitted)} in, and ${later}` : later;
}
