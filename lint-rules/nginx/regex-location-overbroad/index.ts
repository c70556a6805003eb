import { createRule, NO_OPTIONS_SCHEMA } from '../../../src/engine/rule.js';
import type { NginxLocation } from '../../../src/model/nginx/index.js';
import type { ProbeVerdict } from '../../../src/probe/types.js';
import { describeLocation } from '../../../src/simulate/nginx/trace.js';
import { literalsOf, overbroadFindings, overbroadReport, unintendedUrls, type OverbroadDialect } from '../../shared/overbroad-regex.js';
import { listed } from '../../shared/refusals.js';
import { describeServer } from '../../shared/server-label.js';
import { allLocations } from '../nginx-server.js';

/** The URLs a regex location answers that its literal was not written for. */
function unintendedUrlsOf(location: NginxLocation): string[] {
  const regex = location.regex;
  return regex === undefined ? [] : literalsOf(location.pattern).flatMap((literal) => unintendedUrls(literal, (url) => regex.test(url)));
}

/** Refused by the configuration (allow/deny, auth, `return`), not by a missing index or a file mode. */
const refused = (verdict: ProbeVerdict): boolean => (verdict.status === 401 || verdict.status === 403) && ['forbidden-by-rule', 'auth-required', 'return'].includes(verdict.cause ?? '');
const answeredBy = (verdict: ProbeVerdict, location: NginxLocation): boolean =>
  verdict.trace.some((s) => s.step === 'location-matched' && s.loc?.line === location.directive.loc.line && s.loc.file === location.directive.loc.file);

/** nginx: the location that matched a request decides it, refusing with allow/deny, auth or `return`. */
const NGINX: OverbroadDialect<NginxLocation> = {
  unintendedUrls: unintendedUrlsOf,
  refused,
  refusedIn: (verdict, location) => answeredBy(verdict, location) && verdict.decidedBy !== undefined,
  admittedIn: answeredBy,
  decides: answeredBy,
};

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
          for (const finding of overbroadFindings(probe, server, allLocations(server.locations), NGINX)) {
            const pattern = finding.scope.directive.args.at(-1);
            if (pattern === undefined) continue;
            const data = {
              location: describeLocation(finding.scope),
              urls: listed(finding.urls),
              server: describeServer(server),
              status: finding.first.status,
              elsewhere: finding.elsewhere?.status ?? 0,
            };
            context.report({ node: pattern, data, ...overbroadReport(finding) });
          }
        }
      },
    };
  },
});
