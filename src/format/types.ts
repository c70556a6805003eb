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
  /** `--max-warnings` (-1 or absent: no limit): JUnit fails warnings only past it, as the exit code does. */
  maxWarnings?: number;
  /** SARIF: URIs are relative to this directory (the repository's top level); default `cwd`. */
  sourceRoot?: string;
  /** SARIF: the rule id of results for configurations the server refuses to load. */
  fatalRuleId?: string;
  /** SARIF: a rule's README (Markdown), for its `help`; undefined when it has none. */
  ruleReadme?: (id: string) => string | undefined;
  /** Audited roots whose mount failed during the lint (the results are partial), with why. */
  incomplete?: readonly { root: string; reason: string }[];
  /** The project's `servers` linted, in order, when they were (results name theirs in `server`). */
  servers?: readonly LintedServer[];
}

/** A server of a fleet as a report describes it. */
export interface LintedServer {
  name: string;
  /** False when its audit did not finish. */
  complete: boolean;
  failure?: string;
}

/** A formatter is a pure function of the results: same input, same bytes. */
export type Formatter = (results: readonly LintResult[], context: FormatterContext) => string;
