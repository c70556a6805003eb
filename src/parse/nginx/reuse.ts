import type { Directive, ParseDiagnostic } from '../ast.js';

/**
 * An editor parses a file again on every keystroke, and most of the file is what it was. A
 * directive read from the same text at the same line and column is the same tree, so the parser
 * hands back the earlier object and skips a block's body instead of reading it again; what comes
 * after the model and the rules see the very nodes they saw before and may keep what they built
 * for them.
 *
 * Never kept: `include` (the loader fills `included` from files that may have changed on disk),
 * `*_by_lua_block` bodies, and blocks the end of the file closed. A block holding an `include`
 * is read again, but what its body holds besides may still be kept.
 */
export interface DirectiveMemo {
  /** The text from the first character of the name to the `;` or `}` that ended the directive. */
  source: string;
  directive: Directive;
  /** Whether it was read among the entries of a `map`, `types`, ... block, where a `{` reads differently. */
  entries: boolean;
  /** Blocks: the diagnostics of the body, reported again when the body is not read again. */
  bodyDiagnostics?: readonly ParseDiagnostic[];
  /** Blocks: the memos of the body's own directives, for a later parse that reads the block again. */
  body?: DirectiveMemos;
  /** Blocks: the body holds an `include`, so the block is always read again. */
  holdsInclude?: boolean;
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
export function reusable(earlier: DirectiveMemos | undefined, directive: Directive, text: string, start: number, entries: boolean): DirectiveMemo | undefined {
  const memo = earlier?.get(memoKey(directive));
  return memo !== undefined && !memo.holdsInclude && memo.entries === entries && text.startsWith(memo.source, start) ? memo : undefined;
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
