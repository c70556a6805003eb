/**
 * Splits a config file into httpd's logical lines, the way `ap_cfg_getline` reads them:
 * only LF ends a line; a backslash right before the LF (or before CR LF) joins the next
 * physical line, the backslash and line end removed and nothing inserted; leading and
 * trailing whitespace of the joined line is dropped. A CR anywhere else is just whitespace.
 */
export interface LogicalLine {
  /** The joined, trimmed line as httpd hands it to the parser. */
  text: string;
  /** Where each piece of `text` comes from, in order: `text[start..]` is at `line`:`column`. */
  pieces: LinePiece[];
  /** 1-based physical line of the first character of `text`. */
  firstLine: number;
  /** 1-based physical line the logical line ends on (httpd reports errors there). */
  lastLine: number;
}

export interface LinePiece {
  /** Offset in `LogicalLine.text` where this piece starts. */
  start: number;
  line: number;
  /** 1-based column of `text[start]` in its physical line. */
  column: number;
}

/** apr_isspace: the C locale's isspace. */
export function isSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\v' || ch === '\f';
}

export function* logicalLines(text: string): Generator<LogicalLine> {
  let offset = 0;
  let line = 1;
  while (offset < text.length) {
    const raw: { text: string; line: number }[] = [];
    for (;;) {
      const lf = text.indexOf('\n', offset);
      if (lf < 0) {
        raw.push({ text: text.slice(offset), line });
        offset = text.length;
        break;
      }
      let end = lf;
      if (end > offset && text[end - 1] === '\r') end--;
      const continued = end > offset && text[end - 1] === '\\';
      raw.push({ text: text.slice(offset, continued ? end - 1 : lf), line });
      offset = lf + 1;
      line++;
      if (!continued || offset >= text.length) break;
    }
    yield trimJoined(raw);
  }
}

function trimJoined(raw: readonly { text: string; line: number }[]): LogicalLine {
  let joined = '';
  const pieces: LinePiece[] = [];
  for (const piece of raw) {
    pieces.push({ start: joined.length, line: piece.line, column: 1 });
    joined += piece.text;
  }
  let start = 0;
  while (start < joined.length && isSpace(joined[start])) start++;
  let end = joined.length;
  while (end > start && isSpace(joined[end - 1])) end--;
  const first = raw[0] as { line: number };
  const last = raw[raw.length - 1] as { line: number };
  if (start === 0 && end === joined.length) {
    return { text: joined, pieces, firstLine: first.line, lastLine: last.line };
  }
  // Re-base pieces on the trimmed text; a piece that starts inside the trimmed prefix keeps
  // its first surviving character's column.
  const trimmed: LinePiece[] = [];
  for (const [i, piece] of pieces.entries()) {
    const next = pieces[i + 1]?.start ?? joined.length;
    if (next <= start && i < pieces.length - 1) continue;
    const from = Math.max(piece.start, start);
    trimmed.push({ start: from - start, line: piece.line, column: piece.column + (from - piece.start) });
  }
  const firstPiece = trimmed[0] as LinePiece;
  return { text: joined.slice(start, end), pieces: trimmed, firstLine: firstPiece.line, lastLine: last.line };
}

/** The physical position of `text[offset]` (or just past the end for `offset === text.length`). */
export function positionIn(line: LogicalLine, offset: number): { line: number; column: number } {
  let piece = line.pieces[0] as LinePiece;
  for (const candidate of line.pieces) {
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
