import type { Range } from 'vscode-languageserver';

/** A span as the engine writes it: 1-based lines and UTF-16 columns, exclusive end column. */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/**
 * The LSP range of a span. LSP counts lines and UTF-16 characters from 0 with an exclusive end,
 * so only the base changes; a span that ends before it starts (a zero-width anchor written as
 * end 1:1) is clamped to an empty range at its start.
 */
export function toRange(span: Span): Range {
  const start = { line: Math.max(0, span.line - 1), character: Math.max(0, span.column - 1) };
  const end = { line: Math.max(0, span.endLine - 1), character: Math.max(0, span.endColumn - 1) };
  const endsBefore = end.line < start.line || (end.line === start.line && end.character < start.character);
  return { start, end: endsBefore ? start : end };
}

/** True when the two ranges share a position; an empty range touching the other counts. */
export function rangesMeet(a: Range, b: Range): boolean {
  return !isBefore(a.end, b.start) && !isBefore(b.end, a.start);
}

function isBefore(a: Range['start'], b: Range['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}
