import type { Simulator, Verdict } from '../simulate/types.js';

/** Notes of the simulation in progress; simulations are synchronous, so one list is enough. */
let current: string[] | undefined;

/** Every pattern whose budget ran out in this run, for a diagnostic at the pattern. */
const exhaustedPatterns = new Set<string>();

export function noteRegexExhausted(source: string, subject: string, before: boolean): void {
  exhaustedPatterns.add(source);
  const shown = subject.length > 40 ? `${subject.slice(0, 40)}…` : subject;
  const note =
    before
      ? `the regex ${JSON.stringify(source)} already ran out of its match budget; taken as not matching ${JSON.stringify(shown)}`
      : `the regex ${JSON.stringify(source)} ran out of its match budget on ${JSON.stringify(shown)} (PCRE would hit its match limit); taken as not matching`;
  if (current !== undefined && !current.includes(note)) current.push(note);
}

/** Whether a pattern ran out of budget since the last takeExhaustedRegexes, which it leaves as it is. */
export function anyRegexExhausted(): boolean {
  return exhaustedPatterns.size > 0;
}

/** The patterns that ran out of budget since the last call, forgotten by it. */
export function takeExhaustedRegexes(): string[] {
  const patterns = Array.from(exhaustedPatterns);
  exhaustedPatterns.clear();
  return patterns;
}

/** The simulator, each verdict carrying what a regex budget made it guess. */
export function withRegexBudget(simulator: Simulator): Simulator {
  return {
    explain(request): Verdict {
      const outer = current;
      const notes: string[] = [];
      current = notes;
      try {
        const verdict = simulator.explain(request);
        if (notes.length === 0) return verdict;
        return { ...verdict, uncertain: (verdict.uncertain ?? []).concat(notes) };
      } finally {
        current = outer;
        if (outer !== undefined) for (const note of notes) if (!outer.includes(note)) outer.push(note);
      }
    },
  };
}
