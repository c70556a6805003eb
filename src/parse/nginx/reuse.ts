import type { Directive, ParseDiagnostic } from '../ast.js';
import { lineBefore, shiftMemo, type LineShift, type MovedBlock } from './line-shift.js';
import type { Statement } from './tokenizer.js';

/**
 * An editor parses a file again on every keystroke, and most of the file is what it was. A
 * directive read from the same text at the same line and column is the same tree, so the parser
 * hands back the earlier object and skips a block's body instead of reading it again; the model
 * and the rules then see the very nodes they saw before and may keep what they built for them.
 * Below an edit that added or removed lines, the same text at the same column is the same tree
 * moved: it is handed back as a copy at its new lines (see line-shift.ts).
 *
 * Never kept: `include` (the loader fills `included` from files that may have changed on disk),
 * `*_by_lua_block` bodies, and blocks the end of the file closed. A block holding an `include`
 * is read again, but what its body holds besides may still be kept.
 */
export interface DirectiveMemo {
  /**
   * The text from the first character of the name to the `;` or `}` that ended the directive;
   * undefined for a block holding an `include`, which is always read again.
   */
  source: string | undefined;
  directive: Directive;
  /** Whether it was read among the entries of a `map`, `types`, ... block, where a `{` reads differently. */
  entries: boolean;
  /** Blocks: the diagnostics of the body, reported again when the body is not read again. */
  bodyDiagnostics?: readonly ParseDiagnostic[];
  /** Blocks: the memos of the body's own directives, for a later parse that reads the block again. */
  body?: DirectiveMemos;
}

/** Memos of the directives of one block (or of a file's top level), by `line:column` of their name. */
export type DirectiveMemos = Map<string, DirectiveMemo>;

export function memoKey(directive: Directive): string {
  return `${directive.nameLoc.line}:${directive.nameLoc.column}`;
}

/**
 * Where the earlier parse read what is now the directive starting at `start`: the same place,
 * or, below the edit, the place it moved from.
 */
function earlierKey(directive: Directive, start: number, shift: LineShift | undefined): string {
  const { line, column } = directive.nameLoc;
  return `${lineBefore(shift, start, line, column) ?? line}:${column}`;
}

/**
 * The memo of the directive starting at `start` in `text`, when an earlier parse read it from
 * the same text at the same column and in the same kind of block, moved to the directive's line
 * (the blocks moved land in `moved`).
 */
export function reusable(
  earlier: DirectiveMemos | undefined,
  directive: Directive,
  text: string,
  start: number,
  entries: boolean,
  shift: LineShift | undefined,
  moved: Map<Directive, MovedBlock>,
): (DirectiveMemo & { source: string }) | undefined {
  const memo = earlier?.get(earlierKey(directive, start, shift));
  if (memo === undefined || !hasSource(memo) || memo.entries !== entries || !text.startsWith(memo.source, start)) return undefined;
  const lines = directive.nameLoc.line - memo.directive.nameLoc.line;
  return lines === 0 ? memo : shiftMemo(memo, lines, moved);
}

/** The earlier parse's memos of the body of the block starting at `start`, read again. */
export function earlierBody(earlier: DirectiveMemos | undefined, directive: Directive, start: number, shift: LineShift | undefined): DirectiveMemos | undefined {
  return earlier?.get(earlierKey(directive, start, shift))?.body;
}

function hasSource(memo: DirectiveMemo): memo is DirectiveMemo & { source: string } {
  return memo.source !== undefined;
}

/**
 * `text.slice(start, end)` in a string of its own. V8 makes a slice a view that keeps the whole
 * text alive, and memos and their nodes outlive many edits: with views, a long session would
 * keep a version of the file per edit.
 */
export function detachedSlice(text: string, start: number, end: number): string {
  return ownString(text.slice(start, end));
}

/** The words and comments of a statement just read, as strings of their own (see detachedSlice). */
export function detachStatement(statement: Statement): void {
  for (const word of statement.words) {
    const raw = ownString(word.raw);
    word.value = word.value === word.raw ? raw : ownString(word.value);
    word.raw = raw;
  }
  for (const comment of statement.leadingComments) comment.text = ownString(comment.text);
  for (const comment of statement.trailingComments) comment.text = ownString(comment.text);
}

/** Flattening a concatenation copies the characters; the space is dropped again. */
export function ownString(text: string): string {
  return ` ${text}`.slice(1);
}

/** A file's last parse: its memos, and the text they were read from, to see which lines an edit moved. */
export interface EarlierParse {
  memos: DirectiveMemos;
  text: string;
}

/** Finds the earlier block a block of the last load is a moved copy of. */
export interface MovedBlocks {
  movedFrom(block: Directive): MovedBlock | undefined;
}

/**
 * What the loader keeps between loads: each file's last parse. A load replaces them all, so
 * files no longer read are forgotten.
 */
export class NginxParseCache implements MovedBlocks {
  private files = new Map<string, EarlierParse>();
  /** Of the last load only: older ones would keep every earlier version of the nodes alive. */
  private moved: ReadonlyMap<Directive, MovedBlock> = new Map();

  earlier(file: string): EarlierParse | undefined {
    return this.files.get(file);
  }

  movedFrom(block: Directive): MovedBlock | undefined {
    return this.moved.get(block);
  }

  replace(files: Map<string, EarlierParse>, moved: ReadonlyMap<Directive, MovedBlock>): void {
    this.files = files;
    this.moved = moved;
  }
}
