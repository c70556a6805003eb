/**
 * apr_fnmatch_test: `*` or `?`, or a `[` with a `]` after it, not escaped by a backslash.
 * A path without one is opened literally, backslashes included.
 */
export function hasWildcard(pattern: string): boolean {
  let brackets = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') i++;
    else if (ch === '*' || ch === '?') return true;
    else if (ch === '[') brackets = true;
    else if (ch === ']' && brackets) return true;
  }
  return false;
}

/**
 * apr_fnmatch as httpd's Include uses it on one path component (APR_FNM_PERIOD): `*`, `?`,
 * `[...]` with `!` or `^` negation and ranges, a backslash escapes the next character, and a
 * leading `.` in a name only matches a literal `.`. Case-sensitive.
 */
export function fnmatch(pattern: string, name: string): boolean {
  if (name.startsWith('.') && !pattern.startsWith('.')) return false;
  return compile(pattern).test(name);
}

const compiled = new Map<string, RegExp>();

function compile(pattern: string): RegExp {
  let regex = compiled.get(pattern);
  if (!regex) {
    regex = new RegExp(`^${translate(pattern)}$`, 's');
    compiled.set(pattern, regex);
  }
  return regex;
}

function translate(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    else if (ch === '\\' && i + 1 < pattern.length) out += escapeRegex(pattern[++i] as string);
    else if (ch === '[') {
      const bracket = bracketExpression(pattern, i);
      if (bracket) {
        out += bracket.regex;
        i = bracket.end;
      } else {
        out += '\\[';
      }
    } else out += escapeRegex(ch);
  }
  return out;
}

/** `[...]` starting at `start`, or undefined when it has no closing `]` (then `[` is literal). */
function bracketExpression(pattern: string, start: number): { regex: string; end: number } | undefined {
  let i = start + 1;
  let negate = false;
  if (pattern[i] === '!' || pattern[i] === '^') {
    negate = true;
    i++;
  }
  let body = '';
  let first = true;
  for (; i < pattern.length; i++) {
    let ch = pattern[i] as string;
    if (ch === ']' && !first) return { regex: `[${negate ? '^' : ''}${body}]`, end: i };
    first = false;
    if (ch === '\\' && i + 1 < pattern.length) ch = pattern[++i] as string;
    if (pattern[i + 1] === '-' && pattern[i + 2] !== undefined && pattern[i + 2] !== ']') {
      let upper = pattern[i + 2] as string;
      i += 2;
      if (upper === '\\' && i + 1 < pattern.length) upper = pattern[++i] as string;
      if (upper >= ch) body += `${escapeClass(ch)}-${escapeClass(upper)}`;
    } else {
      body += escapeClass(ch);
    }
  }
  return undefined;
}

function escapeRegex(ch: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(ch) ? `\\${ch}` : ch;
}

function escapeClass(ch: string): string {
  return /[\]\\^-]/.test(ch) ? `\\${ch}` : ch;
}
