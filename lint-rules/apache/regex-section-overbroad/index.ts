import { createRule, NO_OPTIONS_SCHEMA } from '../../../src/engine/rule.js';
import type { ApacheSection, ApacheServer } from '../../../src/model/apache/index.js';
import type { Directive, SourceLocation } from '../../../src/parse/ast.js';
import type { ProbeVerdict } from '../../../src/probe/types.js';
import { literalsOf, overbroadFindings, overbroadReport, unintendedFileUrls, unintendedUrls, type OverbroadDialect, type RegexLiteral } from '../../shared/overbroad-regex.js';
import { listed } from '../../shared/refusals.js';
import { describeServer } from '../../shared/server-label.js';

/** Every regex section of a server, the `<FilesMatch>` nested in others included. */
function regexSections(sections: readonly ApacheSection[]): ApacheSection[] {
  return sections.flatMap((s) => [...(s.regex && s.kind !== 'if' ? [s] : []), ...regexSections(s.nested)]);
}

/**
 * The URLs a regex section takes that its literal was not written for. `<LocationMatch>` is
 * matched against the URL path, `<FilesMatch>` against the file's name, `<DirectoryMatch>`
 * against the directory's path on disk (for a literal anchored there, one under the
 * DocumentRoot).
 */
function unintendedUrlsOf(section: ApacheSection, server: ApacheServer): string[] {
  const regex = section.regex;
  return regex === undefined ? [] : literalsOf(section.pattern).flatMap((literal) => unintendedUrlsOfLiteral(section, server, literal, regex));
}

function unintendedUrlsOfLiteral(section: ApacheSection, server: ApacheServer, literal: RegexLiteral, regex: RegExp): string[] {
  if (section.kind === 'location') return unintendedUrls(literal, (url) => regex.test(url));
  if (section.kind === 'files') return unintendedFileUrls(literal, (name) => regex.test(name));
  const root = server.documentRoot.replace(/\/+$/, '');
  const underRoot: RegexLiteral | undefined = !literal.start ? literal : literal.text.startsWith(`${root}/`) ? { ...literal, text: literal.text.slice(root.length) } : undefined;
  return underRoot === undefined ? [] : unintendedUrls(underRoot, (url) => regex.test(`${root}${url}`));
}

/** Refused by an access line (Require, Deny, auth), not by a missing index or a file mode. */
const refused = (verdict: ProbeVerdict): boolean => verdict.status === 401 || (verdict.status === 403 && /^AH01(630|631|797|753)$/.test(verdict.cause ?? ''));
const inside = (at: SourceLocation | undefined, block: Directive): boolean =>
  at !== undefined && at.file === block.loc.file && at.line >= block.loc.line && at.line <= block.loc.endLine;
/** The access line that granted the request, from the walk's trace. */
const grantedBy = (verdict: ProbeVerdict): SourceLocation | undefined => verdict.trace.findLast((s) => s.step === 'authz' || s.step === 'access-compat')?.loc;

/** Apache: the access line inside the section's block refused or granted a request. */
function apacheDialect(server: ApacheServer): OverbroadDialect<ApacheSection> {
  return {
    unintendedUrls: (section) => unintendedUrlsOf(section, server),
    refused,
    refusedIn: (verdict, section) => inside(verdict.decidedBy, section.block),
    admittedIn: (verdict, section) => inside(grantedBy(verdict), section.block),
    decides: (verdict, section) => inside(verdict.decidedBy, section.block),
  };
}

export default createRule({
  meta: {
    id: 'apache/regex-section-overbroad',
    type: 'problem',
    docs: { description: 'Report an unanchored <LocationMatch>, <FilesMatch> or <DirectoryMatch> used for access control that also decides URLs it was not written for', recommended: 'recommended' },
    messages: {
      caught: '`<{{section}} {{pattern}}>` is not anchored: it also refuses {{urls}} to every client ({{server}} answers {{status}}), URLs it was not written for; anchor it',
      admitted: '`<{{section}} {{pattern}}>` is not anchored: {{urls}} slip past the refusal the rest of {{server}} gives every client ({{elsewhere}} for /): it lets them in ({{status}}); anchor it',
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
        if (probe?.model.dialect !== 'apache') return;
        for (const server of probe.model.model.servers) {
          for (const finding of overbroadFindings(probe, server, regexSections(server.sections), apacheDialect(server))) {
            const { block } = finding.scope;
            const pattern = block.args.at(-1);
            if (pattern === undefined) continue;
            const data = {
              section: block.name,
              pattern: block.args.map((a) => a.raw).join(' '),
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
