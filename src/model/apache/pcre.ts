import { configRegex } from '../../regex/config-regex.js';

/**
 * httpd compiles section, RewriteRule and RewriteCond patterns with PCRE; JavaScript regexes
 * agree on the common subset, and every match runs bounded (src/regex). PCRE's leading inline options (`(?i)`, `(?s)`, `(?x)` is not
 * supported), which applications' .htaccess files use, become JavaScript flags.
 */
export function pcreRegExp(source: string, flags = ''): RegExp {
  const inline = /^\(\?([ims]+)\)/.exec(source);
  if (!inline) return configRegex(source, flags);
  const extra = [...(inline[1] as string)].filter((f) => !flags.includes(f)).join('');
  return configRegex(source.slice(inline[0].length), flags + extra);
}
