/**
 * Shell wildcards as httpd matches `<Directory>`, `<Files>` and `<Location>` patterns and
 * ServerAlias names (apr_fnmatch): `*` and `?` never cross a `/` when `pathname` is set, `[...]`
 * classes with `!` or `^` negation, a backslash escapes the next character.
 */
export function hasGlob(pattern: string): boolean {
  return /(^|[^\\])[*?[]/.test(pattern);
}

export function globToRegExp(pattern: string, options: { pathname: boolean; caseInsensitive?: boolean }): RegExp {
  const any = options.pathname ? '[^/]' : '.';
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '\\' && i + 1 < pattern.length) {
      out += escape(pattern[++i] as string);
    } else if (ch === '*') {
      out += `${any}*`;
    } else if (ch === '?') {
      out += any;
    } else if (ch === '[' && pattern.indexOf(']', i + 2) > i) {
      const end = pattern.indexOf(']', i + 2);
      let body = pattern.slice(i + 1, end);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      out += `[${negate ? '^' : ''}${body.replace(/\\/g, '\\\\').replace(/]/g, '\\]')}]`;
      i = end;
    } else {
      out += escape(ch);
    }
  }
  return new RegExp(`^${out}$`, options.caseInsensitive ? 'i' : '');
}

function escape(ch: string): string {
  return /[.+^${}()|[\]\\*?/]/.test(ch) ? `\\${ch}` : ch;
}
