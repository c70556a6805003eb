import type { Formatter } from './types.js';

export type { Formatter, FormatterContext } from './types.js';

/** Built-in formatters, each imported only when asked for. */
const BUILTIN: Readonly<Record<string, () => Promise<Formatter>>> = {
  stylish: async () => (await import('./stylish.js')).stylish,
  json: async () => (await import('./json.js')).json,
  sarif: async () => (await import('./sarif.js')).sarif,
  github: async () => (await import('./github.js')).github,
  checkstyle: async () => (await import('./checkstyle.js')).checkstyle,
  junit: async () => (await import('./junit.js')).junit,
  compact: async () => (await import('./compact.js')).compact,
};

export const BUILTIN_FORMATS: readonly string[] = Object.keys(BUILTIN);

export async function loadBuiltinFormatter(name: string): Promise<Formatter | undefined> {
  return Object.hasOwn(BUILTIN, name) ? BUILTIN[name]?.() : undefined;
}
