/**
 * Characters a terminal or a CI log acts on instead of showing: C0 and C1 controls (ESC starts
 * a terminal sequence, CR lets a later `::error ::` start a line of its own in GitHub Actions),
 * DEL, the Unicode line separators, and the bidirectional overrides that reorder what is shown.
 * Configs, file names and server names come from the audited tree, so text formats show these
 * escaped, never raw.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const CONTROL_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function escapeOne(ch: string): string {
  const named = NAMED[ch];
  if (named !== undefined) return named;
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every control character shown as an escape (`\r`, `\x1b`, `\u202e`). */
export function escapeControlChars(text: string): string {
  return text.replace(CONTROL, escapeOne);
}

/** The same, keeping line feeds: for text whose lines the formatter lays out itself. */
export function escapeControlCharsButNewlines(text: string): string {
  return text.replace(CONTROL_BUT_NEWLINE, escapeOne);
}

/** A message on one line: line breaks and the blanks around them become one space, the rest escaped. */
export function oneLine(text: string): string {
  return escapeControlChars(text.replace(/\s*\n\s*/g, ' '));
}
