/**
 * Where a `*_by_lua_block { ... }` body ends. lua-nginx-module reads the body itself, as Lua:
 * braces are counted, except inside Lua strings ('...' and "..." with backslash escapes), long
 * brackets (`[[ ]]`, `[==[ ]==]`) and comments (`-- ...` to the line end, `--[[ ]]`).
 *
 * Returns the index of the `}` that closes the block opened just before `from`, or the text's
 * length when it never closes.
 */
export function luaBlockEnd(text: string, from: number): number {
  let depth = 1;
  let i = from;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '-' && text[i + 1] === '-') {
      const level = longBracketLevel(text, i + 2);
      i = level >= 0 ? skipLongBracket(text, i + 2, level) : lineEnd(text, i + 2);
    } else if (ch === '[') {
      const level = longBracketLevel(text, i);
      i = level >= 0 ? skipLongBracket(text, i, level) : i + 1;
    } else if (ch === '"' || ch === "'") {
      i = stringEnd(text, i, ch);
    } else {
      if (ch === '{') depth++;
      if (ch === '}' && --depth === 0) return i;
      i++;
    }
  }
  return text.length;
}

/** `[[` is level 0, `[==[` level 2; -1 when `from` does not open a long bracket. */
function longBracketLevel(text: string, from: number): number {
  if (text[from] !== '[') return -1;
  let i = from + 1;
  while (text[i] === '=') i++;
  return text[i] === '[' ? i - from - 1 : -1;
}

/** Index after the `]=*]` closing the long bracket opened at `from`, or the text's length. */
function skipLongBracket(text: string, from: number, level: number): number {
  const close = `]${'='.repeat(level)}]`;
  const end = text.indexOf(close, from + level + 2);
  return end < 0 ? text.length : end + close.length;
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end;
}

/** Index after the quote closing the string opened at `from`, or the text's length. */
function stringEnd(text: string, from: number, quote: string): number {
  let i = from + 1;
  while (i < text.length) {
    if (text[i] === '\\') i += 2;
    else if (text[i] === quote) return i + 1;
    else i++;
  }
  return text.length;
}
