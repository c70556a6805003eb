import { configRegex } from './config-regex.js';

/**
 * nginx and httpd compile their patterns with PCRE; JavaScript's engine reads the common subset,
 * and every match runs bounded (config-regex.ts). Two PCRE spellings real configs use are
 * translated: leading inline options (`(?i)`, `(?s)`, `(?m)`) become flags, and `(?P<name>`
 * groups become `(?<name>`. Anything else JavaScript rejects throws.
 */
export function pcreRegex(source: string, flags = ''): RegExp {
  const inline = /^\(\?([ims]+)\)/.exec(source);
  const body = (inline ? source.slice(inline[0].length) : source).replaceAll('(?P<', '(?<');
  const extra = inline ? [...(inline[1] as string)].filter((f) => !flags.includes(f)).join('') : '';
  return configRegex(body, flags + [...new Set(extra)].join(''));
}
