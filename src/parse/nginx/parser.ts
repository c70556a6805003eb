import type { Argument, Directive, Node, ParseDiagnostic, SourceLocation } from '../ast.js';
import { nginxDiagnostics, syntaxError } from './diagnostics.js';
import { expectsBlock, holdsEntries, isLuaBlock } from './directive-kinds.js';
import { decodeNginxText } from './source-text.js';
import { lineShift, type MovedBlock } from './line-shift.js';
import { detachedSlice, detachStatement, earlierBody, memoKey, ownString, reusable, type DirectiveMemos, type EarlierParse } from './reuse.js';
import { NginxTokenizer, type Statement } from './tokenizer.js';

/** How many times its own size in block texts a parse may copy into its memos (blocks nest a few deep in real configs). */
const MEMO_COPY_FACTOR = 8;

/**
 * nginx's `ngx_conf_parse` loop over statements, building the shared AST. Nesting is kept on an
 * explicit stack, so a 10,000-deep config costs memory, not call stack.
 */

export interface NginxParseResult {
  nodes: Node[];
  diagnostics: ParseDiagnostic[];
  /** The decoded text (see `decodeNginxText` for bytes that are not UTF-8). */
  text: string;
  /** With `reuse`: this parse's memos, for the next parse of the same file. */
  memos?: DirectiveMemos;
  /** With `reuse`: the blocks handed back as copies of earlier ones an edit moved. */
  moved?: ReadonlyMap<Directive, MovedBlock>;
}

export interface NginxParseOptions {
  /**
   * Name of the block the text is read in (`main` for nginx.conf, `http` for a file included
   * in `http { }`). It decides whether `server` needs a block; unknown for a lone snippet.
   */
  context?: string;
  /** Reuse what an earlier parse of the same file read from unchanged text (see reuse.ts). */
  reuse?: { earlier: EarlierParse | undefined };
}

interface Frame {
  /** Undefined for the file's top level and for a `{` with no directive name. */
  directive: Directive | undefined;
  children: Node[];
  context: string | undefined;
  /** Inside `map`, `types`, ...: entries, not directives. */
  entries: boolean;
  /** With `reuse`: the earlier parse's memos of this body, and this parse's. */
  earlier: DirectiveMemos | undefined;
  memos: DirectiveMemos | undefined;
  /** Offset of the block directive's first character. */
  start: number;
  /** Where the body's diagnostics begin. */
  diagnosticsFrom: number;
  /** The body holds an `include`, whose files may change while this text does not. */
  holdsInclude: boolean;
}

export function parseNginx(input: string | Buffer, file: string, options: NginxParseOptions = {}): NginxParseResult {
  const text = decodeNginxText(input);
  const diagnostics: ParseDiagnostic[] = [];
  const tokenizer = new NginxTokenizer(text, file, diagnostics);
  const nodes: Node[] = [];
  const { context } = options;
  const earlier = options.reuse?.earlier;
  const shift = earlier && lineShift(earlier.text, text);
  const moved = new Map<Directive, MovedBlock>();
  // A file included inside `map { }` holds map entries (nginx's handler stays in charge).
  const top: Frame = {
    directive: undefined,
    children: nodes,
    context,
    entries: context !== undefined && holdsEntries(context),
    earlier: earlier?.memos,
    memos: options.reuse ? new Map() : undefined,
    start: 0,
    diagnosticsFrom: 0,
    holdsInclude: false,
  };
  const stack: Frame[] = [top];
  const report = (problem: { code: string; message: string }, loc: SourceLocation): void => {
    diagnostics.push(syntaxError(problem, loc));
  };
  // A block's memo keeps its own copy of its text, and nested blocks' texts overlap: 20,000
  // nested blocks would keep 20,000 growing copies. Copies stop at a few times the text's size;
  // a block past that is read again next time, its body's memos still taken where they hold.
  let copyBudget = MEMO_COPY_FACTOR * text.length;
  /** A block closed by its `}`: the memo the next parse may take whole, or only its body's memos. */
  const remember = (block: Frame, parent: Frame): void => {
    const { directive } = block;
    if (!directive || !block.memos || !parent.memos) return;
    const length = tokenizer.offset - block.start;
    const whole = !block.holdsInclude && length <= copyBudget;
    if (whole) copyBudget -= length;
    parent.memos.set(memoKey(directive), {
      source: whole ? detachedSlice(text, block.start, tokenizer.offset) : undefined,
      directive,
      entries: parent.entries,
      ...(whole ? { bodyDiagnostics: diagnostics.slice(block.diagnosticsFrom) } : {}),
      body: block.memos,
    });
  };

  for (;;) {
    const frame = stack[stack.length - 1] as Frame;
    const statement = tokenizer.readStatement(frame.entries);
    if (frame.memos) detachStatement(statement);
    // Loops, not push(...): a file of 200,000 comment lines is one statement's leading comments.
    for (const comment of statement.leadingComments) frame.children.push(comment);
    const read = statement.words.length > 0 ? toDirective(statement) : undefined;
    const kept = read && frame.memos && read.name !== 'include' && !isLuaBlock(read.name) ? reusable(frame.earlier, read, text, statement.start, frame.entries, shift, moved) : undefined;
    const directive = kept?.directive ?? read;
    if (directive) {
      frame.children.push(directive);
      for (const comment of statement.trailingComments) frame.children.push(comment);
      if (statement.end === 'semicolon' && !frame.entries && expectsBlock(directive.name, frame.context) === true) {
        report(nginxDiagnostics.noOpeningBrace(directive.name), statement.endLoc);
      }
      if (directive.name === 'include') for (const open of stack) open.holdsInclude = true;
    }

    switch (statement.end) {
      case 'semicolon':
        if (directive && frame.memos && directive.name !== 'include') {
          frame.memos.set(memoKey(directive), kept ?? { source: detachedSlice(text, statement.start, tokenizer.offset), directive, entries: frame.entries });
        }
        break;
      case 'block-start':
        if (directive && isLuaBlock(directive.name)) {
          const body = tokenizer.readLuaBody();
          directive.rawBody = { text: frame.memos ? ownString(body.text) : body.text, loc: body.loc, ...(body.closed ? {} : { unclosed: true }) };
          directive.loc = spanTo(directive.loc, body.endLoc);
          if (!body.closed) report(nginxDiagnostics.unclosedLuaBlock(directive.name), body.endLoc);
          break;
        }
        if (frame.entries && directive) report(nginxDiagnostics.unexpectedOpen(), statement.endLoc);
        else if (directive && expectsBlock(directive.name, frame.context) === false) {
          report(nginxDiagnostics.notTerminated(directive.name), statement.endLoc);
        }
        if (kept?.body) {
          // The same block read from the same text: its body is what it was.
          tokenizer.resumeAfter(statement.start + kept.source.length, kept.directive.loc);
          for (const diagnostic of kept.bodyDiagnostics ?? []) diagnostics.push(diagnostic);
          frame.memos?.set(memoKey(kept.directive), kept);
          break;
        }
        // A nameless `{` was reported by the tokenizer; its content is read into the parent.
        if (directive) directive.children = [];
        stack.push({
          directive,
          children: directive?.children ?? frame.children,
          context: directive?.name ?? frame.context,
          entries: directive ? holdsEntries(directive.name) : frame.entries,
          // A named block has memos of its own; a nameless `{` reads into its parent's.
          earlier: frame.memos && directive ? earlierBody(frame.earlier, directive, statement.start, shift) : frame.earlier,
          memos: frame.memos && directive ? new Map() : frame.memos,
          start: statement.start,
          diagnosticsFrom: diagnostics.length,
          holdsInclude: false,
        });
        break;
      case 'block-end': {
        if (stack.length === 1) {
          // With words pending, the tokenizer has reported this `}` already.
          if (!directive) report(nginxDiagnostics.unexpectedClose(), statement.endLoc);
          break;
        }
        const block = stack.pop() as Frame;
        closeFrame(block, statement.endLoc);
        remember(block, stack[stack.length - 1] as Frame);
        break;
      }
      case 'eof':
        if (stack.length > 1 && !directive) report(nginxDiagnostics.unclosedBlock(), statement.endLoc);
        while (stack.length > 1) closeFrame(stack.pop() as Frame, statement.endLoc);
        return top.memos ? { nodes, diagnostics, text, memos: top.memos, moved } : { nodes, diagnostics, text };
    }
  }
}

function toDirective(statement: Statement): Directive {
  const { words } = statement;
  const nameWord = words[0] as Argument;
  // A directive cut short by `}` or the end of the file ends at its last word.
  const end = statement.end === 'semicolon' || statement.end === 'block-start' ? statement.endLoc : (words[words.length - 1] as Argument).loc;
  const args = words.slice(1);
  return {
    type: 'directive',
    dialect: 'nginx',
    name: nameWord.value,
    lowerName: nameWord.value.toLowerCase(),
    args,
    nameLoc: nameWord.loc,
    loc: spanTo(nameWord.loc, end),
  };
}

function closeFrame(frame: Frame, end: SourceLocation): void {
  if (frame.directive) frame.directive.loc = spanTo(frame.directive.loc, end);
}

function spanTo(start: SourceLocation, end: SourceLocation): SourceLocation {
  return { file: start.file, line: start.line, column: start.column, endLine: end.endLine, endColumn: end.endColumn };
}
