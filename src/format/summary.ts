import type { LintMessage, LintResult } from '../engine/events.js';

export interface Totals {
  errors: number;
  warnings: number;
  fixableErrors: number;
  fixableWarnings: number;
}

export function totals(results: readonly LintResult[]): Totals {
  const sum: Totals = { errors: 0, warnings: 0, fixableErrors: 0, fixableWarnings: 0 };
  for (const r of results) {
    sum.errors += r.errorCount;
    sum.warnings += r.warningCount;
    sum.fixableErrors += r.fixableErrorCount;
    sum.fixableWarnings += r.fixableWarningCount;
  }
  return sum;
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function severityWord(message: LintMessage): 'error' | 'warning' {
  return message.severity === 2 ? 'error' : 'warning';
}
