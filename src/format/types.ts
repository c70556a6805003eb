import type { Rule } from '../engine/rule.js';
import type { LintResult } from '../engine/events.js';

export interface FormatterContext {
  /** Relative paths in the output are relative to this directory. */
  cwd: string;
  /** Metadata of every rule that may appear in the results, by id. */
  rules: ReadonlyMap<string, Rule>;
  color: boolean;
  /** Tool version, for SARIF's driver. */
  version: string;
}

/** A formatter is a pure function of the results: same input, same bytes. */
export type Formatter = (results: readonly LintResult[], context: FormatterContext) => string;
