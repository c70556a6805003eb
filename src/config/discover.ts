import { existsSync } from 'node:fs';
import { access } from 'node:fs/promises';
import * as path from 'node:path';
import type { Rule } from '../engine/rule.js';
import type { ConfigSource } from '../engine/settings.js';
import { readRegularFile } from '../fs/bounded-read.js';
import { ConfigError } from './errors.js';
import { loadConfigFile, MAX_CONFIG_BYTES } from './load-file.js';
import { resolveConfig, withRuleConfigs } from './resolve-config.js';
import { lintConfigOf } from './rule-config.js';
import { confinementOf, isWithin, mayExecute, realPath, realPolicy, searchCeiling, type ExecutionPolicy } from './safety.js';
import type { ConfigData, LintedConfig, ResolvedConfig, RuleConfig } from './types.js';

/** Where configuration is looked for in each directory, nearest directory first. */
export const SEARCH_PLACES: readonly string[] = [
  'package.json',
  '.forbidlintrc',
  '.forbidlintrc.json',
  '.forbidlintrc.yaml',
  '.forbidlintrc.yml',
  '.forbidlintrc.js',
  '.forbidlintrc.cjs',
  '.forbidlintrc.mjs',
  'forbidlint.config.js',
  'forbidlint.config.cjs',
  'forbidlint.config.mjs',
];

/** Without any configuration file, the recommended rules apply: a linter that finds nothing by default helps no one. */
export const DEFAULT_CONFIG: ConfigData = { extends: 'forbidlint:recommended' };

export interface ConfigDiscoveryOptions {
  /** The working directory: the project whose own configuration may run code. */
  cwd: string;
  /** `--root` as a host path, when auditing a mounted tree (resolved to its real path here). */
  auditedRoot?: string;
  builtinRules: readonly Rule[];
  /** `--config FILE`: used for every file, no search. */
  configFile?: string;
  /** `--rule` settings, applied over every configuration the linter gets. */
  ruleConfigs?: Record<string, RuleConfig>;
}

/**
 * Finds and resolves the configuration for each linted file: `--config` when given, else the
 * nearest configuration file in the file's directory or above (never above the audited tree's
 * root, nor into the project's ancestors from a directory outside it), else the working
 * directory's. Where a file may run code, and what it may open, is decided in safety.ts.
 */
export class ConfigDiscovery implements ConfigSource {
  private readonly policy: ExecutionPolicy;
  private readonly byDir = new Map<string, Promise<ResolvedConfig>>();
  private readonly byFile = new Map<string, Promise<ResolvedConfig>>();
  private readonly withCliRules = new Map<ResolvedConfig, Promise<LintedConfig>>();

  constructor(private readonly options: ConfigDiscoveryOptions) {
    this.policy = realPolicy(options.cwd, options.auditedRoot);
  }

  /** The configuration that applies to `file` (a host path). */
  async forFile(file: string): Promise<ResolvedConfig> {
    if (this.options.configFile !== undefined) return this.fromFile(path.resolve(this.options.cwd, this.options.configFile), true);
    return this.forDirectory(path.dirname(path.resolve(this.options.cwd, file)));
  }

  /** What the linter uses for `file`: its configuration with the `--rule` settings over it. */
  async lintConfig(file: string): Promise<LintedConfig> {
    const found = await this.forFile(file);
    const { ruleConfigs } = this.options;
    if (!ruleConfigs) return lintConfigOf(found);
    let merged = this.withCliRules.get(found);
    if (!merged) {
      merged = withRuleConfigs(found, ruleConfigs, '--rule').then(lintConfigOf);
      this.withCliRules.set(found, merged);
    }
    return merged;
  }

  /** The configuration of the working directory: what `servers` and defaults come from. */
  async forCwd(): Promise<ResolvedConfig> {
    if (this.options.configFile !== undefined) return this.forFile(this.options.configFile);
    return this.forDirectory(this.options.cwd);
  }

  private forDirectory(dir: string): Promise<ResolvedConfig> {
    let config = this.byDir.get(dir);
    if (!config) {
      config = this.searchUp(dir);
      this.byDir.set(dir, config);
    }
    return config;
  }

  private async searchUp(start: string): Promise<ResolvedConfig> {
    const mayClimbTo = searchCeiling(start, this.policy);
    let searchedCwd = false;
    for (let dir = start, parent = path.dirname(dir); mayClimbTo(dir); dir = parent, parent = path.dirname(dir)) {
      const found = await configFileIn(dir);
      if (found !== undefined) return this.fromFile(found, false);
      searchedCwd ||= dir === this.options.cwd;
      if (dir === parent) break;
    }
    // Stopped at a ceiling, or never passed the working directory: the project's configuration.
    if (!searchedCwd) return this.forDirectory(this.options.cwd);
    return resolveConfig(DEFAULT_CONFIG, { baseDir: this.options.cwd, explicit: false, trusted: true }, this.resolveContext(false));
  }

  private fromFile(file: string, explicit: boolean): Promise<ResolvedConfig> {
    let config = this.byFile.get(file);
    if (!config) {
      config = (async () => {
        const data = await this.loadData(file, explicit);
        return resolveConfig(data, { filePath: file, baseDir: path.dirname(file), explicit }, this.resolveContext(explicit));
      })();
      this.byFile.set(file, config);
    }
    return config;
  }

  private resolveContext(explicit: boolean) {
    return {
      builtinRules: this.options.builtinRules,
      policy: this.policy,
      loadFile: (file: string, from: string) => {
        const zone = confinementOf(from, this.policy, explicit);
        if (zone !== undefined && !isWithin(realPath(file), zone)) {
          throw new ConfigError(`${from}: extends: refusing to read ${file}: a configuration from the audited tree or from outside the project directory may only extend files inside ${zone}`);
        }
        return this.loadData(file, explicit);
      },
    };
  }

  private async loadData(file: string, explicit: boolean): Promise<unknown> {
    const confinedTo = confinementOf(file, this.policy, explicit);
    const loaded = await loadConfigFile(file, {
      mayExecute: mayExecute(file, this.policy, explicit),
      ...(confinedTo !== undefined ? { confinedTo } : {}),
      refusal: (script) => `${script}: refusing to execute a JavaScript configuration from the audited tree or from outside the project directory; only JSON or YAML is read there (name it with --config to run it)`,
    });
    // An empty file means "no settings", as for ESLint.
    return loaded ?? {};
  }
}

/**
 * The configuration file of `dir`, in SEARCH_PLACES order: a file that exists, or a package.json
 * that has the key. Every place is asked for at once: the search climbs through the audited
 * server's directories, and on a mount (sshfs, NFS) each question is a round trip.
 */
async function configFileIn(dir: string): Promise<string | undefined> {
  const files = SEARCH_PLACES.map((name) => path.join(dir, name));
  const exists = await Promise.all(files.map((file) => access(file).then(() => true, () => false)));
  for (const [i, file] of files.entries()) {
    if (!exists[i]) continue;
    // An empty rc file is passed over, as cosmiconfig's search does.
    if (SEARCH_PLACES[i] === 'package.json' ? hasForbidlintKey(file) : !isBlank(file)) return file;
  }
  return undefined;
}

function isBlank(file: string): boolean {
  const read = readRegularFile(file, file, MAX_CONFIG_BYTES);
  return read.ok && read.value.toString('utf8').trim() === '';
}

function hasForbidlintKey(file: string): boolean {
  if (!existsSync(file)) return false;
  const read = readRegularFile(file, file, MAX_CONFIG_BYTES);
  if (!read.ok || !read.value.includes('"forbidlint"')) return false;
  try {
    const data = JSON.parse(read.value.toString('utf8')) as unknown;
    return typeof data === 'object' && data !== null && Object.hasOwn(data, 'forbidlint');
  } catch {
    return true; // broken JSON that mentions the key: loading it reports the error
  }
}
