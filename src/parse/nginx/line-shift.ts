import type { Argument, Directive, Node, ParseDiagnostic, SourceLocation } from '../ast.js';
import { memoKey, type DirectiveMemo, type DirectiveMemos } from './reuse.js';

/**
 * An edit changes one stretch of a file: what follows it is the text it was, `lines` lines
 * further down (up, when negative). A new line typed near the top moves every directive below
 * it; found through the shift, they are handed back as copies at their new lines instead of
 * being read again.
 */
export interface LineShift {
  /** Offset in the new text where the unchanged end of the file begins. */
  from: number;
  lines: number;
}

/** The shift from `before` to `after`, undefined when no line moved. */
export function lineShift(before: string, after: string): LineShift | undefined {
  const shortest = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < shortest && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < shortest - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  const lines = newLines(after, prefix, after.length - suffix) - newLines(before, prefix, before.length - suffix);
  return lines === 0 ? undefined : { from: after.length - suffix, lines };
}

function newLines(text: string, start: number, end: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', start); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/**
 * The line an earlier parse read a directive on, for one starting at `start` (line `line`,
 * column `column`) now: only when its whole line lies in the unchanged end, so the column is
 * what it was too.
 */
export function lineBefore(shift: LineShift | undefined, start: number, line: number, column: number): number | undefined {
  return shift !== undefined && start - (column - 1) >= shift.from ? line - shift.lines : undefined;
}

/**
 * A block handed back as a copy of `origin`, read `lines` lines higher or lower, with the copy
 * of each directive of its tree: what was built from the earlier nodes may be moved the same way.
 */
export interface MovedBlock {
  origin: Directive;
  lines: number;
  copies: ReadonlyMap<Directive, Directive>;
}

/**
 * The memo of a block or directive read `lines` lines further down: the same text at the same
 * column reads to the same tree, every position moved. Copies, never edits, since results of the
 * earlier lint may still point at the earlier nodes. The body's memos hold the copied nodes, so a
 * later parse reuses them as it would nodes it read itself. Each block copied lands in `moved`.
 */
export function shiftMemo(memo: DirectiveMemo & { source: string }, lines: number, moved: Map<Directive, MovedBlock>): DirectiveMemo & { source: string } {
  const copies = new Map<Directive, Directive>();
  const directive = shiftDirective(memo.directive, lines, copies);
  for (const [origin, copy] of copies) if (copy.children) moved.set(copy, { origin, lines, copies });
  return {
    source: memo.source,
    directive,
    entries: memo.entries,
    bodyDiagnostics: memo.bodyDiagnostics?.map((diagnostic) => shiftDiagnostic(diagnostic, lines)),
    body: memo.body && shiftMemos(memo.body, lines, copies),
  };
}

function shiftMemos(memos: DirectiveMemos, lines: number, copies: ReadonlyMap<Directive, Directive>): DirectiveMemos {
  const shifted: DirectiveMemos = new Map();
  for (const memo of memos.values()) {
    const directive = copies.get(memo.directive) ?? shiftDirective(memo.directive, lines, new Map());
    shifted.set(memoKey(directive), {
      source: memo.source,
      directive,
      entries: memo.entries,
      bodyDiagnostics: memo.bodyDiagnostics?.map((diagnostic) => shiftDiagnostic(diagnostic, lines)),
      body: memo.body && shiftMemos(memo.body, lines, copies),
    });
  }
  return shifted;
}

function shiftDirective(directive: Directive, lines: number, copies: Map<Directive, Directive>): Directive {
  const copy: Directive = {
    type: 'directive',
    dialect: directive.dialect,
    name: directive.name,
    lowerName: directive.lowerName,
    args: directive.args.map((arg) => shiftArgument(arg, lines)),
    nameLoc: shiftLoc(directive.nameLoc, lines),
    loc: shiftLoc(directive.loc, lines),
  };
  if (directive.children) copy.children = directive.children.map((child) => shiftNode(child, lines, copies));
  if (directive.rawBody) {
    const { text, loc, unclosed } = directive.rawBody;
    copy.rawBody = unclosed ? { text, loc: shiftLoc(loc, lines), unclosed } : { text, loc: shiftLoc(loc, lines) };
  }
  copies.set(directive, copy);
  return copy;
}

function shiftNode(node: Node, lines: number, copies: Map<Directive, Directive>): Node {
  return node.type === 'comment' ? { type: 'comment', text: node.text, loc: shiftLoc(node.loc, lines) } : shiftDirective(node, lines, copies);
}

function shiftArgument(arg: Argument, lines: number): Argument {
  return { value: arg.value, raw: arg.raw, quote: arg.quote, loc: shiftLoc(arg.loc, lines) };
}

function shiftDiagnostic(diagnostic: ParseDiagnostic, lines: number): ParseDiagnostic {
  return { code: diagnostic.code, message: diagnostic.message, severity: diagnostic.severity, loc: shiftLoc(diagnostic.loc, lines) };
}

function shiftLoc(loc: SourceLocation, lines: number): SourceLocation {
  return { file: loc.file, line: loc.line + lines, column: loc.column, endLine: loc.endLine + lines, endColumn: loc.endColumn };
}
