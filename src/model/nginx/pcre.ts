import { configRegex } from '../../regex/config-regex.js';
/**
 * nginx compiles `location ~` and `server_name ~` patterns with PCRE; JavaScript's engine reads
 * the common subset. Two PCRE spellings are translated: `(?P<name>` groups and a leading `(?i)`.
 * Anything else JavaScript rejects yields undefined, for the caller to report.
 */
export function compilePcre(source: string, caseless: boolean): RegExp | undefined {
  const inlineCaseless = source.startsWith('(?i)');
  const body = (inlineCaseless ? source.slice(4) : source).replaceAll('(?P<', '(?<');
  try {
    return configRegex(body, caseless || inlineCaseless ? 'i' : '');
  } catch {
    return undefined;
  }
}
