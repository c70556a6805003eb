import type { Directive, Node } from '../../src/parse/ast.js';
import type { ProbeVerdict } from '../../src/probe/types.js';
import { pickedDirectives } from '../shared/picked-directives.js';

/** The `if` blocks whose condition reads `$name`: the gates a variable feeds. */
export function gatesReading(nodes: readonly Node[], name: string): Directive[] {
  const reads = new RegExp(`\\$(?:${name}|\\{${name}\\})(?!\\w)`);
  return pickedDirectives(nodes, `if $${name}`, (d) => d.name === 'if' && d.args.some((a) => reads.test(a.value)));
}

const isGate = (gates: readonly Directive[], loc: Directive['loc'] | undefined): boolean =>
  loc !== undefined && gates.some((g) => loc.file === g.loc.file && loc.line === g.loc.line && loc.column === g.loc.column);

/** The gate the simulator evaluated for the request, if any. */
export function gateReached(verdict: ProbeVerdict, gates: readonly Directive[]): Directive | undefined {
  const step = verdict.trace.find((s) => s.step === 'if' && isGate(gates, s.loc));
  return step && gates.find((g) => isGate([g], step.loc));
}

/** Whether the error answering the request was decided inside a gate's block (its `return`). */
export function refusedByGate(verdict: ProbeVerdict, gates: readonly Directive[]): boolean {
  const at = verdict.decidedBy;
  if (verdict.status < 400 || at === undefined) return false;
  return gates.some((g) => at.file === g.loc.file && (at.line > g.loc.line || (at.line === g.loc.line && at.column >= g.loc.column)) && (at.line < g.loc.endLine || (at.line === g.loc.endLine && at.column <= g.loc.endColumn)));
}
