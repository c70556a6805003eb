import * as path from 'node:path';
import type { LintedConfig, ResolvedConfig, RuleConfig, RuleSetting } from './types.js';
import type { Severity } from '../engine/rule.js';
import { globMatcher } from './globs.js';

const SEVERITIES: Readonly<Record<string, Severity>> = { off: 0, warn: 1, error: 2, 0: 0, 1: 1, 2: 2 };

/** `"warn"`, `1`, `["error", { ... }]` → `{ severity, options }`; undefined for a bad severity. */
export function normalizeRuleSetting(setting: RuleSetting): RuleConfig | undefined {
  const [level, options] = Array.isArray(setting) ? setting : [setting];
  const severity = SEVERITIES[String(level)];
  if (severity === undefined) return undefined;
  return options === undefined ? { severity } : { severity, options };
}

const matchers = new WeakMap<ResolvedConfig, ((relative: string) => boolean)[]>();

function overrideMatchers(config: ResolvedConfig): ((relative: string) => boolean)[] {
  let list = matchers.get(config);
  if (!list) {
    list = config.overrides.map((o) => globMatcher(o.files));
    matchers.set(config, list);
  }
  return list;
}

/**
 * The setting of one rule for one file: the base `rules`, then every matching override in
 * order, a later one winning (ESLint's eslintrc semantics). Globs match the path relative to
 * the config file's directory (see globs.ts).
 */
export function ruleConfigFor(config: ResolvedConfig, ruleId: string, file: string): RuleConfig | undefined {
  let result = config.ruleConfigs[ruleId];
  const relative = path.relative(config.baseDir, file).split(path.sep).join('/');
  overrideMatchers(config).forEach((matches, index) => {
    const override = config.overrides[index];
    const setting = override?.ruleConfigs[ruleId];
    if (setting === undefined || !override) return;
    if (matches(relative)) {
      result = setting.options === undefined && result?.options !== undefined ? { ...setting, options: result.options } : setting;
    }
  });
  return result;
}

const lintConfigs = new WeakMap<ResolvedConfig, LintedConfig>();

/** `config` as the engine uses it (one object per configuration, so the engine announces it once). */
export function lintConfigOf(config: ResolvedConfig): LintedConfig {
  let lint = lintConfigs.get(config);
  if (!lint) {
    lint = { ...config, ruleSettings: (ruleId, file) => ruleConfigFor(config, ruleId, file) };
    lintConfigs.set(config, lint);
  }
  return lint;
}
