import { effectiveDirectives, type Directive } from '../../src/parse/ast.js';
import type { ServerSummary } from '../../src/model/types.js';
import { OUTSIDER } from '../../src/probe/clients.js';
import type { ProbeVerdict, Question, ServerProbe } from '../../src/probe/types.js';
import type { DirectiveMove, VerdictMove } from '../../src/probe/verdict-cache.js';

/** A request from a client the configuration names nowhere that the server's access checks let through. */
export interface AdmittedRequest {
  server: ServerSummary;
  question: Question;
  verdict: ProbeVerdict;
}

/**
 * Whether the request got past the server's access checks: anything but a refusal (403), a
 * demand for credentials (401) or no server at all. A 404 still shows that nothing refused the
 * client: a file added there tomorrow is served to it.
 */
function gotPast(verdict: ProbeVerdict): boolean {
  return verdict.status !== 0 && verdict.status !== 401 && verdict.status !== 403;
}

/** Requests that reached a directive of the scope they were derived from, grouped by that directive. */
export interface AdmittedByDirective {
  directive: Directive;
  /** The first request the directive's scope admitted, which a message names. */
  first: AdmittedRequest;
  admitted: AdmittedRequest[];
}

/**
 * A scope's own directives, includes read in, listed once per node: several rules ask each
 * question's scope, and the language server's next lint gets back the nodes an edit left alone.
 */
const ownDirectivesOf = new WeakMap<Directive, Directive[]>();

function ownDirectives(scope: Directive): Directive[] {
  let list = ownDirectivesOf.get(scope);
  if (list === undefined) {
    list = [...effectiveDirectives(scope.children ?? [])];
    ownDirectivesOf.set(scope, list);
  }
  return list;
}

/** A request an outsider got through on one server, with the directives `pick` selected in its scope. */
interface PickedAdmission {
  question: Question;
  verdict: ProbeVerdict;
  picked: Directive[];
}

/**
 * For each question whose scope (a location, section, server) holds a directive `pick` selects,
 * in its own body, what the server answers to an outsider: the ones it lets through, grouped
 * by the picked directive, in config order. What a finding claims is then the simulator's answer.
 * `kind` names the selection: what a server gave is kept for the language server's next lint.
 */
export function outsiderAdmittedAt(probe: ServerProbe, kind: string, pick: (directive: Directive) => boolean): AdmittedByDirective[] {
  const groups = new Map<Directive, AdmittedRequest[]>();
  for (const server of probe.model.model.servers as readonly ServerSummary[]) {
    for (const { question, verdict, picked } of probe.perServer(`admitted ${kind}`, server, () => admittedOn(probe, server, pick), movedAdmissions)) {
      for (const directive of picked) {
        let list = groups.get(directive);
        if (list === undefined) groups.set(directive, (list = []));
        list.push({ server, question, verdict });
      }
    }
  }
  return [...groups].map(([directive, admitted]) => ({ directive, first: admitted[0] as AdmittedRequest, admitted }));
}

function admittedOn(probe: ServerProbe, server: ServerSummary, pick: (directive: Directive) => boolean): PickedAdmission[] {
  const found: PickedAdmission[] = [];
  const asked = new Set<string>();
  for (const question of probe.questions(server)) {
    const picked = ownDirectives(question.scope).filter(pick);
    const key = `${question.method} ${question.path}`;
    if (picked.length === 0 || asked.has(key)) continue;
    asked.add(key);
    const verdict = probe.on(server, question.path, { clientIp: OUTSIDER, method: question.method });
    if (verdict !== undefined && gotPast(verdict)) found.push({ question, verdict, picked });
  }
  return found;
}

/** The admissions of a server nothing moved, at the directives now at the same place. */
function movedAdmissions(kept: readonly PickedAdmission[], move: DirectiveMove, verdictAt: VerdictMove): readonly PickedAdmission[] | undefined {
  const moved: PickedAdmission[] = [];
  let changed = false;
  for (const admission of kept) {
    const { question, verdict, picked } = admission;
    const scope = move(question.scope);
    const now = picked.map(move);
    const answer = verdictAt(verdict);
    if (scope === undefined || answer === undefined || now.some((d) => d === undefined)) return undefined;
    const same = scope === question.scope && answer === verdict && now.every((d, i) => d === picked[i]);
    moved.push(same ? admission : { question: scope === question.scope ? question : { ...question, scope }, verdict: answer, picked: now as Directive[] });
    changed ||= !same;
  }
  // The very list when nothing moved, as the probe's own moves give.
  return changed ? moved : kept;
}
