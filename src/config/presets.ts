import type { PresetName, Rule } from '../engine/rule.js';
import type { RuleConfig } from './types.js';

const LEVELS: Readonly<Record<PresetName, number>> = { recommended: 0, strict: 1 };

/**
 * `forbidlint:recommended` and `forbidlint:strict`, computed from the rules themselves: a rule
 * marked `recommended` is in both, one marked `strict` only in strict, each at its default
 * severity. Deprecated rules are in none.
 */
export function presetRuleConfigs(preset: PresetName, rules: Iterable<Rule>): Record<string, RuleConfig> {
  const configs: Record<string, RuleConfig> = {};
  for (const rule of rules) {
    const marked = rule.meta.docs.recommended;
    if (marked === undefined || rule.meta.deprecated || LEVELS[marked] > LEVELS[preset]) continue;
    configs[rule.meta.id] = { severity: rule.meta.defaultSeverity === 'error' ? 2 : 1 };
  }
  return configs;
}

export const BUILTIN_PRESETS: readonly string[] = ['forbidlint:recommended', 'forbidlint:strict'];

export function builtinPresetName(ref: string): PresetName | undefined {
  return ref === 'forbidlint:recommended' ? 'recommended' : ref === 'forbidlint:strict' ? 'strict' : undefined;
}
