import { createRule, NO_OPTIONS_SCHEMA } from '../../../src/engine/rule.js';
import type { Directive, SourceLocation } from '../../../src/parse/ast.js';
import type { ServerSummary } from '../../../src/model/types.js';
import { OUTSIDER } from '../../../src/probe/clients.js';
import { claimOf } from '../../../src/probe/probe.js';
import type { ProbeVerdict, Question, ServerProbe } from '../../../src/probe/types.js';
import { outsiderAdmittedAt } from '../../shared/admitted.js';
import { pickedDirectives } from '../../shared/picked-directives.js';
import { listed } from '../../shared/refusals.js';
import { shadowingVariants } from './shadowing-variants.js';
import { describeServer } from '../../shared/server-label.js';

/** A line meant to refuse every client: nginx `deny all`, httpd `Require all denied`, `Deny from all`. */
function deniesEveryone(directive: Directive): boolean {
  const words = directive.args.map((a) => a.value.toLowerCase());
  if (directive.dialect === 'nginx') return directive.name === 'deny' && words[0] === 'all';
  if (directive.lowerName === 'require') return words.join(' ') === 'all denied';
  return directive.lowerName === 'deny' && words.join(' ') === 'from all';
}

const sameLoc = (a: SourceLocation | undefined, b: SourceLocation): boolean => a !== undefined && a.file === b.file && a.line === b.line && a.column === b.column;

/**
 * Why the request got past: nginx chose another location (a regex one checked after the prefix
 * match, an `=` or `^~` one), or the block answered before its access phase (`return`,
 * `rewrite`); for httpd, the section that granted last. Read off the simulator's trace.
 */
function reason(verdict: ProbeVerdict, scope: Directive): string {
  const matched = verdict.trace.find((s) => s.step === 'location-matched');
  if (matched?.loc && !sameLoc(matched.loc, scope.loc)) return `${matched.message} at line ${matched.loc.line}, so the request never reaches this block`;
  const decisive = [...verdict.trace].reverse().find((s) => s.loc !== undefined && !sameLoc(s.loc, scope.loc));
  if (decisive?.loc === undefined) return verdict.trace.at(-1)?.message ?? 'the request is answered before it';
  const { file, line } = decisive.loc;
  return decisive.message.includes(`:${line}`) ? decisive.message : `${decisive.message} at ${file}:${line}`;
}

/**
 * httpd hands a request mod_proxy took to its back end without the directory and file walks: a
 * deny in a `<Directory>` or `<Files>` section guards what is on disk, and none of it is served
 * to that request (the stock `<FilesMatch "^\.ht">` on a reverse-proxy site).
 */
const FILESYSTEM_SECTION = /^(directory|directorymatch|files|filesmatch)$/;
const proxiedPastFilesystem = ({ server, question, verdict }: { server: ServerSummary; question: Question; verdict: ProbeVerdict }): boolean =>
  server.dialect === 'apache' && FILESYSTEM_SECTION.test(question.scope.lowerName) && verdict.path !== undefined && /^[a-z][a-z0-9+.-]*:\/\//i.test(verdict.path);

/** A request path a client may send for the same resource, which nginx matches as written when merge_slashes is off. */
const doubledSlash = (path: string): string => `/${path}`;

interface Bypass {
  directive: Directive;
  server: ServerSummary;
  question: Question;
  verdict: ProbeVerdict;
  variant?: string;
}

/** Whether nothing refused the request: a 404 there means a file added tomorrow is served to anyone. */
const notRefused = (verdict: ProbeVerdict): boolean => verdict.status > 0 && verdict.status !== 401 && verdict.status !== 403;

/**
 * Refusals by a deny-everyone line that a variant of the same URL escapes: `//` before it
 * (answered when served), or the same name under an `=` / `^~` location the regex of the
 * denying location also matches (`/static/x.php` past `location ~ \.php$ { deny all; }`).
 */
function variantBypasses(probe: ServerProbe, denies: ReadonlyMap<string, Directive>): Bypass[] {
  const found: Bypass[] = [];
  for (const server of probe.model.model.servers as readonly ServerSummary[]) {
    for (const refusal of probe.refusals(server)) {
      const decidedBy = refusal.verdict.decidedBy;
      const directive = decidedBy && denies.get(`${decidedBy.file}:${decidedBy.line}:${decidedBy.column}`);
      if (!directive || refusal.admitted.length > 0) continue;
      const ask = (variant: string): ProbeVerdict | undefined => probe.on(server, variant, { clientIp: OUTSIDER, method: refusal.question.method });
      const variant = doubledSlash(refusal.question.path);
      const verdict = ask(variant);
      if (verdict && verdict.status > 0 && verdict.status < 400) found.push({ directive, server, question: refusal.question, verdict, variant });
      for (const shadowed of shadowingVariants(probe.model, server, refusal.question)) {
        const answer = ask(shadowed);
        if (answer && notRefused(answer)) {
          found.push({ directive, server, question: refusal.question, verdict: answer, variant: shadowed });
          break;
        }
      }
    }
  }
  return found;
}

export default createRule({
  meta: {
    id: 'server/deny-bypassed',
    type: 'security',
    docs: { description: 'Report a deny-everyone line that requests get past: another location answers first, the block returns before its access phase, or a variant of the URL slips by', recommended: 'recommended' },
    messages: {
      neverApplies: 'this line never applies to {{urls}}: {{server}} answers {{status}} to every client, because {{reason}}',
      slipsPast: '{{variant}} slips past this line: {{server}} refuses {{path}} but answers {{status}} to {{variant}}, because {{reason}}',
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
        for (const group of outsiderAdmittedAt(probe, 'deny-everyone', deniesEveryone)) {
          // A request the line did refuse, whose error page then answered, got past nothing.
          const admitted = group.admitted.filter((a) => !a.verdict.trace.some((step) => step.loc !== undefined && sameLoc(step.loc, group.directive.loc)) && !proxiedPastFilesystem(a));
          const served = admitted.find((a) => a.verdict.status < 400 && !a.verdict.uncertain?.length);
          const first = served ?? admitted[0];
          if (first === undefined) continue;
          context.report({
            node: group.directive,
            messageId: 'neverApplies',
            data: { server: describeServer(first.server), status: first.verdict.status, urls: listed(admitted.map((a) => a.question.path)), reason: reason(first.verdict, first.question.scope) },
            claim: claimOf(first.verdict),
            // Content served past the line is the error; a request still refused (a `return 404` first) or a guessed answer is a warning.
            ...(served === undefined ? { severity: 'warn' as const } : {}),
          });
        }
        const denies = new Map<string, Directive>();
        for (const directive of pickedDirectives(context.config.nodes, 'deny-everyone', deniesEveryone)) denies.set(`${directive.loc.file}:${directive.loc.line}:${directive.loc.column}`, directive);
        for (const bypass of variantBypasses(probe, denies)) {
          context.report({
            node: bypass.directive,
            messageId: 'slipsPast',
            data: {
              server: describeServer(bypass.server),
              status: bypass.verdict.status,
              path: bypass.question.path,
              variant: bypass.variant as string,
              reason: reason(bypass.verdict, bypass.question.scope),
            },
          });
        }
      },
    };
  },
});
