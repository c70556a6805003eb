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

export function* logicalLines(text: string): Generator<LogicalLine> {
  let offset = 0;
  let line = 1;
  while (offset < text.length) {
    const lf = text.indexOf('\n', offset);
    const end = lf < 0 ? text.length : lf;
    if (!continues(text, offset, end) || lf < 0) {
      // The common case, one physical line: trim in place rather than join pieces.
      yield singleLine(text, offset, end, line);
      offset = end + 1;
      line++;
      continue;
    }
    const raw: { text: string; line: number }[] = [];
    for (;;) {
      const next = text.indexOf('\n', offset);
      if (next < 0) {
        raw.push({ text: text.slice(offset), line });
        offset = text.length;
        break;
      }
      const continued = continues(text, offset, next);
      raw.push({ text: text.slice(offset, continued ? backslashAt(text, offset, next) : next), line });
      offset = next + 1;
      line++;
      if (!continued || offset >= text.length) break;
    }
    yield trimJoined(raw);
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

const NOTHING_JOINED: readonly LinePiece[] = [];

function singleLine(text: string, start: number, end: number, line: number): LogicalLine {
  let from = start;
  while (from < end && isSpaceAt(text, from)) from++;
  let to = end;
  while (to > from && isSpaceAt(text, to - 1)) to--;
  return { text: text.slice(from, to), line, column: from - start + 1, joined: NOTHING_JOINED };
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
  const [first, ...rest] = trimmed as [LinePiece, ...LinePiece[]];
  return { text: joined.slice(start, end), line: first.line, column: first.column, joined: rest };
}

/** The physical position of `text[offset]` (or just past the end for `offset === text.length`). */
export function positionIn(line: LogicalLine, offset: number): { line: number; column: number } {
  let piece: LinePiece = { start: 0, line: line.line, column: line.column };
  for (const candidate of line.joined) {
    if (candidate.start > offset) break;
    piece = candidate;
  }
  return { line: piece.line, column: piece.column + (offset - piece.start) };
}

/** The physical position just after `text[end - 1]`: an exclusive end that stays on its line. */
export function endPositionIn(line: LogicalLine, end: number): { line: number; column: number } {
  if (end === 0) return positionIn(line, 0);
  const last = positionIn(line, end - 1);
  return { line: last.line, column: last.column + 1 };
}
