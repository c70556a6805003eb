import type { ParsedConfig } from '../../src/parse/ast.js';
import { parseNginx } from '../../src/parse/nginx/index.js';
import { parseApache } from '../../src/parse/apache/index.js';
import { createUserDb } from '../../src/fs/users.js';
import { LiveFs } from '../../src/fs/live-fs.js';
import { createLinterHooks, type LinterHooks } from '../../src/engine/hooks.js';
import { lintTarget, type TargetOutcome } from '../../src/engine/lint-target.js';
import type { ResolvedConfig, RuleConfig } from '../../src/config/types.js';
import { lintConfigOf } from '../../src/config/rule-config.js';
import type { Rule } from '../../src/engine/rule.js';

/** One file parsed by the real parser, as the loader would hand it over (no includes). */
export function parsedFile(dialect: 'nginx' | 'apache', text: string, file = dialect === 'nginx' ? '/etc/nginx/nginx.conf' : '/etc/apache2/apache2.conf'): ParsedConfig {
  const parsed = dialect === 'nginx' ? parseNginx(text, file) : parseApache(text, file, { kind: 'main' });
  return { dialect, entry: file, nodes: parsed.nodes, files: [{ file, dialect, kind: 'main', nodes: parsed.nodes, text: parsed.text }], diagnostics: parsed.diagnostics };
}

export function configWith(rules: readonly Rule[], ruleConfigs: Record<string, RuleConfig>, overrides: ResolvedConfig['overrides'] = [], baseDir = '/'): ResolvedConfig {
  return { baseDir, plugins: [], rules: new Map(rules.map((r) => [r.meta.id, r])), ruleConfigs, overrides, ignorePatterns: [], servers: [] };
}

/** Lints a parsed configuration with only the config in view: no model, no filesystem walk. */
export function lintParsed(parsed: ParsedConfig, config: ResolvedConfig, options: { reportUnused?: 0 | 1 | 2; hooks?: LinterHooks } = {}): Promise<TargetOutcome> {
  return lintTarget(
    {
      target: { dialect: parsed.dialect, entry: parsed.entry, kind: 'main' },
      parsed,
      config: lintConfigOf(config),
      settings: { root: '/', fsEnabled: false },
      fs: new LiveFs('/'),
      users: createUserDb([], []),
      reportUnusedDisableDirectives: options.reportUnused ?? 0,
    },
    options.hooks ?? createLinterHooks(),
  );
}
