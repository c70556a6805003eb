/**
 * A configuration the tool cannot use: a file that does not parse, a key with a wrong value, a
 * plugin that does not load. The CLI prints `message` on one line and exits 2.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
