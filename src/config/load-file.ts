import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readRegularFile } from '../fs/bounded-read.js';
import { ConfigError } from './errors.js';
import { isWithin, realPath } from './safety.js';

/** No configuration is larger: a bigger one is a mistake or an attack, and is refused. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

export const SCRIPT_EXTENSIONS: readonly string[] = ['.js', '.cjs', '.mjs'];

export function isScript(file: string): boolean {
  return SCRIPT_EXTENSIONS.includes(path.extname(file));
}

export interface LoadPermissions {
  /** JavaScript may run (the project's own file, or `--config`). */
  mayExecute: boolean;
  /** `$import` may only open files inside this directory (real paths); undefined: anywhere. */
  confinedTo?: string;
  /** Why a script is refused, for the message. */
  refusal: (file: string) => string;
}

/**
 * Reads one configuration file the way cosmiconfig 9 would (JSON, YAML, `package.json#forbidlint`,
 * a script's default export, `$import` merged under the file's own keys) without cosmiconfig's
 * lookup of its own `.config/config.*` from the working directory, which runs whatever script it
 * finds there. Only regular files are read, at most MAX_CONFIG_BYTES. Undefined for an empty
 * file or a package.json without the key.
 */
export async function loadConfigFile(file: string, permissions: LoadPermissions, importStack: readonly string[] = []): Promise<unknown> {
  if (isScript(file)) {
    if (!permissions.mayExecute) throw new ConfigError(permissions.refusal(file));
    const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    return module['default'] ?? module;
  }
  const read = readRegularFile(file, file, MAX_CONFIG_BYTES);
  if (!read.ok) throw new ConfigError(`${file}: cannot read the configuration: ${read.error.message}`);
  const text = read.value.toString('utf8');
  if (text.trim() === '') return undefined;
  const data = await parseData(file, text);
  const config = path.basename(file) === 'package.json' ? propertyOf(data, 'forbidlint') : data;
  if (!isRecord(config) || !Object.hasOwn(config, '$import')) return config;
  const { $import: imports, ...own } = config;
  const stack = [...importStack, file];
  const merged: Record<string, unknown>[] = [];
  for (const ref of Array.isArray(imports) ? imports : [imports]) {
    if (typeof ref !== 'string') throw new ConfigError(`${file}: $import must be a string or a list of strings`);
    const target = path.resolve(path.dirname(file), ref);
    if (permissions.confinedTo !== undefined && !isWithin(realPath(target), permissions.confinedTo)) {
      throw new ConfigError(`${file}: $import: refusing to read "${ref}": a configuration from the audited tree or from outside the project directory may only import files inside ${permissions.confinedTo}`);
    }
    if (stack.includes(target)) throw new ConfigError(`${file}: $import: "${ref}" imports itself (${[...stack, target].join(' -> ')})`);
    const imported = await loadConfigFile(target, permissions, stack);
    if (isRecord(imported)) merged.push(imported);
  }
  return mergeImports([...merged, own]);
}

async function parseData(file: string, text: string): Promise<unknown> {
  const ext = path.extname(file);
  if (ext === '.json' || path.basename(file) === 'package.json') {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new ConfigError(`${file}: invalid JSON: ${(error as Error).message}`);
    }
  }
  // Loaded on first use, as the CLI's `--version` never needs it; YAML is a superset of JSON.
  const { parse } = await import('yaml');
  try {
    return parse(text) as unknown;
  } catch (error) {
    throw new ConfigError(`${file}: invalid YAML: ${(error as Error).message.split('\n')[0] ?? ''}`);
  }
}

function propertyOf(data: unknown, key: string): unknown {
  return isRecord(data) ? data[key] : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** cosmiconfig's merge: objects deeply, arrays concatenated, later files win. */
function mergeImports(configs: readonly Record<string, unknown>[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const config of configs) {
    for (const [key, value] of Object.entries(config)) {
      const before = Object.hasOwn(result, key) ? result[key] : undefined;
      const merged = isRecord(before) && isRecord(value) ? mergeImports([before, value]) : Array.isArray(before) && Array.isArray(value) ? before.concat(value) : value;
      // defineProperty: a `__proto__` key in the data stays a key and never becomes a prototype.
      Object.defineProperty(result, key, { value: merged, enumerable: true, writable: true, configurable: true });
    }
  }
  return result;
}
