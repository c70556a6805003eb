import type { Argument, Comment, Directive, Node, ParseDiagnostic, SourceLocation } from '../ast.js';
import { decodeSource } from './source-text.js';
import { endPositionIn, logicalLines, positionIn, type LogicalLine } from './logical-lines.js';
import { readWordAt, splitWords, type Word } from './words.js';

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
  const nodes: Node[] = [];
  const stack: OpenSection[] = [];
  const report = (code: string, message: string, loc: SourceLocation, severity: ParseDiagnostic['severity'] = 'error') =>
    diagnostics.push({ code, message, severity, loc });

  for (const line of logicalLines(text)) {
    if (line.text === '') continue;
    const target = stack[stack.length - 1]?.children ?? nodes;
    if (line.text.startsWith('#')) {
      target.push(comment(line, file));
      continue;
    }
    const nameWord = readWordAt(line.text, 0);
    const nameRaw = nameWord.value;
    // An empty name (`"" x`) is no command: ap_build_config_sub skips the line.
    if (nameRaw === '') continue;
    if (nameRaw.startsWith('</')) {
      closeSection(line, nameWord, stack, file, report);
      continue;
    }
    if (nameRaw.startsWith('<')) {
      const section = openSection(line, nameWord, file, report);
      target.push(section);
      if (stack.length === MAX_SECTION_DEPTH) {
        report('nesting-too-deep', `sections nested deeper than ${MAX_SECTION_DEPTH} levels are flattened`, section.nameLoc, 'warning');
      }
      stack.push({
        directive: section,
        header: section.loc,
        children: stack.length >= MAX_SECTION_DEPTH ? target : (section.children as Node[]),
      });
      continue;
    }
    target.push(simpleDirective(line, nameWord, file, report));
  }

  const eof = endOfText(text);
  for (const open of stack) {
    report('unclosed-section', `<${open.directive.name}> was not closed.`, open.header);
    open.directive.loc = { ...open.directive.loc, endLine: eof.line, endColumn: eof.column };
  }
  return { nodes, diagnostics, text };
}

type Report = (code: string, message: string, loc: SourceLocation, severity?: ParseDiagnostic['severity']) => void;

function span(line: LogicalLine, file: string, start: number, end: number): SourceLocation {
  if (line.joined.length === 0) {
    return { file, line: line.line, column: line.column + start, endLine: line.line, endColumn: line.column + end };
  }
  const from = positionIn(line, start);
  const to = endPositionIn(line, end);
  return { file, line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
}

function comment(line: LogicalLine, file: string): Comment {
  return { type: 'comment', text: line.text.slice(1), loc: span(line, file, 0, line.text.length) };
}

function toArguments(line: LogicalLine, words: readonly Word[], file: string, report: Report): Argument[] {
  return words.map((word) => {
    const loc = span(line, file, word.start, word.end);
    if (word.unterminated) {
      report('unterminated-quote', `missing closing ${word.raw[0]}: httpd takes the rest of the line as this argument`, loc, 'warning');
    }
    return { value: word.value, raw: word.raw, quote: word.quote, loc };
  });
}

function simpleDirective(line: LogicalLine, nameWord: Word, file: string, report: Report): Directive {
  // ap_build_config_sub drops one trailing '>' from any directive name.
  const name = nameWord.value.endsWith('>') && nameWord.value.length > 1 ? nameWord.value.slice(0, -1) : nameWord.value;
  return {
    type: 'directive',
    dialect: 'apache',
    name,
    lowerName: lowerCase(name),
    args: toArguments(line, splitWords(line.text, nameWord.end), file, report),
    nameLoc: span(line, file, nameWord.start, nameWord.end),
    loc: span(line, file, 0, line.text.length),
  };
}

function openSection(line: LogicalLine, nameWord: Word, file: string, report: Report): Directive {
  const closedInName = nameWord.value.endsWith('>');
  const name = nameWord.value.slice(1, closedInName ? -1 : undefined);
  const nameLoc = span(line, file, nameWord.start, nameWord.end);
  // `<Name>` alone has no arguments; otherwise the section handlers cut the arguments at the
  // last '>' of the line (ap_strrchr_c) and reject a line without one.
  let argsEnd = line.text.length;
  if (!closedInName || argsEnd > nameWord.end) {
    const lastBracket = line.text.lastIndexOf('>');
    if (lastBracket >= nameWord.end) argsEnd = lastBracket;
    else report('section-missing-bracket', `<${name}> directive missing closing '>'`, nameLoc);
  }
  return {
    type: 'directive',
    dialect: 'apache',
    name,
    lowerName: lowerCase(name),
    args: toArguments(line, splitWords(line.text, nameWord.end, argsEnd), file, report),
    nameLoc,
    loc: span(line, file, 0, line.text.length),
    children: [],
  };
}

function closeSection(line: LogicalLine, nameWord: Word, stack: OpenSection[], file: string, report: Report): void {
  const loc = span(line, file, nameWord.start, nameWord.end);
  const bracketed = nameWord.value.endsWith('>');
  if (!bracketed) report('malformed-close', `${nameWord.value}> directive missing closing '>'`, loc);
  // httpd compares the tag without its last character; after a missing '>' it stops reading,
  // so to go on, the tag closes the section named before any '>'.
  const name = bracketed ? nameWord.value.slice(2, -1) : (nameWord.value.slice(2).split('>')[0] as string);
  const lower = name.toLowerCase();
  const open = stack[stack.length - 1];
  if (!open) {
    report('unexpected-close', `</${name}> without matching <${name}> section`, loc);
    return;
  }
  if (open.directive.lowerName !== lower) {
    report('mismatched-close', `Expected </${open.directive.name}> but saw </${name}>`, loc);
    // Recover as a reader would: close up to the section this tag names, if one is open.
    const depth = stack.findLastIndex((s) => s.directive.lowerName === lower);
    if (depth < 0) return;
    for (const unclosed of stack.splice(depth + 1)) end(unclosed.directive, loc);
  }
  const closed = stack.pop() as OpenSection;
  end(closed.directive, loc);
}

function end(directive: Directive, closeLoc: SourceLocation): void {
  directive.loc = { ...directive.loc, endLine: closeLoc.endLine, endColumn: closeLoc.endColumn };
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
