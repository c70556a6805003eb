import type { QuoteStyle } from '../ast.js';
import { isSpaceAt } from './logical-lines.js';

/** One word of a logical line as `ap_getword_conf` splits it. */
export interface Word {
  value: string;
  raw: string;
  quote: QuoteStyle;
  /** Offsets of `raw` in the text that was split. */
  start: number;
  end: number;
  /** A quoted word that ran to the end of the line without its closing quote. */
  unterminated: boolean;
}

/**
 * Splits `text[from..to)` into words with httpd's rules: a word starting with `"` or `'` runs
 * to the matching quote (inside it, `\\` and a backslash before that quote are escapes) and
 * ends right there even without a following space (`"a"b` is two words); an unterminated quote
 * takes the rest of the line; an unquoted word runs to the next whitespace and only `\\`
 * is an escape in it.
 */
export function splitWords(text: string, from = 0, to = text.length): Word[] {
  const words: Word[] = [];
  let pos = from;
  for (;;) {
    while (pos < to && isSpaceAt(text, pos)) pos++;
    if (pos >= to) return words;
    const word = readWordAt(text, pos, to);
    words.push(word);
    pos = word.end;
  }
}

/** The word starting at `start` (which must not be whitespace), read no further than `to`. */
export function readWordAt(text: string, start: number, to = text.length): Word {
  const first = text[start];
  if (first === '"' || first === "'") {
    let end = start + 1;
    while (end < to && text[end] !== first) {
      const next = text[end + 1];
      end += text[end] === '\\' && end + 1 < to && (next === first || next === '\\') ? 2 : 1;
    }
    const unterminated = end >= to;
    const value = unescape(text.slice(start + 1, Math.min(end, to)), first);
    if (!unterminated) end++;
    return {
      value,
      raw: text.slice(start, end),
      quote: first === '"' ? 'double' : 'single',
      start,
      end,
      unterminated,
    };
  }
  let end = start;
  while (end < to && !isSpaceAt(text, end)) end++;
  const raw = text.slice(start, end);
  return { value: unescape(raw, undefined), raw, quote: 'none', start, end, unterminated: false };
}

/** substring_conf: `\\` always, and `\<quote>` inside a quoted word, lose their backslash. */
function unescape(body: string, quote: string | undefined): string {
  if (!body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    const next = body[i + 1];
    if (ch === '\\' && (next === '\\' || (quote !== undefined && next === quote))) {
      out += next;
      i++;
    } else {
      out += ch;
    }
  }
  return out;
}

/**
 * The shortest source text that `ap_getword_conf` reads back as `value`: bare when it can be,
 * else double-quoted with `\\` and `\"` escaped. Used when printing an argument whose raw text
 * no longer matches its value.
 */
export function quoteWord(value: string): string {
  const bare = value !== '' && !/[\s"'\\]/.test(value) && !value.startsWith('#');
  if (bare) return value;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
