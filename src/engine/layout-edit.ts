import type { Argument, Directive, Node, ParseDiagnostic, ParsedConfig, SourceLocation } from '../parse/ast.js';
import type { MovedBlocks } from '../parse/nginx/reuse.js';
import { DISABLE_PREFIX, parseDisableDirective, type Suppression } from './disable-comments.js';
import type { Finding } from './events.js';
import type { RelatedLocation, Suggestion, TextEdit } from './rule.js';

/**
 * Most keystrokes in an nginx file are layout: a space at the end of a line, a blank line. nginx
 * reads the same directives from such a text, and so does every rule; only the lines of what
 * follows change. An edit is taken as layout alone when both parses hold the same nodes (names,
 * arguments as written, comments, raw bodies, includes) at the same columns, each line of nodes
 * still one line of its own, in the same order, and the parse says the same things at the moved
 * places. The last lint's findings then hold at their new lines, the `file:line`s their texts quote
 * moved with them.
 *
 * Not taken as layout (the edit is linted): any changed or moved token, a node that changed its
 * column (indentation), nodes that joined or split lines, a disable comment in a file whose lines
 * moved (`disable-next-line` names the line below it), a finding at the start of a file whose
 * first line moved, and a text naming a line that moved without its file (`line 12`).
 */
export interface LayoutMove {
  /** For each file whose nodes moved: old line -> new line, for every line holding a node. */
  lines: ReadonlyMap<string, ReadonlyMap<number, number>>;
}

/** Thrown where a comparison or a move meets what layout cannot account for. */
class NotLayout extends Error {}

/**
 * The move from `before` to `after` when they differ by layout alone; undefined otherwise.
 * `moved` tells the blocks of `after` the parser handed back as copies of blocks of `before`
 * read further down or up, which hold the same nodes by construction.
 */
export function layoutMove(before: ParsedConfig, after: ParsedConfig, moved?: MovedBlocks): LayoutMove | undefined {
  if (before.dialect !== 'nginx' || after.dialect !== 'nginx' || before.entry !== after.entry || before.files.length !== after.files.length) return undefined;
  const lines = new Map<string, Map<number, number>>();
  try {
    for (let i = 0; i < before.files.length; i++) {
      const old = before.files[i]!;
      const now = after.files[i]!;
      if (old.file !== now.file || old.kind !== now.kind || old.dialect !== now.dialect) return undefined;
    }
    const compare = new NodeComparison(lines, moved);
    compare.nodes(before.nodes, after.nodes);
    const movedLines = new Map([...lines].filter(([, map]) => [...map].some(([from, to]) => from !== to)));
    for (const [file, map] of movedLines) {
      assertOneLineEach(map);
      const source = before.files.find((f) => f.file === file);
      if (source && source.text.includes(DISABLE_PREFIX) && hasDisableComment(source.nodes)) return undefined;
    }
    const move: LayoutMove = { lines: movedLines };
    if (before.diagnostics.length !== after.diagnostics.length) return undefined;
    for (let i = 0; i < before.diagnostics.length; i++) {
      if (!sameDiagnostic(moveDiagnostic(before.diagnostics[i]!, move), after.diagnostics[i]!)) return undefined;
    }
    return move;
  } catch (error) {
    if (error instanceof NotLayout) return undefined;
    throw error;
  }
}

/**
 * The findings and suppressions of the last lint at their new lines; undefined when one of them
 * holds a place or a quoted line the move cannot account for.
 */
export function moveOutcome(findings: readonly Finding[], suppressed: readonly Suppression[], move: LayoutMove): { findings: Finding[]; suppressed: Suppression[] } | undefined {
  if (move.lines.size === 0) return { findings: [...findings], suppressed: [...suppressed] };
  try {
    const mover = new FindingMover(move);
    return {
      findings: findings.map((finding) => mover.finding(finding)),
      suppressed: suppressed.map((entry) => ({ ...entry, finding: mover.finding(entry.finding) })),
    };
  } catch (error) {
    if (error instanceof NotLayout) return undefined;
    throw error;
  }
}

/** Walks two parses side by side, recording where each line of nodes went. */
class NodeComparison {
  constructor(
    private readonly lines: Map<string, Map<number, number>>,
    private readonly moved: MovedBlocks | undefined,
  ) {}

  nodes(before: readonly Node[], after: readonly Node[]): void {
    if (before.length !== after.length) throw new NotLayout();
    for (let i = 0; i < before.length; i++) this.node(before[i]!, after[i]!);
  }

  private node(old: Node, now: Node): void {
    // The parser hands back the very node it read before from the same text at the same place.
    if (old === now && (old.type === 'comment' || old.included === undefined)) {
      this.still(old.loc);
      return;
    }
    if (old.type === 'comment' && now.type === 'comment') {
      if (old.text !== now.text) throw new NotLayout();
      this.loc(old.loc, now.loc);
    } else if (old.type === 'directive' && now.type === 'directive') {
      this.directive(old, now);
    } else {
      throw new NotLayout();
    }
  }

  private directive(old: Directive, now: Directive): void {
    const copy = this.moved?.movedFrom(now);
    if (copy !== undefined && copy.origin === old) {
      this.shifted(old.loc, copy.lines);
      return;
    }
    if (old.name !== now.name || old.args.length !== now.args.length || old.inactive !== now.inactive) throw new NotLayout();
    this.loc(old.loc, now.loc);
    this.loc(old.nameLoc, now.nameLoc);
    for (let i = 0; i < old.args.length; i++) this.argument(old.args[i]!, now.args[i]!);
    if (old.rawBody !== undefined || now.rawBody !== undefined) {
      if (old.rawBody?.text !== now.rawBody?.text || old.rawBody?.unclosed !== now.rawBody?.unclosed) throw new NotLayout();
      this.loc(old.rawBody!.loc, now.rawBody!.loc);
    }
    if ((old.children === undefined) !== (now.children === undefined)) throw new NotLayout();
    if (old.children && now.children) this.nodes(old.children, now.children);
    const oldIncluded = old.included ?? [];
    const nowIncluded = now.included ?? [];
    if (oldIncluded.length !== nowIncluded.length || (old.included === undefined) !== (now.included === undefined)) throw new NotLayout();
    for (let i = 0; i < oldIncluded.length; i++) {
      if (oldIncluded[i]!.file !== nowIncluded[i]!.file) throw new NotLayout();
      this.nodes(oldIncluded[i]!.nodes, nowIncluded[i]!.nodes);
    }
  }

  private argument(old: Argument, now: Argument): void {
    if (old.raw !== now.raw || old.value !== now.value || old.quote !== now.quote) throw new NotLayout();
    this.loc(old.loc, now.loc);
  }

  /** Same file, same columns; each of its lines goes to one line. */
  private loc(old: SourceLocation, now: SourceLocation): void {
    if (old.file !== now.file || old.column !== now.column || old.endColumn !== now.endColumn) throw new NotLayout();
    const map = this.linesOf(old.file);
    this.map(map, old.line, now.line);
    this.map(map, old.endLine, now.endLine);
  }

  /** A node that stayed where it was, and every line of its body with it. */
  private still(loc: SourceLocation): void {
    this.shifted(loc, 0);
  }

  /** A node read `lines` further down (up, when negative), and every line of its body with it. */
  private shifted(loc: SourceLocation, lines: number): void {
    const map = this.linesOf(loc.file);
    for (let line = loc.line; line <= loc.endLine; line++) this.map(map, line, line + lines);
  }

  private map(map: Map<number, number>, from: number, to: number): void {
    const known = map.get(from);
    if (known !== undefined && known !== to) throw new NotLayout();
    map.set(from, to);
  }

  private linesOf(file: string): Map<number, number> {
    let map = this.lines.get(file);
    if (map === undefined) {
      map = new Map();
      this.lines.set(file, map);
    }
    return map;
  }
}

/** Lines of nodes stay apart and in order: two lines never became one, nor one two (checked by the map being a function). */
function assertOneLineEach(map: ReadonlyMap<number, number>): void {
  const pairs = [...map].sort(([a], [b]) => a - b);
  for (let i = 1; i < pairs.length; i++) if (pairs[i]![1] <= pairs[i - 1]![1]) throw new NotLayout();
}

function hasDisableComment(nodes: readonly Node[]): boolean {
  return nodes.some((node) => (node.type === 'comment' ? parseDisableDirective(node) !== undefined : node.children !== undefined && hasDisableComment(node.children)));
}

function moveDiagnostic(diagnostic: ParseDiagnostic, move: LayoutMove): ParseDiagnostic {
  return { ...diagnostic, loc: moveLoc(diagnostic.loc, move) };
}

function sameDiagnostic(a: ParseDiagnostic, b: ParseDiagnostic): boolean {
  return a.code === b.code && a.message === b.message && a.severity === b.severity && sameLoc(a.loc, b.loc);
}

function sameLoc(a: SourceLocation, b: SourceLocation): boolean {
  return a.file === b.file && a.line === b.line && a.column === b.column && a.endLine === b.endLine && a.endColumn === b.endColumn;
}

/** A place at its new lines: its lines must hold nodes, and the start of a file whose first line moved is ambiguous. */
function moveLoc(loc: SourceLocation, move: LayoutMove): SourceLocation {
  const map = move.lines.get(loc.file);
  if (map === undefined) return loc;
  const line = map.get(loc.line);
  const endLine = map.get(loc.endLine);
  if (line === undefined || endLine === undefined) throw new NotLayout();
  // A finding about the file as a whole stands at 1:1, wherever its first node went.
  if (loc.line === 1 && loc.column === 1 && line !== 1) throw new NotLayout();
  return line === loc.line && endLine === loc.endLine ? loc : { ...loc, line, endLine };
}

/** Moves findings, and the `file:line`s their texts quote, through a layout move. */
class FindingMover {
  private readonly quoted: RegExp;
  private readonly files: readonly string[];
  /** Lines that moved in some file: a text naming one of them without its file cannot be told. */
  private readonly movedLines = new Set<number>();
  private readonly texts = new Map<string, string>();

  constructor(private readonly move: LayoutMove) {
    const files = [...move.lines.keys()].sort((a, b) => b.length - a.length);
    this.files = files;
    this.quoted = new RegExp(`(?<![\\w./-])(${files.map(escapeRegExp).join('|')}):(\\d+)(?!\\d)`, 'g');
    for (const map of move.lines.values()) for (const [from, to] of map) if (from !== to) this.movedLines.add(from);
  }

  finding(finding: Finding): Finding {
    const loc = moveLoc(finding.loc, this.move);
    const message = this.text(finding.message);
    if (loc === finding.loc && message === finding.message && !finding.fix && !finding.suggestions && !finding.related) return finding;
    const moved: Finding = { ...finding, loc, message };
    if (finding.fix) moved.fix = this.edit(finding.fix);
    if (finding.suggestions) moved.suggestions = finding.suggestions.map((suggestion) => this.suggestion(suggestion));
    if (finding.related) moved.related = finding.related.map((related) => this.related(related));
    return moved;
  }

  private edit(edit: TextEdit): TextEdit {
    return { loc: moveLoc(edit.loc, this.move), text: this.text(edit.text) };
  }

  private suggestion(suggestion: Suggestion): Suggestion {
    return {
      ...suggestion,
      desc: this.text(suggestion.desc),
      ...(suggestion.fix ? { fix: this.edit(suggestion.fix) } : {}),
      ...(suggestion.command !== undefined ? { command: this.text(suggestion.command) } : {}),
    };
  }

  private related(related: RelatedLocation): RelatedLocation {
    return related.loc ? { ...related, message: this.text(related.message), loc: moveLoc(related.loc, this.move) } : { ...related, message: this.text(related.message) };
  }

  /** `file:line` quotes moved with their lines; a bare `line N` of a moved line is ambiguous (which file?). */
  private text(text: string): string {
    const known = this.texts.get(text);
    if (known !== undefined) return known;
    const quotes = this.files.some((file) => text.includes(file));
    const moved = quotes ? text.replace(this.quoted, (_match, file: string, line: string) => `${file}:${this.lineNow(file, line)}`) : text;
    if (BARE_LINE.test(text)) {
      for (const bare of text.matchAll(BARE_LINES)) {
        for (const number of bare[0].matchAll(/\d+/g)) if (this.movedLines.has(Number(number[0]))) throw new NotLayout();
      }
    }
    this.texts.set(text, moved);
    return moved;
  }

  private lineNow(file: string, line: string): number {
    const now = this.move.lines.get(file)?.get(Number(line));
    if (now === undefined) throw new NotLayout();
    return now;
  }

}

/** `line 12`, `lines 12-14`, `lines 12 and 14`: line numbers quoted without their file. */
const BARE_LINES = /\blines?\s+\d+(?:\s*(?:-|–|,|and|to)\s*\d+)*/gi;
const BARE_LINE = /\blines?\s+\d/i;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** What a lint of one target was asked with, beyond its text: a layout edit reuses findings only when it is all the same. */
export interface LayoutLintKey {
  /** The target, settings and root, as one string. */
  asked: string;
  /** The forbidlint configuration of the target (one object per configuration file, until it is read again). */
  config: object;
}

/**
 * The last config pass of each target of one document: its parse and what it found. Passes that
 * read the filesystem are never kept, and clear what was, as the probe's verdict cache does: the
 * filesystem is taken as unchanged between config passes alone.
 */
export class LayoutCache {
  private readonly last = new Map<string, { key: LayoutLintKey; parsed: ParsedConfig; findings: readonly Finding[]; suppressed: readonly Suppression[] }>();

  /** The last findings of `entry` moved to the lines of `parsed`, when it differs from the last parse by layout alone. */
  reuse(entry: string, key: LayoutLintKey, parsed: ParsedConfig, blocks?: MovedBlocks): { findings: Finding[]; suppressed: Suppression[]; reusable: true } | undefined {
    const last = this.last.get(entry);
    if (last === undefined || last.key.asked !== key.asked || last.key.config !== key.config) return undefined;
    const move = layoutMove(last.parsed, parsed, blocks);
    const moved = move && moveOutcome(last.findings, last.suppressed, move);
    if (!moved) return undefined;
    this.last.set(entry, { key, parsed, ...moved });
    return { ...moved, reusable: true };
  }

  remember(entry: string, key: LayoutLintKey, parsed: ParsedConfig, outcome: { findings: readonly Finding[]; suppressed: readonly Suppression[] }): void {
    this.last.set(entry, { key, parsed, findings: outcome.findings, suppressed: outcome.suppressed });
  }

  forget(entry: string): void {
    this.last.delete(entry);
  }

  clear(): void {
    this.last.clear();
  }
}
