import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Loader } from 'cosmiconfig';
import type { Rule } from '../engine/rule.js';
import { ConfigError } from './errors.js';
import { resolveConfig } from './resolve-config.js';
import { mayExecute, type ExecutionPolicy } from './safety.js';
import type { ConfigData, ResolvedConfig } from './types.js';

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

const EXECUTABLE = ['.js', '.cjs', '.mjs'] as const;

export interface ConfigDiscoveryOptions extends ExecutionPolicy {
  builtinRules: readonly Rule[];
  /** `--config FILE`: used for every file, no search. */
  configFile?: string;
}

type Explorer = { search(dir: string): Promise<{ config: unknown; filepath: string; isEmpty?: boolean } | null>; load(file: string): Promise<{ config: unknown; filepath: string } | null> };

/**
 * Finds and resolves the configuration for each linted file: `--config` when given, else the
 * nearest configuration file in the file's directory or above, else the working directory's.
 * JavaScript configs run only where `mayExecute` allows (see safety.ts); a data file found
 * anywhere is read as JSON or YAML, and cosmiconfig's `$import` cannot reach a script either,
 * because every script loader goes through the same check.
 */
export class ConfigDiscovery {
  private explorer: Promise<Explorer> | undefined;
  private explicitExplorer: Promise<Explorer> | undefined;
  private readonly byDir = new Map<string, Promise<ResolvedConfig>>();
  private readonly byFile = new Map<string, Promise<ResolvedConfig>>();

  constructor(private readonly options: ConfigDiscoveryOptions) {}

  /** The configuration that applies to `file` (a host path). */
  async forFile(file: string): Promise<ResolvedConfig> {
    if (this.options.configFile !== undefined) return this.fromFile(path.resolve(this.options.cwd, this.options.configFile), true);
    return this.forDirectory(path.dirname(path.resolve(this.options.cwd, file)));
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
    for (let dir = start, parent = path.dirname(dir); ; dir = parent, parent = path.dirname(dir)) {
      if (mayHoldConfig(dir)) {
        const explorer = await this.getExplorer();
        const found = await this.attempt(dir, () => explorer.search(dir));
        if (found && !found.isEmpty) return this.fromFile(found.filepath, false);
      }
      if (dir === parent) break;
    }
    if (!(start === this.options.cwd || isAncestor(this.options.cwd, start))) return this.forDirectory(this.options.cwd);
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
      policy: this.options,
      loadFile: (file: string) => this.loadData(file, explicit),
    };
  }

  private async loadData(file: string, explicit: boolean): Promise<unknown> {
    if (!explicit) this.refuseScript(file);
    const explorer = await this.getExplorer(explicit);
    const loaded = await this.attempt(file, () => explorer.load(file));
    // An empty file means "no settings", as for ESLint; package.json without the key never gets here.
    return loaded?.config ?? {};
  }

  private refuseScript(file: string): void {
    if (EXECUTABLE.some((ext) => file.endsWith(ext)) && !mayExecute(file, this.options, false)) {
      throw new ConfigError(`${file}: refusing to execute a JavaScript configuration from the audited tree or from outside the project directory; only JSON or YAML is read there (name it with --config to run it)`);
    }
  }

  private async attempt<T>(where: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      throw new ConfigError(describeLoadError(error, where));
    }
  }

  private getExplorer(explicit = false): Promise<Explorer> {
    if (explicit) return (this.explicitExplorer ??= createExplorer(() => undefined));
    return (this.explorer ??= createExplorer((file) => this.refuseScript(file)));
  }
}

/**
 * A quick look before asking cosmiconfig, so a run in a tree without configuration files never
 * loads it: a configuration file exists here, or a package.json that mentions the key.
 */
function mayHoldConfig(dir: string): boolean {
  return SEARCH_PLACES.some((name) => {
    const file = path.join(dir, name);
    if (name !== 'package.json') return existsSync(file);
    try {
      return readFileSync(file, 'utf8').includes('"forbidlint"');
    } catch {
      return false;
    }
  });
}

/** cosmiconfig's "JSON Error in FILE:\nreason (line:col)\n code frame" as `FILE: invalid JSON: reason`. */
function describeLoadError(error: unknown, where: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message.split('\n').filter((line) => line.trim() !== '');
  const header = lines[0] ?? '';
  const syntax = /^(JSON|YAML) Error in (.+):$/.exec(header);
  if (syntax) return `${syntax[2]}: invalid ${syntax[1]}: ${lines[1] ?? ''}`;
  return header.startsWith(where) ? header : `${where}: ${header}`;
}

function isAncestor(dir: string, of: string): boolean {
  const relative = path.relative(dir, of);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** cosmiconfig is imported on first use: `--version` and `--help` never need it. */
async function createExplorer(guard: (file: string) => void): Promise<Explorer> {
  const { cosmiconfig, defaultLoaders } = await import('cosmiconfig');
  const guarded = (loader: Loader | undefined): Loader => (file, content) => {
    guard(file);
    if (!loader) throw new ConfigError(`${file}: no loader`);
    return loader(file, content);
  };
  return cosmiconfig('forbidlint', {
    searchPlaces: [...SEARCH_PLACES],
    searchStrategy: 'none',
    loaders: {
      '.json': defaultLoaders['.json'],
      '.yaml': defaultLoaders['.yaml'],
      '.yml': defaultLoaders['.yml'],
      noExt: defaultLoaders.noExt,
      ...Object.fromEntries(EXECUTABLE.map((ext) => [ext, guarded(defaultLoaders[ext])])),
    },
  });
}
