import { createRule, NO_OPTIONS_SCHEMA } from '../../../src/engine/rule.js';
import type { NginxLocation, NginxServer } from '../../../src/model/nginx/index.js';
import { claimOf } from '../../../src/probe/probe.js';
import { OUTSIDER } from '../../../src/probe/clients.js';
import type { ProbeVerdict, ServerProbe } from '../../../src/probe/types.js';
import { describeLocation } from '../../../src/simulate/nginx/trace.js';
import { literalOf, unintendedUrls } from '../../shared/overbroad-regex.js';
import { listed } from '../../shared/refusals.js';
import { describeServer } from '../../shared/server-label.js';
import { allLocations } from '../nginx-server.js';

/** The URLs a regex location answers that its literal was not written for. */
function unintendedUrlsOf(location: NginxLocation): string[] {
  const literal = literalOf(location.pattern);
  const regex = location.regex;
  return literal === undefined || regex === undefined ? [] : unintendedUrls(literal, (url) => regex.test(url));
}

/** Refused by the configuration (allow/deny, auth, `return`), not by a missing index or a file mode. */
const refused = (verdict: ProbeVerdict): boolean => (verdict.status === 401 || verdict.status === 403) && ['forbidden-by-rule', 'auth-required', 'return'].includes(verdict.cause ?? '');
const answeredBy = (verdict: ProbeVerdict, location: NginxLocation): boolean =>
  verdict.trace.some((s) => s.step === 'location-matched' && s.loc?.line === location.directive.loc.line && s.loc.file === location.directive.loc.file);

interface Finding {
  location: NginxLocation;
  server: NginxServer;
  kind: 'caught' | 'admitted';
  urls: string[];
  first: ProbeVerdict;
  /** For `admitted`: a URL the server refuses to the same client outside the regex. */
  elsewhere?: ProbeVerdict;
}

/**
 * Per regex location: the unintended URLs it answers, asked as a client the configuration
 * names nowhere. A deny that refuses them is reported as catching them; an open location
 * that lets them through while the server refuses that client elsewhere, as letting them slip.
 */
function findings(probe: ServerProbe, server: NginxServer): Finding[] {
  const found: Finding[] = [];
  const outside = probe.on(server, '/', { clientIp: OUTSIDER });
  for (const location of allLocations(server.locations)) {
    const answers = unintendedUrlsOf(location)
      .map((url) => ({ url, verdict: probe.on(server, url, { clientIp: OUTSIDER }) }))
      .filter((a): a is { url: string; verdict: ProbeVerdict } => a.verdict !== undefined && answeredBy(a.verdict, location));
    const caught = answers.filter((a) => refused(a.verdict) && a.verdict.decidedBy !== undefined);
    const [firstCaught] = caught;
    if (firstCaught) {
      found.push({ location, server, kind: 'caught', urls: caught.map((a) => a.url), first: firstCaught.verdict });
      continue;
    }
    const admitted = answers.filter((a) => !refused(a.verdict));
    const [firstAdmitted] = admitted;
    if (firstAdmitted && outside && refused(outside) && !answeredBy(outside, location)) {
      found.push({ location, server, kind: 'admitted', urls: admitted.map((a) => a.url), first: firstAdmitted.verdict, elsewhere: outside });
    }
  }
  return found;
}

export default createRule({
  meta: {
    id: 'nginx/regex-location-overbroad',
    type: 'problem',
    docs: { description: 'Report an unanchored regex location used for access control that also answers URLs it was not written for, and which', recommended: 'recommended' },
    messages: {
      caught: '`{{location}}` is not anchored: it also refuses {{urls}} to every client ({{server}} answers {{status}}), URLs it was not written for; anchor it to whole path segments',
      admitted:
        '`{{location}}` is not anchored: {{urls}} slip past the refusal the rest of {{server}} gives every client ({{elsewhere}} for /): the location answers them {{status}}; anchor it to whole path segments',
    },
    schema: NO_OPTIONS_SCHEMA,
    // Letting requests past a refusal exposes (an error); refusing extra URLs is a risk (a warning).
    defaultSeverity: 'error',
  },
  defaultOptions: {},
  create(context) {
    return {
      finish() {
        const probe = context.probe;
        if (probe?.model.dialect !== 'nginx') return;
        for (const server of probe.model.model.servers) {
          for (const finding of findings(probe, server)) {
            const pattern = finding.location.directive.args.at(-1);
            if (pattern === undefined) continue;
            const data = {
              location: describeLocation(finding.location),
              urls: listed(finding.urls),
              server: describeServer(server),
              status: finding.first.status,
              elsewhere: finding.elsewhere?.status ?? 0,
            };
            const guess = finding.first.uncertain?.length ? { severity: 'warn' as const } : {};
            if (finding.kind === 'caught') context.report({ node: pattern, messageId: 'caught', data, claim: claimOf(finding.first), severity: 'warn' });
            else context.report({ node: pattern, messageId: 'admitted', data, claim: claimOf(finding.first), ...guess });
          }
        }
      },
    };
  },
});
