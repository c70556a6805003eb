import type { Argument, Comment, Directive, Node, ParseDiagnostic, SourceLocation } from '../ast.js';
import { decodeSource } from './source-text.js';
import { isSpaceAt, LogicalLineReader } from './logical-lines.js';
import { quoteAt, wordEnd, wordValue } from './words.js';

export type ApacheFileKind = 'main' | 'included' | 'htaccess' | 'snippet';

export interface ParseApacheOptions {
  /**
   * What the file is to httpd. The syntax is the same for all kinds (httpd reads a .htaccess
   * with the same `ap_build_config`); the kind only travels with the file for later stages.
   */
  kind?: ApacheFileKind;
}

export interface ParseApacheResult {
  nodes: Node[];
  diagnostics: ParseDiagnostic[];
  text: string;
}

/**
 * Sections deeper than this are kept flat: no real config comes close, and every later stage
 * walks sections recursively. httpd itself has no limit.
 */
export const MAX_SECTION_DEPTH = 256;

interface OpenSection {
  directive: Directive;
  /** The opening line, where an unclosed section is reported (httpd names its last line). */
  header: SourceLocation;
  /** Where this section's children go (an ancestor's list once past MAX_SECTION_DEPTH). */
  children: Node[];
}

/**
 * Parses one Apache file into the shared AST, with httpd's own section errors
 * (`ap_build_config`): every `<Name ...>` opens a section closed by `</Name>` compared without
 * case. No include, define or condition is evaluated here; see `loadApacheConfig`.
 */
export function parseApache(input: string | Buffer, file: string, _options: ParseApacheOptions = {}): ParseApacheResult {
  const { text, diagnostics } = decodeSource(input, file);
  const nodes = new ApacheParser(text, file, diagnostics).parse();
  return { nodes, diagnostics, text };
}

/**
 * One pass over the logical lines. Words are read in place from the line (start and end
 * offsets), so the only objects made are the ones the tree keeps.
 */
class ApacheParser {
  private readonly nodes: Node[] = [];
  private readonly stack: OpenSection[] = [];
  private readonly line: LogicalLineReader;
  /** Reused for each directive's arguments. */
  private readonly scratch: Argument[] = [];

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly diagnostics: ParseDiagnostic[],
  ) {
    this.line = new LogicalLineReader(text);
  }

  parse(): Node[] {
    const { line, stack } = this;
    while (line.next()) {
      const { text, from, to } = line;
      if (from === to) continue;
      const target = stack.length > 0 ? (stack[stack.length - 1] as OpenSection).children : this.nodes;
      if (text.charCodeAt(from) === HASH) {
        target.push({ type: 'comment', text: text.slice(from + 1, to), loc: line.loc(this.file, from, to) });
        continue;
      }
      const nameEnd = wordEnd(text, from, to);
      const unterminated = nameEnd < 0;
      const nameStop = unterminated ? to : nameEnd;
      const name = wordValue(text, from, nameStop, unterminated);
      // An empty name (`"" x`) is no command: ap_build_config_sub skips the line.
      if (name === '') continue;
      if (name.startsWith('</')) this.closeSection(name, from, nameStop);
      else if (name.startsWith('<')) this.openSection(target, name, from, nameStop);
      else target.push(this.simpleDirective(name, from, nameStop));
    }
    if (stack.length > 0) this.reportUnclosed();
    return this.nodes;
  }

  private simpleDirective(word: string, nameStart: number, nameEnd: number): Directive {
    const { line, file } = this;
    // ap_build_config_sub drops one trailing '>' from any directive name.
    const name = word.endsWith('>') && word.length > 1 ? word.slice(0, -1) : word;
    return {
      type: 'directive',
      dialect: 'apache',
      name,
      lowerName: lowerCase(name),
      args: this.readArguments(nameEnd, line.to),
      nameLoc: line.loc(file, nameStart, nameEnd),
      loc: line.loc(file, line.from, line.to),
    };
  }

  private openSection(target: Node[], word: string, nameStart: number, nameEnd: number): void {
    const { line, file, stack } = this;
    const closedInName = word.endsWith('>');
    const name = word.slice(1, closedInName ? -1 : undefined);
    const nameLoc = line.loc(file, nameStart, nameEnd);
    // `<Name>` alone has no arguments; otherwise the section handlers cut the arguments at the
    // last '>' of the line (ap_strrchr_c) and reject a line without one.
    let argsEnd = line.to;
    if (!closedInName || argsEnd > nameEnd) {
      const lastBracket = line.text.lastIndexOf('>', line.to - 1);
      if (lastBracket >= nameEnd) argsEnd = lastBracket;
      else this.report('section-missing-bracket', `<${name}> directive missing closing '>'`, nameLoc);
    }
    const section: Directive = {
      type: 'directive',
      dialect: 'apache',
      name,
      lowerName: lowerCase(name),
      args: this.readArguments(nameEnd, argsEnd),
      nameLoc,
      loc: line.loc(file, line.from, line.to),
      children: [],
    };
    target.push(section);
    if (stack.length === MAX_SECTION_DEPTH) {
      this.report('nesting-too-deep', `sections nested deeper than ${MAX_SECTION_DEPTH} levels are flattened`, nameLoc, 'warning');
    }
    stack.push({ directive: section, header: section.loc, children: stack.length >= MAX_SECTION_DEPTH ? target : (section.children as Node[]) });
  }

  private closeSection(word: string, nameStart: number, nameEnd: number): void {
    const { stack } = this;
    const loc = this.line.loc(this.file, nameStart, nameEnd);
    const bracketed = word.endsWith('>');
    if (!bracketed) this.report('malformed-close', `${word}> directive missing closing '>'`, loc);
    // httpd compares the tag without its last character; after a missing '>' it stops reading,
    // so to go on, the tag closes the section named before any '>'.
    const name = bracketed ? word.slice(2, -1) : (word.slice(2).split('>')[0] as string);
    const lower = name.toLowerCase();
    const open = stack[stack.length - 1];
    if (!open) {
      this.report('unexpected-close', `</${name}> without matching <${name}> section`, loc);
      return;
    }
    if (open.directive.lowerName !== lower) {
      this.report('mismatched-close', `Expected </${open.directive.name}> but saw </${name}>`, loc);
      // Recover as a reader would: close up to the section this tag names, if one is open.
      const depth = stack.findLastIndex((s) => s.directive.lowerName === lower);
      if (depth < 0) return;
      for (const unclosed of stack.splice(depth + 1)) extendTo(unclosed.directive, loc.endLine, loc.endColumn);
    }
    const closed = stack.pop() as OpenSection;
    extendTo(closed.directive, loc.endLine, loc.endColumn);
  }

  /** The words of `text[from..to)` of the current line. */
  private readArguments(from: number, to: number): Argument[] {
    const { line, file, scratch } = this;
    const { text } = line;
    scratch.length = 0;
    for (let pos = from; ; ) {
      while (pos < to && isSpaceAt(text, pos)) pos++;
      // A copy sized to fit: an array grown by push keeps room for 16 more, and the tree keeps
      // one per directive.
      if (pos >= to) return scratch.length === 0 ? [] : scratch.slice();
      const end = wordEnd(text, pos, to);
      const unterminated = end < 0;
      const stop = unterminated ? to : end;
      const raw = text.slice(pos, stop);
      const quote = quoteAt(text, pos);
      const loc = line.loc(file, pos, stop);
      // An unquoted word without a backslash is its own value: share the string.
      const value = quote === 'none' && !raw.includes('\\') ? raw : wordValue(text, pos, stop, unterminated);
      if (unterminated) {
        this.report('unterminated-quote', `missing closing ${raw[0]}: httpd takes the rest of the line as this argument`, loc, 'warning');
      }
      scratch.push({ value, raw, quote, loc });
      pos = stop;
    }
  }

  /** httpd names the opening line of each section left open at the end of the file. */
  private reportUnclosed(): void {
    const eof = endOfText(this.text);
    for (const open of this.stack) {
      this.report('unclosed-section', `<${open.directive.name}> was not closed.`, open.header);
      extendTo(open.directive, eof.line, eof.column);
    }
  }

  private report(code: string, message: string, loc: SourceLocation, severity: ParseDiagnostic['severity'] = 'error'): void {
    this.diagnostics.push({ code, message, severity, loc });
  }
}

const HASH = 35;

/**
 * Ends a section's span at its close tag (or the end of the file). A new object written as a
 * literal, like every other location, so all locations keep one hidden class.
 */
function extendTo(section: Directive, endLine: number, endColumn: number): void {
  const { file, line, column } = section.loc;
  section.loc = { file, line, column, endLine, endColumn };
}

/** Names repeat thousands of times in a large config: keep one lowercase string per distinct name. */
const lowerCaseNames = new Map<string, string>();
const MAX_CACHED_NAMES = 4096;

function lowerCase(name: string): string {
  let lower = lowerCaseNames.get(name);
  if (lower === undefined) {
    lower = name.toLowerCase();
    if (lowerCaseNames.size < MAX_CACHED_NAMES) lowerCaseNames.set(name, lower);
  }
  return lower;
}

function endOfText(text: string): { line: number; column: number } {
  const lastLf = text.lastIndexOf('\n');
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) line++;
  return { line, column: text.length - lastLf };
}
