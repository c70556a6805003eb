import type { LinterHooks } from './hooks.js';
import type { Rule, Severity } from './rule.js';

/**
 * What the engine needs of a configuration, defined here so that the engine depends on no
 * configuration format: src/config reads, resolves and produces it (ESLint's linter, not its
 * config loader, owns the shape of a rule's settings).
 */

/** One rule's resolved setting for one file. */
export interface RuleSettings {
  severity: Severity;
  /** The user's options, before they are merged with the rule's defaults. */
  options?: object;
}

/** What the engine applies of a plugin: its hooks (its rules arrive through `LintConfig.rules`). */
export interface HookedPlugin {
  apply?(hooks: LinterHooks): void;
}

/** A configuration as the engine uses it. */
export interface LintConfig {
  /** Every rule the configuration knows, by id. */
  readonly rules: ReadonlyMap<string, Rule>;
  readonly plugins: readonly HookedPlugin[];
  /** The setting of `ruleId` for `file` (a path as the user sees it), overrides applied; undefined: not set. */
  ruleSettings(ruleId: string, file: string): RuleSettings | undefined;
}

/** Where the linter gets the configuration of each linted file. */
export interface ConfigSource {
  /** The configuration for `file`, a host path. */
  lintConfig(file: string): Promise<LintConfig>;
}
