import { pcreRegex } from '../../regex/pcre.js';

/**
 * nginx's `location ~`, `server_name ~`, `map` and `if` patterns (src/regex/pcre.ts); one
 * JavaScript rejects yields undefined, for the caller to report.
 */
export function compilePcre(source: string, caseless: boolean): RegExp | undefined {
  try {
    return pcreRegex(source, caseless ? 'i' : '');
  } catch {
    return undefined;
  }
}
