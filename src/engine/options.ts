/**
 * A rule's effective options: its `defaultOptions` deep-merged with the user's, so a user sets
 * one nested key without restating the rest (typescript-eslint's applyDefault). Arrays and
 * scalars from the user replace the default outright.
 */
export function mergeOptions<Options extends object>(defaults: Options, user: object | undefined): Options {
  if (user === undefined) return defaults;
  return mergeValue(defaults, user) as Options;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mergeValue(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) merged[key] = mergeValue(base[key], value);
  return merged;
}
