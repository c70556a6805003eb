import type { Argument, Comment, ParseDiagnostic, QuoteStyle, SourceLocation } from '../ast.js';
import { nginxDiagnostics, syntaxError } from './diagnostics.js';
import { decodeEscapes } from './escapes.js';
import { luaBlockEnd } from './lua-block.js';
import { byteWidth } from './source-text.js';

/**
 * A port of nginx's `ngx_conf_read_token` (src/core/ngx_conf_file.c): one call reads the words
 * of one statement up to the `;`, `{` or `}` that ends it. Where nginx stops at the first error,
 * this reader reports it as a diagnostic and carries on the way the text most likely meant, so
 * one run shows every problem.
 */

/** nginx reads a config through a 4096-byte buffer (NGX_CONF_BUFFER); a token must fit in it. */
const NGX_CONF_BUFFER = 4096;

export type StatementEnd = 'semicolon' | 'block-start' | 'block-end' | 'eof';

export interface Statement {
  /** The directive name and its arguments, as nginx stores them in `cf->args`. */
  words: Argument[];
  /** Offset of the first word's first character in the text (its opening quote, if quoted). */
  start: number;
  end: StatementEnd;
  /** The `;`, `{` or `}` that ended the statement, or the empty span at the end of the file. */
  endLoc: SourceLocation;
  /** Comments read before the first word. */
  leadingComments: Comment[];
  /** Comments read between the words (nginx allows `listen 80 # note` + newline + `;`). */
  trailingComments: Comment[];
}

export interface LuaBody {
  text: string;
  loc: SourceLocation;
  /** The closing `}`, or the end of the file when the Lua code never closes. */
  endLoc: SourceLocation;
  closed: boolean;
}

const LF = 0x0a;
const CR = 0x0d;
const TAB = 0x09;
const SPACE = 0x20;
const SEMICOLON = 0x3b;
const OPEN = 0x7b;
const CLOSE = 0x7d;
const HASH = 0x23;
const BACKSLASH = 0x5c;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const DOLLAR = 0x24;
const CLOSE_PAREN = 0x29;

function isSpace(ch: number): boolean {
  return ch === SPACE || ch === TAB || ch === CR || ch === LF;
}

// One-byte characters that leave the tokenizer's state unchanged where they appear. LF is never
// plain: it advances the line count.
function isPlainInComment(ch: number): boolean {
  return ch < 0x80 && ch !== LF;
}

function isPlainInWord(ch: number): boolean {
  return ch < 0x80 && !isSpace(ch) && ch !== SEMICOLON && ch !== OPEN && ch !== BACKSLASH && ch !== DOLLAR;
}

function isPlainInDoubleQuotes(ch: number): boolean {
  return ch < 0x80 && ch !== LF && ch !== DOUBLE_QUOTE && ch !== BACKSLASH && ch !== DOLLAR;
}

function isPlainInSingleQuotes(ch: number): boolean {
  return ch < 0x80 && ch !== LF && ch !== SINGLE_QUOTE && ch !== BACKSLASH && ch !== DOLLAR;
}

export class NginxTokenizer {
  private index = 0;
  private line = 1;
  private lineStart = 0;
  /**
   * Byte offset of `index` in the file nginx reads, for the token length limit; only its growth
   * within one token is read, so text skipped by `resumeAfter` need not be counted.
   */
  private byteOffset = 0;

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly diagnostics: ParseDiagnostic[],
  ) {}

  /**
   * `entries`: the statement is an entry of a `map`, `geo` or `types` block, where nginx refuses
   * a `{` (see `holdsEntries`).
   */
  readStatement(entries = false): Statement {
    const { text } = this;
    const words: Argument[] = [];
    const leadingComments: Comment[] = [];
    const trailingComments: Comment[] = [];

    // nginx's state flags, same names without the underscores.
    let needSpace = false;
    let lastSpace = true;
    let variable = false;
    let escaped = false;
    let quote: QuoteStyle = 'none';
    let inComment = false;

    // nginx's `start`: where the pending token (or comment, or separator) began.
    let startIndex = this.index;
    let startByte = this.byteOffset;
    let startLine = this.line;
    let startColumn = this.index - this.lineStart + 1;
    let reportedTooLong = false;

    let start = this.index;
    const statement = (end: StatementEnd, endLoc: SourceLocation): Statement => ({
      words,
      start,
      end,
      endLoc,
      leadingComments,
      trailingComments,
    });
    const report = (problem: { code: string; message: string }, loc: SourceLocation): void => {
      this.diagnostics.push(syntaxError(problem, loc));
    };
    const pushWord = (endIndex: number, endLine: number, endColumn: number, quoteClosed = true): void => {
      const raw = text.slice(startIndex, endIndex);
      const inner = quote === 'none' ? raw : raw.slice(1, quoteClosed ? -1 : undefined);
      if (words.length === 0) start = startIndex;
      words.push({
        value: decodeEscapes(inner),
        raw,
        quote,
        loc: { file: this.file, line: startLine, column: startColumn, endLine, endColumn },
      });
    };

    for (;;) {
      // Plain ASCII inside a comment, a bare word or a quoted string changes no state: skip such
      // runs in a tight loop, never past the byte where the token-length check is due.
      if (inComment || (!lastSpace && !needSpace && !escaped && !variable)) {
        const limit = Math.min(text.length, this.index + NGX_CONF_BUFFER - (this.byteOffset - startByte));
        const plain = inComment ? isPlainInComment : quote === 'none' ? isPlainInWord : quote === 'double' ? isPlainInDoubleQuotes : isPlainInSingleQuotes;
        let i = this.index;
        while (i < limit && plain(text.charCodeAt(i))) i++;
        this.byteOffset += i - this.index;
        this.index = i;
      }

      if (this.index >= text.length) {
        const eof = this.point();
        if (inComment) this.pushComment(words.length ? trailingComments : leadingComments, startIndex, startLine, startColumn);
        const inWord = !lastSpace && !needSpace;
        if (inWord) pushWord(this.index, eof.line, eof.column, false);
        if (inWord && quote !== 'none') report(nginxDiagnostics.unterminatedQuote(quote, startLine), eof);
        else if (words.length > 0) report(nginxDiagnostics.unexpectedEof(), eof);
        return statement('eof', eof);
      }

      const width = byteWidth(text, this.index);
      if (!reportedTooLong && this.byteOffset + width - startByte > NGX_CONF_BUFFER) {
        // nginx refuses a token that does not fit its read buffer, and names the line it began on.
        reportedTooLong = true;
        report(
          quote === 'none' || lastSpace || needSpace
            ? nginxDiagnostics.tooLongParameter(text.slice(startIndex, startIndex + 10))
            : nginxDiagnostics.tooLongQuoted(quote === 'double' ? '"' : "'"),
          { file: this.file, line: startLine, column: startColumn, endLine: this.line, endColumn: this.index - this.lineStart + 1 },
        );
      }

      const ch = text.charCodeAt(this.index);
      const at = this.index;
      const atLine = this.line;
      const atColumn = at - this.lineStart + 1;
      this.index++;
      this.byteOffset += width;
      if (ch === LF) {
        this.line++;
        this.lineStart = this.index;
        if (inComment) {
          inComment = false;
          this.pushComment(words.length ? trailingComments : leadingComments, startIndex, startLine, startColumn, at);
        }
      }
      if (inComment) continue;

      if (escaped) {
        escaped = false;
        continue;
      }

      if (needSpace) {
        if (isSpace(ch)) {
          lastSpace = true;
          needSpace = false;
          continue;
        }
        if (ch === SEMICOLON) return statement('semicolon', this.charSpan(atLine, atColumn));
        if (ch === OPEN) return statement('block-start', this.charSpan(atLine, atColumn));
        if (ch === CLOSE) {
          report(nginxDiagnostics.unexpectedClose(), this.charSpan(atLine, atColumn));
          return statement('block-end', this.charSpan(atLine, atColumn));
        }
        // nginx lets `)` follow a quote so that `if ($a = "b")` reads; anything else glued to a
        // closing quote is an error. We go on as if a space separated them.
        lastSpace = true;
        needSpace = false;
        if (ch !== CLOSE_PAREN) {
          report(nginxDiagnostics.unexpectedCharacter(String.fromCodePoint(text.codePointAt(at) as number)), this.charSpan(atLine, atColumn));
          // `"a"#b` was meant as one word, not as a comment that would swallow the `;`.
          if (ch === HASH) {
            startIndex = at;
            startByte = this.byteOffset - width;
            startLine = atLine;
            startColumn = atColumn;
            quote = 'none';
            lastSpace = false;
            continue;
          }
        }
      }

      if (lastSpace) {
        startIndex = at;
        startByte = this.byteOffset - width;
        startLine = atLine;
        startColumn = atColumn;
        if (isSpace(ch)) continue;
        quote = 'none';
        switch (ch) {
          case SEMICOLON:
            if (words.length > 0) return statement('semicolon', this.charSpan(atLine, atColumn));
            report(nginxDiagnostics.unexpectedSemicolon(), this.charSpan(atLine, atColumn));
            continue;
          case OPEN:
            if (words.length === 0) report(nginxDiagnostics.unexpectedOpen(), this.charSpan(atLine, atColumn));
            return statement('block-start', this.charSpan(atLine, atColumn));
          case CLOSE:
            if (words.length > 0) report(nginxDiagnostics.unexpectedClose(), this.charSpan(atLine, atColumn));
            return statement('block-end', this.charSpan(atLine, atColumn));
          case HASH:
            inComment = true;
            continue;
          case BACKSLASH:
            escaped = true;
            break;
          case DOUBLE_QUOTE:
            quote = 'double';
            startByte++;
            break;
          case SINGLE_QUOTE:
            quote = 'single';
            startByte++;
            break;
          case DOLLAR:
            variable = true;
            break;
        }
        lastSpace = false;
        continue;
      }

      // `${name}`: a `{` right after `$` belongs to the word instead of opening a block.
      if (ch === OPEN && variable) continue;
      variable = false;
      if (ch === BACKSLASH) {
        escaped = true;
        continue;
      }
      if (ch === DOLLAR) {
        variable = true;
        continue;
      }
      if (quote === 'double' || quote === 'single') {
        if (ch !== (quote === 'double' ? DOUBLE_QUOTE : SINGLE_QUOTE)) continue;
        pushWord(this.index, atLine, atColumn + 1);
        needSpace = true;
        continue;
      }
      // An unquoted word ends only at white space, `;` or `{`: `}` and `#` are ordinary inside it.
      if (!isSpace(ch) && ch !== SEMICOLON && ch !== OPEN) continue;
      if (ch === OPEN && entries) {
        // In `map`/`geo`/`types` nginx rejects the `{`; the author meant a regex like `[0-9]{1,5}`,
        // so the word goes on and the entries after it still parse.
        report(nginxDiagnostics.unexpectedOpen(), this.charSpan(atLine, atColumn));
        continue;
      }
      pushWord(at, atLine, atColumn);
      lastSpace = true;
      if (ch === SEMICOLON) return statement('semicolon', this.charSpan(atLine, atColumn));
      if (ch === OPEN) return statement('block-start', this.charSpan(atLine, atColumn));
    }
  }

  /** Where the next statement starts reading: just after the last one. */
  get offset(): number {
    return this.index;
  }

  /**
   * Goes on after text the caller has read already (a block an earlier parse read from the same
   * text): `end` is the offset just past it, `loc` its span.
   */
  resumeAfter(end: number, loc: SourceLocation): void {
    this.index = end;
    this.line = loc.endLine;
    this.lineStart = end - (loc.endColumn - 1);
  }

  /** Reads the body of a `*_by_lua_block { ... }` after its `{`, up to the matching `}`. */
  readLuaBody(): LuaBody {
    const start = this.point();
    const startIndex = this.index;
    const close = luaBlockEnd(this.text, this.index);
    this.advanceTo(close);
    const end = this.point();
    const body = { text: this.text.slice(startIndex, close), loc: { ...start, endLine: end.line, endColumn: end.column } };
    if (close >= this.text.length) return { ...body, endLoc: end, closed: false };
    this.advanceTo(close + 1);
    return { ...body, endLoc: { ...end, endColumn: end.column + 1 }, closed: true };
  }

  private charSpan(line: number, column: number): SourceLocation {
    return { file: this.file, line, column, endLine: line, endColumn: column + 1 };
  }

  /** The empty span at the current position. */
  private point(): SourceLocation {
    const column = this.index - this.lineStart + 1;
    return { file: this.file, line: this.line, column, endLine: this.line, endColumn: column };
  }

  private advanceTo(target: number): void {
    for (; this.index < target; this.index++) {
      this.byteOffset += byteWidth(this.text, this.index);
      if (this.text.charCodeAt(this.index) === LF) {
        this.line++;
        this.lineStart = this.index + 1;
      }
    }
  }

  private pushComment(into: Comment[], hashIndex: number, line: number, column: number, lineEnd = this.index): void {
    const end = this.text.charCodeAt(lineEnd - 1) === CR && lineEnd - 1 > hashIndex ? lineEnd - 1 : lineEnd;
    into.push({
      type: 'comment',
      text: this.text.slice(hashIndex + 1, end),
      loc: { file: this.file, line, column, endLine: line, endColumn: column + (end - hashIndex) },
    });
  }
}
