import type { ResolvedConfig } from '../config/types.js';
import { ruleConfigFor } from '../config/rule-config.js';
import type { SeverityName } from '../engine/rule.js';

const NAMES: readonly SeverityName[] = ['off', 'warn', 'error'];

/** The configuration that applies to one file, overrides folded in, as `--print-config` shows it. */
export function effectiveConfig(config: ResolvedConfig, file: string): object {
  const rules: Record<string, [SeverityName] | [SeverityName, object]> = {};
  const ids = new Set([...Object.keys(config.ruleConfigs), ...config.overrides.flatMap((o) => Object.keys(o.ruleConfigs))]);
  for (const id of [...ids].sort()) {
    const setting = ruleConfigFor(config, id, file);
    if (!setting) continue;
    const name = NAMES[setting.severity] ?? 'off';
    rules[id] = setting.options === undefined ? [name] : [name, setting.options];
  }
  return {
    configFile: config.filePath ?? null,
    plugins: config.plugins.map((p) => p.name),
    rules,
    ignorePatterns: config.ignorePatterns,
    servers: config.servers,
    ...(config.root !== undefined ? { root: config.root } : {}),
    ...(config.webUser !== undefined ? { webUser: config.webUser } : {}),
    ...(config.fsListing !== undefined ? { fsListing: config.fsListing } : {}),
    ...(config.fsManifest !== undefined ? { fsManifest: config.fsManifest } : {}),
  };
}
