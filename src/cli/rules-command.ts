import { builtinRules } from '../../lint-rules/index.js';
import { ConfigDiscovery } from '../config/discover.js';
import { presetRuleConfigs } from '../config/presets.js';
import type { Rule } from '../engine/rule.js';
import { EXIT_OK } from './exit-codes.js';
import type { CliIo } from './io.js';
import { parseArgs } from 'node:util';
import { CliError } from './io.js';
import { argumentError } from './lint-options.js';

const RULES_OPTIONS = { config: { type: 'string', short: 'c' }, format: { type: 'string', short: 'f' }, help: { type: 'boolean', short: 'h' } } as const;

const SEVERITY = ['off', 'warn', 'error'] as const;

/**
 * `forbidlint rules`: every rule the project's configuration knows (built-in and plugins'),
 * with its severity in each preset, description and documentation link.
 */
export async function rulesCommand(argv: readonly string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: [...argv], options: RULES_OPTIONS, strict: true }));
  } catch (error) {
    throw argumentError(error, RULES_OPTIONS, 'forbidlint rules --help');
  }
  if (values.help) {
    io.stdout.write('Usage: forbidlint rules [--config FILE] [--format text|json]\n\nLists every rule with its severity in forbidlint:recommended and forbidlint:strict.\n');
    return EXIT_OK;
  }
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new CliError(`forbidlint rules: unknown format "${format}": use text or json`);
  const config = await new ConfigDiscovery({ cwd: io.cwd, builtinRules, ...(values.config !== undefined ? { configFile: values.config } : {}) }).forCwd();
  const rules = [...config.rules.values()].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1));
  const rows = describeRules(rules);
  io.stdout.write(format === 'json' ? `${JSON.stringify(rows, null, 2)}\n` : textTable(rows));
  return EXIT_OK;
}

interface RuleRow {
  id: string;
  recommended: string;
  strict: string;
  description: string;
  url: string;
  deprecated?: true;
}

function describeRules(rules: readonly Rule[]): RuleRow[] {
  const recommended = presetRuleConfigs('recommended', rules);
  const strict = presetRuleConfigs('strict', rules);
  return rules.map((rule) => ({
    id: rule.meta.id,
    recommended: SEVERITY[recommended[rule.meta.id]?.severity ?? 0],
    strict: SEVERITY[strict[rule.meta.id]?.severity ?? 0],
    description: rule.meta.docs.description,
    url: rule.meta.docs.url,
    ...(rule.meta.deprecated ? { deprecated: true as const } : {}),
  }));
}

function textTable(rows: readonly RuleRow[]): string {
  if (rows.length === 0) return 'No rules.\n';
  const header = { id: 'RULE', recommended: 'RECOMMENDED', strict: 'STRICT', description: 'DESCRIPTION', url: '' };
  const idWidth = Math.max(header.id.length, ...rows.map((r) => r.id.length));
  const line = (r: Pick<RuleRow, 'id' | 'recommended' | 'strict' | 'description'>) =>
    `${r.id.padEnd(idWidth)}  ${r.recommended.padEnd(11)}  ${r.strict.padEnd(6)}  ${r.description}`;
  return `${[line(header), ...rows.map((r) => `${line(r)}${r.deprecated ? ' (deprecated)' : ''}\n${' '.repeat(idWidth + 2)}${r.url}`)].join('\n')}\n`;
}
