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
  const end = wordEnd(text, start, to);
  const unterminated = end < 0;
  const stop = unterminated ? to : end;
  return { value: wordValue(text, start, stop, unterminated), raw: text.slice(start, stop), quote: quoteAt(text, start), start, end: stop, unterminated };
}

const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const BACKSLASH = 92;

/**
 * Where the word starting at `start` ends (exclusive): past its closing quote, or at the next
 * blank when unquoted. A quote left open runs to `to`, returned as `-1` so the caller can tell.
 * Allocation-free: the parser calls it once per word of a config.
 */
export function wordEnd(text: string, start: number, to: number): number {
  const first = text.charCodeAt(start);
  if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) {
    let end = start + 1;
    while (end < to) {
      const code = text.charCodeAt(end);
      if (code === first) return end + 1;
      if (code === BACKSLASH && end + 1 < to) {
        const next = text.charCodeAt(end + 1);
        end += next === first || next === BACKSLASH ? 2 : 1;
      } else {
        end++;
      }
    }
    return -1;
  }
  let end = start;
  while (end < to && !isSpaceAt(text, end)) end++;
  return end;
}

export function quoteAt(text: string, start: number): QuoteStyle {
  const first = text.charCodeAt(start);
  return first === DOUBLE_QUOTE ? 'double' : first === SINGLE_QUOTE ? 'single' : 'none';
}

/** The value of the word `text[start..end)`: quotes dropped, escapes decoded. */
export function wordValue(text: string, start: number, end: number, unterminated: boolean): string {
  const quote = quoteAt(text, start);
  if (quote === 'none') return unescape(text.slice(start, end), undefined);
  return unescape(text.slice(start + 1, unterminated ? end : end - 1), text[start]);
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
