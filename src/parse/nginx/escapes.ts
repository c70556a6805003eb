/**
 * The escapes nginx decodes when it stores a word (the copy loop at the end of
 * `ngx_conf_read_token`), in quoted and unquoted words alike: `\"`, `\'` and `\\` stand for the
 * character, `\t`, `\r` and `\n` for the control character. Any other backslash is kept, so
 * `\d` in a regex and `\$` reach the directive unchanged.
 */
export function decodeEscapes(inner: string): string {
  if (!inner.includes('\\')) return inner;
  let value = '';
  let i = 0;
  while (i < inner.length) {
    const ch = inner[i] as string;
    if (ch !== '\\' || i + 1 >= inner.length) {
      value += ch;
      i++;
      continue;
    }
    const next = inner[i + 1] as string;
    const decoded = ESCAPES[next];
    if (decoded === undefined) {
      value += ch;
      i++;
    } else {
      value += decoded;
      i += 2;
    }
  }
  return value;
}

const ESCAPES: Readonly<Record<string, string>> = { '"': '"', "'": "'", '\\': '\\', t: '\t', r: '\r', n: '\n' };

/**
 * Source text of `value` in the given quote style that nginx decodes back to
 * `value`, or undefined when that style cannot express it (an unquoted word cannot hold white
 * space, `;`, `{` or a leading quote). Every value can be written double-quoted.
 */
export function encodeWord(value: string, quote: 'none' | 'single' | 'double'): string | undefined {
  if (quote === 'none') return encodeBare(value);
  const mark = quote === 'double' ? '"' : "'";
  let body = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] as string;
    // A backslash must be doubled when nginx would read it together with the next character.
    if (ch === '\\') body += '\\\\';
    else if (ch === mark) body += `\\${mark}`;
    else body += ch;
  }
  return `${mark}${body}${mark}`;
}

function encodeBare(value: string): string | undefined {
  if (value === '' || /[\s;'"]/.test(value[0] as string) || value[0] === '#' || value[0] === '{' || value[0] === '}') return undefined;
  let raw = '';
  let variable = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] as string;
    if (/\s/.test(ch) || ch === ';') return undefined;
    if (ch === '{' && !variable) return undefined;
    if (ch === '\\') raw += '\\\\';
    else raw += ch;
    if (ch === '{' && variable) continue;
    variable = ch === '$';
  }
  return raw;
}
