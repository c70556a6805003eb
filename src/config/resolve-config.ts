import * as path from 'node:path';
import type { Rule } from '../engine/rule.js';
import { validateAgainst } from './ajv.js';
import { ConfigError } from './errors.js';
import { loadPlugin } from './plugins.js';
import { builtinPresetName, presetRuleConfigs } from './presets.js';
import { normalizeRuleSetting } from './rule-config.js';
import type { ExecutionPolicy } from './safety.js';
import type { ConfigData, Plugin, ResolvedConfig, RuleConfig, RuleSetting, ServerEntry } from './types.js';
import configSchema from '../../schema/forbidlintrc.schema.json' with { type: 'json' };

export interface ResolveContext {
  builtinRules: readonly Rule[];
  policy: ExecutionPolicy;
  /** Loads another configuration file that `from` names in `extends` (safety rules apply as for discovery). */
  loadFile(file: string, from: string): Promise<unknown>;
}

export interface ConfigSource {
  /** undefined for configuration given inline (no file found, `--rule` only). */
  filePath?: string;
  baseDir: string;
  explicit: boolean;
  /** Built-in data (the default configuration): not checked against the schema. */
  trusted?: boolean;
}

/** The part of a configuration that `extends` merges, before plugins are known. */
interface Layer {
  plugins: Plugin[];
  ruleConfigs: Record<string, RuleConfig>;
  overrides: ResolvedConfig['overrides'];
  ignorePatterns: string[];
}

/**
 * Validates configuration data against schema/forbidlintrc.schema.json, then resolves
 * `extends` (presets first, then the file's own keys win), loads plugins, and validates every
 * rule's options against that rule's schema. Every error names the file and the key path.
 */
export async function resolveConfig(data: unknown, source: ConfigSource, context: ResolveContext): Promise<ResolvedConfig> {
  const label = source.filePath ?? 'configuration';
  const layer = await resolveLayer(data, source, context, [label]);
  const rules = new Map<string, Rule>(context.builtinRules.map((r) => [r.meta.id, r]));
  for (const plugin of layer.plugins) for (const rule of plugin.rules ?? []) rules.set(rule.meta.id, rule);

  const config = data as ConfigData;
  const resolved: ResolvedConfig = {
    ...(source.filePath !== undefined ? { filePath: source.filePath } : {}),
    baseDir: source.baseDir,
    plugins: layer.plugins,
    rules,
    ruleConfigs: layer.ruleConfigs,
    overrides: layer.overrides,
    ignorePatterns: layer.ignorePatterns,
    servers: (config.servers ?? []).map((server) => resolveServerPaths(server, source.baseDir)),
    ...pathKeys(config, source.baseDir),
    ...(config.jobs !== undefined ? { jobs: config.jobs } : {}),
    ...(config.webUser !== undefined ? { webUser: config.webUser } : {}),
    ...(config.lsp !== undefined ? { lsp: config.lsp } : {}),
  };
  await checkRuleConfigs(resolved, label);
  return resolved;
}

/** Paths in `servers` are relative to the configuration file, like every other path in it. */
function resolveServerPaths(server: ServerEntry, baseDir: string): ServerEntry {
  const resolved: ServerEntry = { ...server };
  // A snapshot's config is a server path (absolute), which resolving leaves as it is.
  for (const key of ['config', 'root', 'serverRoot', 'fsListing', 'fsManifest', 'snapshot'] as const) {
    const value = server[key];
    if (value !== undefined) resolved[key] = path.resolve(baseDir, value);
  }
  return resolved;
}

function pathKeys(config: ConfigData, baseDir: string): Pick<ResolvedConfig, 'root' | 'fsListing' | 'fsManifest'> {
  const keys: Pick<ResolvedConfig, 'root' | 'fsListing' | 'fsManifest'> = {};
  for (const key of ['root', 'fsListing', 'fsManifest'] as const) {
    const value = config[key];
    if (value !== undefined) keys[key] = value === '-' ? value : path.resolve(baseDir, value);
  }
  return keys;
}

async function resolveLayer(data: unknown, source: ConfigSource, context: ResolveContext, chain: string[]): Promise<Layer> {
  const label = source.filePath ?? 'configuration';
  const problem = source.trusted ? undefined : await validateAgainst(configSchema, data, '');
  if (problem) throw new ConfigError(`${label}: ${problem}`);
  const config = data as ConfigData;

  const plugins: Plugin[] = [];
  for (const spec of config.plugins ?? []) {
    plugins.push(await loadPlugin(spec, { configFile: label, explicitConfig: source.explicit, policy: context.policy }));
  }
  const layer: Layer = { plugins, ruleConfigs: {}, overrides: [], ignorePatterns: [] };
  for (const ref of typeof config.extends === 'string' ? [config.extends] : (config.extends ?? [])) {
    mergeLayer(layer, await extendedLayer(ref, plugins, source, context, chain));
  }
  Object.assign(layer.ruleConfigs, normalizeRules(config.rules, label, 'rules'));
  (config.overrides ?? []).forEach((override, index) => {
    layer.overrides.push({ files: override.files, ruleConfigs: normalizeRules(override.rules, label, `overrides.${index}.rules`) });
  });
  layer.ignorePatterns.push(...(config.ignorePatterns ?? []));
  return layer;
}

function mergeLayer(into: Layer, from: Layer): void {
  for (const plugin of from.plugins) if (!into.plugins.includes(plugin)) into.plugins.push(plugin);
  Object.assign(into.ruleConfigs, from.ruleConfigs);
  into.overrides.push(...from.overrides);
  into.ignorePatterns.push(...from.ignorePatterns);
}

async function extendedLayer(ref: string, plugins: readonly Plugin[], source: ConfigSource, context: ResolveContext, chain: string[]): Promise<Layer> {
  const label = source.filePath ?? 'configuration';
  const empty = (): Layer => ({ plugins: [], ruleConfigs: {}, overrides: [], ignorePatterns: [] });
  const builtin = builtinPresetName(ref);
  if (builtin) {
    const allRules = [...context.builtinRules, ...plugins.flatMap((p) => p.rules ?? [])];
    return { ...empty(), ruleConfigs: presetRuleConfigs(builtin, allRules) };
  }
  const pluginPreset = /^plugin:([^/]+(?:\/[^/]+)?)\/([^/]+)$/.exec(ref);
  if (pluginPreset) {
    const [, pluginName = '', presetName = ''] = pluginPreset;
    const plugin = plugins.find((p) => p.name === pluginName);
    if (!plugin) throw new ConfigError(`${label}: extends: "${ref}" names plugin "${pluginName}", which is not in this file's plugins`);
    const preset = plugin.configs?.[presetName];
    if (!preset) throw new ConfigError(`${label}: extends: plugin "${pluginName}" has no preset "${presetName}"`);
    return resolveLayer(preset, source, context, [...chain, ref]);
  }
  if (ref.startsWith('.') || path.isAbsolute(ref)) {
    const file = path.resolve(source.baseDir, ref);
    if (chain.includes(file)) throw new ConfigError(`${label}: extends: "${ref}" extends itself (${[...chain, file].join(' -> ')})`);
    const data = await context.loadFile(file, label);
    return resolveLayer(data, { filePath: file, baseDir: path.dirname(file), explicit: source.explicit }, context, [...chain, file]);
  }
  throw new ConfigError(`${label}: extends: "${ref}" is not forbidlint:recommended, forbidlint:strict, plugin:<name>/<preset> or a path`);
}

function normalizeRules(rules: Record<string, RuleSetting> | undefined, label: string, keyPath: string): Record<string, RuleConfig> {
  const configs: Record<string, RuleConfig> = {};
  for (const [id, setting] of Object.entries(rules ?? {})) {
    const normalized = normalizeRuleSetting(setting);
    if (!normalized) throw new ConfigError(`${label}: ${keyPath}.${id}: severity must be "off", "warn", "error", 0, 1 or 2`);
    configs[id] = normalized;
  }
  return configs;
}

/** Unknown rule ids and options that do not fit a rule's schema are errors, as in ESLint. */
async function checkRuleConfigs(config: ResolvedConfig, label: string): Promise<void> {
  const settings = [
    ...Object.entries(config.ruleConfigs).map(([id, c]) => ({ id, c, keyPath: `rules.${id}` })),
    ...config.overrides.flatMap((o, i) => Object.entries(o.ruleConfigs).map(([id, c]) => ({ id, c, keyPath: `overrides.${i}.rules.${id}` }))),
  ];
  for (const { id, c, keyPath } of settings) {
    const rule = config.rules.get(id);
    if (!rule) throw new ConfigError(`${label}: ${keyPath}: unknown rule "${id}"${hintFor(id, config.rules)}`);
    if (c.options === undefined) continue;
    const problem = await validateAgainst(rule.meta.schema, c.options, `${keyPath}[1]`);
    if (problem) throw new ConfigError(`${label}: ${problem}`);
  }
}

/**
 * A configuration with `settings` (from `--rule`) over everything it says about those rules,
 * overrides included, as ESLint gives the command line the last word; checked like a file's.
 */
export async function withRuleConfigs(config: ResolvedConfig, settings: Record<string, RuleConfig>, label: string): Promise<ResolvedConfig> {
  await checkRuleConfigs({ ...config, ruleConfigs: settings, overrides: [] }, label);
  const without = (configs: Record<string, RuleConfig>) => Object.fromEntries(Object.entries(configs).filter(([id]) => !Object.hasOwn(settings, id)));
  return {
    ...config,
    ruleConfigs: { ...config.ruleConfigs, ...settings },
    overrides: config.overrides.map((o) => ({ ...o, ruleConfigs: without(o.ruleConfigs) })),
  };
}

/** A namespace no known rule uses is most likely a plugin's that the configuration does not load. */
function hintFor(id: string, rules: ReadonlyMap<string, Rule>): string {
  const namespace = `${id.split('/')[0] ?? ''}/`;
  const known = [...rules.keys()].some((other) => other.startsWith(namespace));
  return known ? '' : ` (is the plugin that provides "${namespace}" rules listed in plugins?)`;
}
