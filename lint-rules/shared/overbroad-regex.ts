import type { StatusClaim } from '../../src/engine/rule.js';
import type { ServerSummary } from '../../src/model/types.js';
import { OUTSIDER } from '../../src/probe/clients.js';
import { claimOf } from '../../src/probe/probe.js';
import type { ProbeVerdict, ServerProbe } from '../../src/probe/types.js';
import { isGuardedUrl } from './refusals.js';

/** The literal a regex is written around (`\.git`, `/admin`, `^/public`), with whether it is anchored at each end. */
export interface RegexLiteral {
  text: string;
  start: boolean;
  end: boolean;
}

/** The literal of `pattern`; undefined when the pattern is more than a literal. */
export function literalOf(pattern: string): RegexLiteral | undefined {
  const start = pattern.startsWith('^');
  const end = pattern.endsWith('$') && !pattern.endsWith('\\$');
  const body = pattern.slice(start ? 1 : 0, end ? -1 : undefined);
  if (/(^|[^\\])[.*+?()[\]{}|^$]/.test(body)) return undefined;
  const text = body.replace(/\\(.)/g, '$1');
  return text === '' ? undefined : { text, start, end };
}

/**
 * The literals of `pattern`: itself when it is one, or each branch of its one group of literal
 * alternatives (MyBB's `/(inc|uploads/avatars)` is `/inc` or `/uploads/avatars`); none otherwise.
 */
export function literalsOf(pattern: string): RegexLiteral[] {
  const whole = literalOf(pattern);
  if (whole !== undefined) return [whole];
  const group = /^(\^?)((?:[^\\()|]|\\.)*)\((?:\?:)?((?:[^\\()]|\\.)*)\)((?:[^\\()|]|\\.)*?)(\$?)$/.exec(pattern);
  if (group === null) return [];
  const [, start = '', head = '', branches = '', tail = '', end = ''] = group;
  const literals = branches.split('|').map((branch) => literalOf(`${start}${head}${branch}${tail}${end}`));
  return literals.every((l): l is RegexLiteral => l !== undefined) ? literals : [];
}

/**
 * URLs a regex matched against the path matches that its literal was not written for: the
 * literal running on into a longer name (`/admin` in `/admin-notes/`), and, unanchored, the
 * literal deeper in another path (`/docs/admin/`). Hidden and sensitive names are left out:
 * catching those is harmless. `matches` says whether the regex takes a URL.
 */
export function unintendedUrls(literal: RegexLiteral, matches: (url: string) => boolean): string[] {
  const { text } = literal;
  const urls: string[] = [];
  if (!literal.end && !text.endsWith('/')) urls.push(text.startsWith('/') ? `${text}-notes/` : `/docs/x${text}x.html`);
  if (!literal.start && text.startsWith('/')) urls.push(`/docs${text}${text.endsWith('/') ? '' : '/'}`);
  return urls.filter((url) => matches(url) && !isGuardedUrl(url));
}

/**
 * URLs of files whose name a regex matched against the name alone (Apache's `<FilesMatch>`)
 * takes although its literal was not written for them: the literal inside a longer name. An
 * extension anchored at the end (`\.php$`) is meant for every name before it.
 */
export function unintendedFileUrls(literal: RegexLiteral, matches: (name: string) => boolean): string[] {
  const { text } = literal;
  if (text.includes('/')) return [];
  const names = [!literal.start && !literal.end ? `x${text}x.html` : !literal.start ? (text.startsWith('.') ? undefined : `x${text}`) : !literal.end ? `${text}-notes.html` : undefined];
  return names.filter((name): name is string => name !== undefined && matches(name)).map((name) => `/${name}`).filter((url) => !isGuardedUrl(url));
}

/** What a regex scope (a location, a `<LocationMatch>`) decides for URLs it was not written for. */
export interface OverbroadFinding<Scope> {
  scope: Scope;
  kind: 'caught' | 'admitted';
  urls: string[];
  first: ProbeVerdict;
  /** For `admitted`: what the server answers the same client at `/`. */
  elsewhere?: ProbeVerdict;
}

/** How one dialect tells a refusal, and which scope decided a verdict. */
export interface OverbroadDialect<Scope> {
  unintendedUrls(scope: Scope): string[];
  /** Refused by the configuration's access lines, not by a missing index or a file mode. */
  refused(verdict: ProbeVerdict): boolean;
  /** The scope refused this verdict. */
  refusedIn(verdict: ProbeVerdict, scope: Scope): boolean;
  /** The scope let this verdict in. */
  admittedIn(verdict: ProbeVerdict, scope: Scope): boolean;
  /** The scope had a hand in this verdict at all. */
  decides(verdict: ProbeVerdict, scope: Scope): boolean;
}

/**
 * Per regex scope: the unintended URLs it decides, asked as a client the configuration names
 * nowhere. A refusal the scope decided is reported as catching them; a grant it decided while
 * the server refuses that client at `/`, as letting them slip.
 */
export function overbroadFindings<Scope>(probe: ServerProbe, server: ServerSummary, scopes: Iterable<Scope>, dialect: OverbroadDialect<Scope>): OverbroadFinding<Scope>[] {
  const found: OverbroadFinding<Scope>[] = [];
  const outside = probe.on(server, '/', { clientIp: OUTSIDER });
  for (const scope of scopes) {
    const answers = dialect
      .unintendedUrls(scope)
      .map((url) => ({ url, verdict: probe.on(server, url, { clientIp: OUTSIDER }) }))
      .filter((a): a is { url: string; verdict: ProbeVerdict } => a.verdict !== undefined);
    const caught = answers.filter((a) => dialect.refused(a.verdict) && dialect.refusedIn(a.verdict, scope));
    const [firstCaught] = caught;
    if (firstCaught) {
      found.push({ scope, kind: 'caught', urls: caught.map((a) => a.url), first: firstCaught.verdict });
      continue;
    }
    const admitted = answers.filter((a) => !dialect.refused(a.verdict) && dialect.admittedIn(a.verdict, scope));
    const [firstAdmitted] = admitted;
    if (firstAdmitted && outside && dialect.refused(outside) && !dialect.decides(outside, scope)) {
      found.push({ scope, kind: 'admitted', urls: admitted.map((a) => a.url), first: firstAdmitted.verdict, elsewhere: outside });
    }
  }
  return found;
}

/**
 * How a finding is reported: letting requests past a refusal exposes them (the rule's
 * severity, a warning where the verdict guessed); refusing extra URLs is a risk (a warning).
 */
export function overbroadReport<Scope>(finding: OverbroadFinding<Scope>): { messageId: 'caught' | 'admitted'; claim: StatusClaim; severity?: 'warn' } {
  const claim = claimOf(finding.first);
  if (finding.kind === 'caught') return { messageId: 'caught', claim, severity: 'warn' };
  return { messageId: 'admitted', claim, ...(finding.first.uncertain?.length ? { severity: 'warn' as const } : {}) };
}
