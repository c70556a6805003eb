import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULE_ID_PATTERN } from '../engine/rule.js';
import { ConfigError } from './errors.js';
import { isInAuditedTree, mayExecute, type ExecutionPolicy } from './safety.js';
import type { Plugin } from './types.js';

/**
 * `example` → `forbidlint-plugin-example`, `@acme` → `@acme/forbidlint-plugin`,
 * `@acme/web` → `@acme/forbidlint-plugin-web` (ESLint's naming convention); full names and
 * paths are kept.
 */
export function pluginPackageName(spec: string): string {
  if (isPathSpec(spec) || /(^|\/)forbidlint-plugin(-|$)/.test(spec)) return spec;
  if (spec.startsWith('@')) {
    const [scope, name] = spec.split('/', 2);
    return name ? `${scope}/forbidlint-plugin-${name}` : `${scope}/forbidlint-plugin`;
  }
  return `forbidlint-plugin-${spec}`;
}

function isPathSpec(spec: string): boolean {
  return spec.startsWith('.') || path.isAbsolute(spec);
}

/** Resolves like `require.resolve` from each directory in turn: the config's, then the working directory. */
function resolvePlugin(spec: string, fromDirs: readonly string[]): string | undefined {
  for (const dir of fromDirs) {
    try {
      return createRequire(path.join(dir, 'noop.js')).resolve(isPathSpec(spec) ? path.resolve(dir, spec) : spec);
    } catch {
      // not resolvable from here; try the next directory
    }
  }
  return undefined;
}

export interface PluginSource {
  /** The config file naming the plugin, for messages. */
  configFile: string;
  explicitConfig: boolean;
  policy: ExecutionPolicy;
}

const loaded = new Map<string, Promise<Plugin>>();

/** Loads a plugin module (its default export, or its namespace) and checks its shape. */
export async function loadPlugin(spec: string, source: PluginSource): Promise<Plugin> {
  // A plugin is code: only a configuration trusted to run code may name one, and what it
  // names must not lie in the audited tree (real paths, so no symlinked parent hides it).
  if (!mayExecute(source.configFile, source.policy, source.explicitConfig)) {
    throw new ConfigError(`${source.configFile}: plugins: refusing to load "${spec}": a configuration from the audited tree or from outside the project directory is data and names no plugins`);
  }
  const name = pluginPackageName(spec);
  const file = resolvePlugin(name, [path.dirname(source.configFile), source.policy.cwd]);
  if (file === undefined) throw new ConfigError(`${source.configFile}: plugins: cannot find plugin "${spec}" (looked for ${name} from ${path.dirname(source.configFile)})`);
  if (isInAuditedTree(file, source.policy)) {
    throw new ConfigError(`${source.configFile}: plugins: refusing to run "${spec}" (${file}): it lies in the audited tree`);
  }
  let plugin = loaded.get(file);
  if (!plugin) {
    plugin = import(pathToFileURL(file).href).then((module: Record<string, unknown>) => checkPlugin(module['default'] ?? module, spec, source.configFile));
    loaded.set(file, plugin);
  }
  return plugin;
}

function checkPlugin(value: unknown, spec: string, configFile: string): Plugin {
  const fail = (what: string): never => {
    throw new ConfigError(`${configFile}: plugins: "${spec}" ${what}`);
  };
  if (typeof value !== 'object' || value === null) return fail('does not export a plugin object');
  const plugin = value as Partial<Plugin>;
  if (typeof plugin.name !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(plugin.name)) fail('has no kebab-case `name`');
  if (plugin.rules !== undefined && !Array.isArray(plugin.rules)) fail('exports `rules` that is not an array');
  for (const rule of plugin.rules ?? []) {
    const id = rule?.meta?.id;
    if (typeof id !== 'string' || !RULE_ID_PATTERN.test(id) || !id.startsWith(`${plugin.name}/`)) {
      fail(`has a rule id ${JSON.stringify(id)} outside its namespace "${plugin.name}/"`);
    }
  }
  if (plugin.apply !== undefined && typeof plugin.apply !== 'function') fail('exports `apply` that is not a function');
  return plugin as Plugin;
}
