import type { Directive, ParseDiagnostic } from '../ast.js';
import type { Statement } from './tokenizer.js';

/**
 * An editor parses a file again on every keystroke, and most of the file is what it was. A
 * directive read from the same text at the same line and column is the same tree, so the parser
 * hands back the earlier object and skips a block's body instead of reading it again; the model
 * and the rules then see the very nodes they saw before and may keep what they built for them.
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
 * The memo of the directive starting at `start` in `text`, when an earlier parse read it from
 * the same text at the same place and in the same kind of block.
 */
export function reusable(earlier: DirectiveMemos | undefined, directive: Directive, text: string, start: number, entries: boolean): (DirectiveMemo & { source: string }) | undefined {
  const memo = earlier?.get(memoKey(directive));
  return memo !== undefined && hasSource(memo) && memo.entries === entries && text.startsWith(memo.source, start) ? memo : undefined;
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

/**
 * What the loader keeps between loads: the memos of each file's last parse. A load replaces
 * them all, so files no longer read are forgotten.
 */
export class NginxParseCache {
  private files = new Map<string, DirectiveMemos>();

  earlier(file: string): DirectiveMemos | undefined {
    return this.files.get(file);
  }

  replace(files: Map<string, DirectiveMemos>): void {
    this.files = files;
  }
}
