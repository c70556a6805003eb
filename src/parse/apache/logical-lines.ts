import type { SourceLocation } from '../ast.js';

/**
 * Splits a config file into httpd's logical lines, the way `ap_cfg_getline` reads them:
 * only LF ends a line; a backslash right before the LF (or before CR LF) joins the next
 * physical line, the backslash and line end removed and nothing inserted; leading and
 * trailing whitespace of the joined line is dropped. A CR anywhere else is just whitespace.
 */
export interface LogicalLine {
  /** The joined, trimmed line as httpd hands it to the parser. */
  text: string;
  /** 1-based physical line and column of `text[0]`. */
  line: number;
  column: number;
  /** The physical lines continuation joined on, after the first; empty for almost every line. */
  joined: readonly LinePiece[];
}

export interface LinePiece {
  /** Offset in `LogicalLine.text` where this piece starts. */
  start: number;
  line: number;
  /** 1-based column of `text[start]` in its physical line. */
  column: number;
}

const TAB = 9;
const CR = 13;
const SPACE = 32;
const BACKSLASH = 92;

/** apr_isspace, the C locale's isspace (space, \t \n \v \f \r), on the code unit at `index`. */
export function isSpaceAt(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return code === SPACE || (code >= TAB && code <= CR);
}

/**
 * Reads a file's logical lines one at a time. A line is `text[from..to)`, already trimmed. The
 * common case, one physical line, is read in place: `text` is the file itself and nothing is
 * copied. A continued line is joined into its own `text`, and `joined` maps it back to the
 * physical lines. A large config has one line per directive, so this is the parser's hottest
 * loop: it allocates nothing per single line.
 */
export class LogicalLineReader {
  text = '';
  from = 0;
  to = 0;
  /** Physical line of `text[from]`. */
  line = 0;
  /** For a single physical line: the offset of its column 1 in `text`. */
  lineStart = 0;
  /** For a continued line: the joined line, whose pieces give physical positions. */
  joined: LogicalLine | undefined;
  private offset = 0;
  private nextLine = 1;

  constructor(private readonly source: string) {}

  /** Moves to the next logical line; false at the end of the text. */
  next(): boolean {
    const { source } = this;
    if (this.offset >= source.length) return false;
    const lf = source.indexOf('\n', this.offset);
    const end = lf < 0 ? source.length : lf;
    if (lf < 0 || !continues(source, this.offset, end)) {
      let from = this.offset;
      while (from < end && isSpaceAt(source, from)) from++;
      let to = end;
      while (to > from && isSpaceAt(source, to - 1)) to--;
      this.text = source;
      this.from = from;
      this.to = to;
      this.line = this.nextLine;
      this.lineStart = this.offset;
      this.joined = undefined;
      this.offset = end + 1;
      this.nextLine++;
      return true;
    }
    const joined = this.joinContinued();
    this.text = joined.text;
    this.from = 0;
    this.to = joined.text.length;
    this.line = joined.line;
    this.lineStart = 1 - joined.column;
    this.joined = joined;
    return true;
  }

  /** The physical span of `text[start..end)` of the current line. */
  loc(file: string, start: number, end: number): SourceLocation {
    const { joined } = this;
    if (joined === undefined || joined.joined.length === 0) {
      return { file, line: this.line, column: start - this.lineStart + 1, endLine: this.line, endColumn: end - this.lineStart + 1 };
    }
    const from = positionIn(joined, start);
    const to = endPositionIn(joined, end);
    return { file, line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
  }

  private joinContinued(): LogicalLine {
    const { source } = this;
    const raw: { text: string; line: number }[] = [];
    for (;;) {
      const next = source.indexOf('\n', this.offset);
      if (next < 0) {
        raw.push({ text: source.slice(this.offset), line: this.nextLine });
        this.offset = source.length;
        break;
      }
      const continued = continues(source, this.offset, next);
      raw.push({ text: source.slice(this.offset, continued ? backslashAt(source, this.offset, next) : next), line: this.nextLine });
      this.offset = next + 1;
      this.nextLine++;
      if (!continued || this.offset >= source.length) break;
    }
    return trimJoined(raw);
  }
}

/** Whether the physical line `text[start..lf)` ends in a backslash, before an optional CR. */
function continues(text: string, start: number, lf: number): boolean {
  const at = backslashAt(text, start, lf);
  return at >= start && text.charCodeAt(at) === BACKSLASH;
}

function backslashAt(text: string, start: number, lf: number): number {
  return lf > start && text.charCodeAt(lf - 1) === CR ? lf - 2 : lf - 1;
}

function trimJoined(raw: readonly { text: string; line: number }[]): LogicalLine {
  let joined = '';
  const pieces: LinePiece[] = [];
  for (const piece of raw) {
    pieces.push({ start: joined.length, line: piece.line, column: 1 });
    joined += piece.text;
  }
  let start = 0;
  while (start < joined.length && isSpaceAt(joined, start)) start++;
  let end = joined.length;
  while (end > start && isSpaceAt(joined, end - 1)) end--;
  // Re-base pieces on the trimmed text; a piece that starts inside the trimmed prefix keeps
  // its first surviving character's column.
  const trimmed: LinePiece[] = [];
  for (const [i, piece] of pieces.entries()) {
    const next = pieces[i + 1]?.start ?? joined.length;
    if (next <= start && i < pieces.length - 1) continue;
    const from = Math.max(piece.start, start);
    trimmed.push({ start: from - start, line: piece.line, column: piece.column + (from - piece.start) });
  }
  const first = trimmed[0] as LinePiece;
  return { text: joined.slice(start, end), line: first.line, column: first.column, joined: trimmed.slice(1) };
}

/** The physical position of `text[offset]` (or just past the end for `offset === text.length`). */
export function positionIn(line: LogicalLine, offset: number): { line: number; column: number } {
  // Binary search for the last piece starting at or before `offset`: a line continued over
  // 200,000 physical lines has as many pieces, and every word of it asks for its position.
  const pieces = line.joined;
  let low = 0;
  let high = pieces.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((pieces[middle] as LinePiece).start <= offset) low = middle + 1;
    else high = middle;
  }
  const piece = low === 0 ? { start: 0, line: line.line, column: line.column } : (pieces[low - 1] as LinePiece);
  return { line: piece.line, column: piece.column + (offset - piece.start) };
}

/** The physical position just after `text[end - 1]`: an exclusive end that stays on its line. */
export function endPositionIn(line: LogicalLine, end: number): { line: number; column: number } {
  if (end === 0) return positionIn(line, 0);
  const last = positionIn(line, end - 1);
  return { line: last.line, column: last.column + 1 };
}
