import type { SourceLocation } from '../../src/parse/ast.js';
import type { ServerSummary } from '../../src/model/types.js';
import { OUTSIDER } from '../../src/probe/clients.js';
import type { ProbeVerdict, Refusal, ServerProbe } from '../../src/probe/types.js';
import { sensitiveKindOf } from '../exposure/sensitive-files/sensitive-names.js';

/** A refusal with the server that gave it. */
export interface ServerRefusal {
  server: ServerSummary;
  refusal: Refusal;
  /** The question's whole refusal, every refused client in it, when `refusal` is the part one line decided. */
  whole: Refusal;
}

/** Refusals that one directive decided: one finding, however many URLs and servers it closes. */
export interface DecidedRefusals {
  decidedBy: SourceLocation;
  refusals: ServerRefusal[];
}

/**
 * The probe's refusals on every server of the configuration that `keep` accepts, grouped by
 * the directive that decided them, in config order. A refusal no directive decided is left out:
 * a finding needs a place.
 */
export function refusalsByDecider(probe: ServerProbe, keep: (refusal: Refusal, server: ServerSummary, whole: Refusal) => boolean): DecidedRefusals[] {
  const groups = new Map<string, DecidedRefusals>();
  for (const server of probe.model.model.servers as readonly ServerSummary[]) {
    for (const whole of probe.refusals(server)) {
      for (const refusal of byDeciderOf(whole)) {
        const decidedBy = refusal.verdict.decidedBy;
        if (decidedBy === undefined || !keep(refusal, server, whole)) continue;
        const key = `${decidedBy.file}:${decidedBy.line}:${decidedBy.column}`;
        const group = groups.get(key) ?? { decidedBy, refusals: [] };
        group.refusals.push({ server, refusal, whole });
        groups.set(key, group);
      }
    }
  }
  return [...groups.values()];
}

/**
 * One refusal per line that refused some of its clients (`deny 10.0.0.0/30` refuses some,
 * `deny all` the rest), so each line is reported for the clients it refused.
 */
function byDeciderOf(refusal: Refusal): Refusal[] {
  let split = splitRefusals.get(refusal);
  if (split !== undefined) return split;
  const parts = new Map<string, ProbeVerdict[]>();
  for (const verdict of refusal.verdicts) {
    const at = verdict.decidedBy;
    const key = at ? `${at.file}:${at.line}:${at.column}` : '';
    let part = parts.get(key);
    if (part === undefined) parts.set(key, (part = []));
    part.push(verdict);
  }
  split = parts.size <= 1 ? [refusal] : [...parts.values()].map((verdicts) => ({ ...refusal, verdict: verdicts[0] as ProbeVerdict, verdicts, refused: verdicts.map((v) => v.request.clientIp) }));
  splitRefusals.set(refusal, split);
  return split;
}

/** Several rules group the same refusals, and the language server's next lint hands most of them back. */
const splitRefusals = new WeakMap<Refusal, Refusal[]>();

/** `a, b, c and 3 more`: enough to recognise the items without burying the message. */
export function listed(items: readonly string[], shown = 3): string {
  const unique = [...new Set(items)];
  if (unique.length <= shown) return unique.join(', ');
  return `${unique.slice(0, shown).join(', ')} and ${unique.length - shown} more`;
}

/** How a message names a representative client: the outsider stands for everyone the config does not name. */
export function clientName(ip: string): string {
  return ip === OUTSIDER ? `any other client (e.g. ${OUTSIDER})` : ip;
}

/** Whether any of the verdicts behind a finding were guesses: lint never makes an error of a guess. */
export function guessed(refusals: readonly ServerRefusal[]): { severity?: 'warn' } {
  return refusals.some((r) => (r.refusal.verdict.uncertain?.length ?? 0) > 0) ? { severity: 'warn' } : {};
}

/** The paths of the URLs a group of refusals closes, each once. */
export function refusedPaths(refusals: readonly ServerRefusal[]): string[] {
  return [...new Set(refusals.map((r) => `${r.refusal.question.method === 'GET' ? '' : `${r.refusal.question.method} `}${r.refusal.question.path}`))];
}

/**
 * A URL a guard exists to refuse: a hidden segment (`/.git/config`, `/.htaccess`) or a name of
 * the exposure/sensitive-files list (`/db/dump.sql`, `/server.key`). Refusing it is the point.
 */
export function isGuardedUrl(path: string): boolean {
  const segments = path.split('/').filter((s) => s !== '');
  if (segments.some((s) => s.startsWith('.') && s !== '.' && s !== '..')) return true;
  const last = segments.at(-1);
  return last !== undefined && sensitiveKindOf(decodeURIComponent(last)) !== undefined;
}

/** What each dialect logs for a refusal by its access modules. */
export function accessLogLine(cause: string | null): string {
  if (cause === 'forbidden-by-rule') return 'logs "access forbidden by rule"';
  if (cause === 'AH01753') return 'logs AH01753 "unable to get the remote host name" (Require host), then AH01630';
  if (cause === 'AH01797') return 'logs AH01797 "client denied by server configuration" (mod_access_compat)';
  return 'logs AH01630 "client denied by server configuration"';
}
