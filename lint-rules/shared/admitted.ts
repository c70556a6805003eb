import { effectiveDirectives, type Directive } from '../../src/parse/ast.js';
import type { ServerSummary } from '../../src/model/types.js';
import { OUTSIDER } from '../../src/probe/clients.js';
import type { ProbeVerdict, Question, ServerProbe } from '../../src/probe/types.js';

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

/**
 * For each question whose scope (a location, section, server) holds a directive `pick` selects,
 * in its own body, what the server answers to an outsider: the ones it lets through, grouped
 * by the picked directive, in config order. What a finding claims is then the simulator's answer.
 */
export function outsiderAdmittedAt(probe: ServerProbe, pick: (directive: Directive) => boolean): AdmittedByDirective[] {
  const groups = new Map<Directive, AdmittedRequest[]>();
  for (const server of probe.model.model.servers as readonly ServerSummary[]) {
    const asked = new Set<string>();
    for (const question of probe.questions(server)) {
      const picked = ownDirectives(question.scope).filter(pick);
      const key = `${question.method} ${question.path}`;
      if (picked.length === 0 || asked.has(key)) continue;
      asked.add(key);
      const verdict = probe.on(server, question.path, { clientIp: OUTSIDER, method: question.method });
      if (verdict === undefined || !gotPast(verdict)) continue;
      for (const directive of picked) groups.set(directive, [...(groups.get(directive) ?? []), { server, question, verdict }]);
    }
  }
  return [...groups].map(([directive, admitted]) => ({ directive, first: admitted[0] as AdmittedRequest, admitted }));
}
