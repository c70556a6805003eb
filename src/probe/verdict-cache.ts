import type { Argument, Directive, Node, ParsedConfig, SourceLocation } from '../parse/ast.js';
import type { TraceStep } from '../simulate/types.js';
import { effectiveDirectives } from '../parse/ast.js';
import type { ProbeVerdict } from './types.js';

/**
 * What the lints of one editor document keep of the verdicts the probe simulated, for the next
 * lint: a keystroke changes one server at most, yet every lint asked ~3,300 requests again.
 *
 * nginx answers a request from what lies outside the server blocks (main and `http` levels,
 * `map`s, included files' top levels), from the `listen`, `server_name` and `merge_slashes` of
 * every server (which server answers, how the request line is read) and from the one server that
 * answers. So a verdict is reused when the request, the text of all of that (its *content*: names
 * and written arguments, not positions) and the server that answers are what they were. Where the
 * same content now stands at other lines, the verdict's locations, and the `file:line`s its
 * messages quote, are moved to the directives at the same place in the new content; anything the
 * move cannot account for is simulated again. The filesystem is taken as unchanged between lints
 * of one document until a filesystem pass, which starts the cache afresh.
 */
export class VerdictCache {
  private previous: Generation | undefined;
  private current: Generation | undefined;

  /** Starts a lint: verdicts of the last one stay usable when the content outside the servers and the environment are unchanged. */
  begin(print: ConfigPrint, env: readonly unknown[]): VerdictLookup {
    const last = this.current ?? this.previous;
    const usable = last !== undefined && last.print.global.text === print.global.text && sameEnv(last.env, env);
    this.previous = usable ? last : undefined;
    this.current = { print, env, entries: new Map(), derived: new Map(), answerers: new Map() };
    return new VerdictLookup(this.previous, this.current);
  }

  /** Ends a lint; `keep` false (a regex ran out of budget, whose state outlives one request) forgets everything. */
  end(keep: boolean): void {
    if (!keep) this.current = undefined;
    this.previous = undefined;
  }

  /** The filesystem may have changed: nothing simulated so far is taken again. */
  clear(): void {
    this.previous = undefined;
    this.current = undefined;
  }
}

interface Generation {
  print: ConfigPrint;
  env: readonly unknown[];
  entries: Map<string, Entry>;
  /** What was derived from each server's content (its questions, clients, reach), by kind, at each server's place among the servers. */
  derived: Map<string, Derived[]>;
  /** The place among the servers of the one answering each Host and port; undefined when none does. */
  answerers: Map<string, number | undefined>;
}

interface Derived {
  server: Domain;
  value: unknown;
}

/** Hands a verdict of the last lint over at this lint's lines; undefined when it cannot be told exactly. */
export type VerdictMove = (verdict: ProbeVerdict) => ProbeVerdict | undefined;

/** Hands a directive of the last lint's server over as the directive at the same place in this lint's; undefined when there is none. */
export type DirectiveMove = (old: Directive) => Directive | undefined;

/** The move of a server whose very block the parser handed back: every directive is itself. */
export const UNMOVED: DirectiveMove = (old) => old;

export interface Entry {
  verdict: ProbeVerdict;
  /** The server that answered, undefined when none did. */
  server: Domain | undefined;
}

/** One lint's view of the cache: lookups in the last lint's verdicts, and this lint's own for the next. */
export class VerdictLookup {
  private global: Layer | null | undefined;
  private outside: Stillness | undefined;
  private outsideBlocks: { starts: Set<string>; key: string } | undefined;
  private readonly stillServers = new Map<Domain, { old: Domain; still: boolean }>();
  private readonly moves = new Map<Domain, { before: Domain; move: DirectiveMove }>();
  private byOrdinal: Domain[] | undefined;
  private readonly movers = new Map<Domain | undefined, Map<Domain | undefined, Mover | undefined | null>>();

  constructor(
    private readonly previous: Generation | undefined,
    private readonly current: Generation,
  ) {}

  /** The server domain of `block` in this lint's config: undefined for no server, null when the block is none of its servers. */
  serverOf(block: Directive | undefined): Domain | undefined | null {
    if (block === undefined) return undefined;
    return this.current.print.servers.get(block) ?? null;
  }

  /** The earlier verdict for `key`, moved to this lint's lines, when `server` answered it with the same content. */
  get(key: string, server: Domain | undefined): ProbeVerdict | undefined {
    const entry = this.previous?.entries.get(key);
    if (entry === undefined || entry.server?.text !== server?.text) return undefined;
    // Most verdicts are of a server that stood still while others moved: they hold as they are.
    if (entry.server !== undefined && server !== undefined && this.holds(entry.verdict, this.still(entry.server, server))) {
      this.current.entries.set(key, { verdict: entry.verdict, server });
      return entry.verdict;
    }
    const mover = this.moverFor(entry.server, server);
    if (mover === null) return undefined;
    const verdict = mover === undefined ? entry.verdict : mover.verdict(entry.verdict);
    if (verdict !== undefined) this.current.entries.set(key, { verdict, server });
    return verdict;
  }

  set(key: string, server: Domain | undefined, verdict: ProbeVerdict): void {
    this.current.entries.set(key, { verdict, server });
  }

  /** Keeps an entry of this lint's server as it is: a server nothing moved hands its verdicts on without one object each per lint. */
  keep(key: string, entry: Entry): void {
    this.current.entries.set(key, entry);
  }

  /**
   * What `derive` gives for the server `block`, taken from the last lint when the server stood
   * at the same place among the servers with the same content (the rest of the config being
   * unchanged too, which `begin` checked): `move` hands it over to this lint's directives, or
   * gives undefined when it cannot, and it is derived again.
   */
  derived<T>(kind: string, block: Directive | undefined, derive: () => T, move: (value: T, directive: DirectiveMove, still: Stillness, verdicts: () => VerdictMove | null) => T | undefined): T {
    const server = this.serverOf(block);
    if (server === undefined || server === null) return derive();
    const ordinal = this.current.print.ordinals.get(block as Directive) as number;
    const old = this.previous?.derived.get(kind)?.[ordinal];
    let value = old === undefined || old.server.text !== server.text ? undefined : move(old.value as T, this.directiveMove(old.server, server), this.still(old.server, server), () => this.verdictMove(old.server, server));
    value ??= derive();
    let derived = this.current.derived.get(kind);
    if (derived === undefined) this.current.derived.set(kind, (derived = []));
    derived[ordinal] = { server, value };
    return value;
  }

  /**
   * The server block answering `at` (a Host and port; see serverOf): the one at the same place
   * among the servers as in the last lint, where every server's `listen` and `server_name` were
   * the same (`begin` checked), else what `select` picks.
   */
  answering(at: string, select: () => Directive | undefined): Domain | undefined | null {
    let ordinal: number | undefined;
    if (this.previous?.answerers.has(at)) ordinal = this.previous.answerers.get(at);
    else {
      const block = select();
      if (block === undefined) ordinal = undefined;
      else {
        ordinal = this.current.print.ordinals.get(block);
        if (ordinal === undefined) return null;
      }
    }
    this.current.answerers.set(at, ordinal);
    if (ordinal === undefined) return undefined;
    this.byOrdinal ??= [...this.current.print.servers.values()];
    return this.byOrdinal[ordinal] ?? null;
  }

  /** Moves verdicts of the server `old` answered to the lines of `now`, which has the same content; null when that cannot be told exactly. */
  private verdictMove(old: Domain, now: Domain): VerdictMove | null {
    const mover = this.moverFor(old, now);
    if (mover === null) return null;
    return mover === undefined ? (verdict) => verdict : (verdict) => mover.verdict(verdict);
  }

  /** Hands directives of `before` to those of `after`, once per server and lint: several derivations move through it. */
  private directiveMove(before: Domain, after: Domain): DirectiveMove {
    const known = this.moves.get(after);
    if (known !== undefined && known.before === before) return known.move;
    const move = directiveMove(before, after);
    this.moves.set(after, { before, move });
    return move;
  }

  /**
   * Whether what the verdicts of `now`'s own requests quote stands where it stood: its own
   * directives and those outside every server. Other servers' `listen` and `server_name` decide
   * who answers but are quoted only by their own server's verdicts, so an edit above a server
   * that moves them leaves it still. A line added inside a server moves the end of the blocks
   * around it (`http`): `'ends'` says only those ends moved.
   */
  private still(old: Domain, now: Domain): Stillness {
    this.outside ??= outsideStillness((this.previous as Generation).print.outside, this.current.print.outside);
    if (this.outside === 'moved') return 'moved';
    const known = this.stillServers.get(now);
    let still: boolean;
    if (known !== undefined && known.old === old) still = known.still;
    else {
      still = old === now || layerOf(old.directives, now.directives)?.moved === false;
      this.stillServers.set(now, { old, still });
    }
    return still ? this.outside : 'moved';
  }

  /** Whether a verdict quoting what `still` says of its server holds as it is. */
  holds(verdict: ProbeVerdict, still: Stillness): boolean {
    return still === 'still' || (still === 'ends' && !this.quotesOutsideBlock(verdict));
  }

  /** Whether a verdict quotes a block outside every server (`http`) by its location, whose end a line added inside it moves. */
  quotesOutsideBlock(verdict: ProbeVerdict): boolean {
    if (this.outsideBlocks === undefined) {
      const starts = this.current.print.outside.filter((d) => d.children !== undefined).map((d) => startKey(d.loc));
      this.outsideBlocks = { starts: new Set(starts), key: starts.join('\u0001') };
    }
    const { starts, key } = this.outsideBlocks;
    if (starts.size === 0) return false;
    const known = quotedBlocks.get(verdict);
    if (known?.key === key) return known.quotes;
    const quotes = (verdict.decidedBy !== undefined && starts.has(startKey(verdict.decidedBy))) || verdict.trace.some((step) => step.loc !== undefined && starts.has(startKey(step.loc)));
    quotedBlocks.set(verdict, { key, quotes });
    return quotes;
  }

  /** undefined: nothing moved; null: the move cannot be told exactly. */
  private moverFor(old: Domain | undefined, now: Domain | undefined): Mover | undefined | null {
    let byNew = this.movers.get(old);
    if (byNew === undefined) {
      byNew = new Map();
      this.movers.set(old, byNew);
    }
    if (byNew.has(now)) return byNew.get(now) as Mover | undefined | null;
    const previous = this.previous as Generation;
    this.global ??= layerOf(previous.print.global.directives, this.current.print.global.directives);
    // The very node the parser handed back stands where it stood.
    const own = old !== undefined && old === now ? { moved: false, before: old.directives, after: now.directives } : layerOf(old?.directives ?? [], now?.directives ?? []);
    const mover = this.global === null || own === null ? null : !this.global.moved && !own.moved ? undefined : new Mover([own, this.global]);
    byNew.set(now, mover);
    return mover;
  }
}

/**
 * How what a server's verdicts quote stands since the last lint: `still` where it stood; `ends`
 * the same, but for the ends of blocks outside every server; `moved` elsewhere.
 */
export type Stillness = 'still' | 'ends' | 'moved';

function outsideStillness(before: readonly Directive[], after: readonly Directive[]): Stillness {
  if (before.length !== after.length) return 'moved';
  let still: Stillness = 'still';
  for (let i = 0; i < before.length; i++) {
    const old = before[i] as Directive;
    const now = after[i] as Directive;
    if (sameDirectivePlaces(old, now)) continue;
    const endOnly = old.children !== undefined && sameDirectivePlaces({ ...old, loc: { ...old.loc, endLine: now.loc.endLine, endColumn: now.loc.endColumn } }, now);
    if (!endOnly) return 'moved';
    still = 'ends';
  }
  return still;
}

/** What `quotesOutsideBlock` found for a verdict, with the blocks it looked for: verdicts are handed on lint after lint. */
const quotedBlocks = new WeakMap<ProbeVerdict, { key: string; quotes: boolean }>();

function startKey(loc: SourceLocation): string {
  return `${loc.file}\u0000${loc.line}:${loc.column}`;
}

/** The content of a part of a config, and its directives in reading order. */
export interface Domain {
  text: string;
  directives: Directive[];
}

/** Same content, same directives: the one at each index of `before` is the one at that index of `after`. */
function directiveMove(before: Domain, after: Domain): DirectiveMove {
  if (before === after) return UNMOVED;
  let index: Map<Directive, number> | undefined;
  return (old) => {
    if (before.directives.length !== after.directives.length) return undefined;
    index ??= new Map(before.directives.map((directive, i) => [directive, i]));
    const at = index.get(old);
    return at === undefined ? undefined : after.directives[at];
  };
}

/** The content outside the server blocks, and each server block's own, by its node. */
export interface ConfigPrint {
  global: Domain;
  /** The directives outside every server block, in reading order: `global`'s without the servers' own. */
  outside: Directive[];
  servers: Map<Directive, Domain>;
  /** Each server block's place among the config's servers. */
  ordinals: Map<Directive, number>;
}

/** Directives of a server block that other servers' requests read: which server answers, how the request line is parsed. */
const READ_ACROSS_SERVERS = new Set(['listen', 'server_name', 'merge_slashes']);

/**
 * What a server block's node prints to. The parser hands back the very node of a block whose
 * text and place an edit did not change, so most servers are printed once per document.
 */
const serverPrints = new WeakMap<Directive, { own: Domain; across: Directive[] }>();

function serverPrint(block: Directive): { own: Domain; across: Directive[] } {
  let print = serverPrints.get(block);
  if (print === undefined) {
    const own = new Writer();
    own.directive(block, true);
    print = { own: own.domain(), across: [...effectiveDirectives(block.children ?? [])].filter((d) => READ_ACROSS_SERVERS.has(d.name)) };
    serverPrints.set(block, print);
  }
  return print;
}

/** The content of an nginx config, cut at its server blocks. */
export function printNginxConfig(config: ParsedConfig): ConfigPrint {
  const global = new Writer();
  const servers = new Map<Directive, Domain>();
  const ordinals = new Map<Directive, number>();
  const outside: Directive[] = [];
  const visit = (nodes: readonly Node[]): void => {
    for (const node of nodes) {
      if (node.type !== 'directive') continue;
      if (node.name === 'server' && node.children !== undefined) {
        const { own, across } = serverPrint(node);
        ordinals.set(node, servers.size);
        servers.set(node, own);
        global.text('server{');
        for (const directive of across) global.directive(directive, true);
        global.text('}');
        continue;
      }
      global.directive(node, false);
      outside.push(node);
      if (node.children !== undefined) {
        global.text('{');
        visit(node.children);
        global.text('}');
      }
      for (const included of node.included ?? []) {
        global.text(`[${included.file}\u0001`);
        visit(included.nodes);
        global.text(']');
      }
    }
  };
  visit(config.nodes);
  return { global: global.domain(), outside, servers, ordinals };
}

class Writer {
  private readonly parts: string[] = [];
  private readonly directives: Directive[] = [];

  text(part: string): void {
    this.parts.push(part);
  }

  /** The directive's file, name and written arguments; with `deep`, its body and includes too. */
  directive(directive: Directive, deep: boolean): void {
    this.directives.push(directive);
    this.parts.push(directive.loc.file, '\u0001', directive.name);
    for (const arg of directive.args) this.parts.push('\u0002', arg.raw);
    if (directive.rawBody) this.parts.push('\u0003', directive.rawBody.text);
    this.parts.push('\u0000');
    if (!deep) return;
    if (directive.children !== undefined) {
      this.parts.push('{');
      for (const child of directive.children) if (child.type === 'directive') this.directive(child, true);
      this.parts.push('}');
    }
    for (const included of directive.included ?? []) {
      this.parts.push(`[${included.file}\u0001`);
      for (const child of included.nodes) if (child.type === 'directive') this.directive(child, true);
      this.parts.push(']');
    }
  }

  domain(): Domain {
    return { text: this.parts.join(''), directives: this.directives };
  }
}

/** Thrown inside a move that meets a location or a `file:line` it cannot account for. */
class Unmovable extends Error {}

/** Where the locations and lines of one part of the config went, between two lints whose content is the same. */
interface Layer {
  /** Whether anything stands at another place: most edits leave most servers where they were, and their layers are never mapped. */
  moved: boolean;
  before: readonly Directive[];
  after: readonly Directive[];
  /** Built when a verdict is first moved through the layer. */
  map?: LayerMap;
}

interface LayerMap {
  /** By the very object (verdicts hold the nodes' own locations), else by place. */
  objects: Map<SourceLocation, SourceLocation>;
  /** Built on the first location that is not one of the nodes' own objects. */
  places?: Map<string, SourceLocation>;
  /** `file:line` before -> line now; null when directives of that line went to different lines. */
  lines: Map<string, number | null>;
  files: Set<string>;
}

function layerOf(before: readonly Directive[], after: readonly Directive[]): Layer | null {
  if (before.length !== after.length) return null;
  return { moved: before.some((old, i) => !sameDirectivePlaces(old, after[i] as Directive)), before, after };
}

function sameDirectivePlaces(old: Directive, now: Directive): boolean {
  if (!samePlace(old.loc, now.loc) || !samePlace(old.nameLoc, now.nameLoc)) return false;
  for (let j = 0; j < old.args.length; j++) if (!samePlace((old.args[j] as Argument).loc, (now.args[j] ?? (old.args[j] as Argument)).loc)) return false;
  return !(old.rawBody && now.rawBody) || samePlace(old.rawBody.loc, now.rawBody.loc);
}

function mapOf(layer: Layer): LayerMap {
  if (layer.map !== undefined) return layer.map;
  const map: LayerMap = { objects: new Map(), lines: new Map(), files: new Set() };
  const { before, after } = layer;
  for (let i = 0; i < before.length; i++) {
    const old = before[i] as Directive;
    const now = after[i] as Directive;
    map.objects.set(old.loc, now.loc);
    map.objects.set(old.nameLoc, now.nameLoc);
    for (let j = 0; j < old.args.length; j++) map.objects.set((old.args[j] as Argument).loc, (now.args[j] ?? (old.args[j] as Argument)).loc);
    if (old.rawBody && now.rawBody) map.objects.set(old.rawBody.loc, now.rawBody.loc);
    map.files.add(old.loc.file);
    const line = `${old.loc.file}:${old.loc.line}`;
    const known = map.lines.get(line);
    map.lines.set(line, known === undefined || known === now.loc.line ? now.loc.line : null);
  }
  layer.map = map;
  return map;
}

/** The fields of a verdict and of a trace step this move knows; a verdict with others is simulated again. */
const VERDICT_FIELDS = new Set(['status', 'cause', 'path', 'trace', 'fix', 'decidedBy', 'uncertain', 'request', 'url']);
const STEP_FIELDS = new Set(['step', 'message', 'file', 'line', 'column', 'loc']);

/** Moves verdicts from the directives of one lint to those at the same place of the next. */
class Mover {
  private readonly quoted: RegExp;
  private readonly files: string[];
  /** What every file's path starts with: a message without it quotes none of them. */
  private readonly prefix: string;
  /** Messages repeat across verdicts (and are the same strings lint after lint): each is moved once. */
  private readonly texts = new Map<string, string>();

  private readonly layers: readonly LayerMap[];

  constructor(layers: readonly Layer[]) {
    this.layers = layers.map(mapOf);
    const files = [...new Set(this.layers.flatMap((l) => [...l.files]))].sort((a, b) => b.length - a.length);
    this.files = files;
    this.prefix = commonPrefix(files);
    this.quoted = quotedLinesOf(files);
  }

  /** The verdict at its new lines (its request is the caller's to set), undefined when it cannot be told exactly. */
  verdict(verdict: ProbeVerdict): ProbeVerdict | undefined {
    try {
      for (const key in verdict) if (!VERDICT_FIELDS.has(key)) return undefined;
      const moved: ProbeVerdict = { ...verdict, trace: verdict.trace.map((step) => this.step(step)) };
      if (verdict.fix !== undefined) moved.fix = this.text(verdict.fix);
      if (verdict.decidedBy !== undefined) moved.decidedBy = this.location(verdict.decidedBy);
      if (verdict.uncertain !== undefined) moved.uncertain = verdict.uncertain.map((note) => this.text(note));
      return moved;
    } catch (error) {
      if (error instanceof Unmovable) return undefined;
      throw error;
    }
  }

  private step(step: TraceStep): TraceStep {
    for (const key in step) if (!STEP_FIELDS.has(key)) throw new Unmovable();
    const message = this.text(step.message);
    if (step.loc === undefined) {
      if (step.line !== undefined) throw new Unmovable();
      return message === step.message ? step : { ...step, message };
    }
    const loc = this.location(step.loc);
    if (loc === step.loc && message === step.message) return step;
    return { step: step.step, message, file: loc.file, line: loc.line, column: loc.column, loc };
  }

  private location(loc: SourceLocation): SourceLocation {
    for (const layer of this.layers) {
      const now = layer.objects.get(loc);
      if (now !== undefined) return now;
    }
    const key = locationKey(loc);
    for (const layer of this.layers) {
      layer.places ??= new Map([...layer.objects].map(([old, now]) => [locationKey(old), now]));
      const now = layer.places.get(key);
      if (now !== undefined) return now;
    }
    throw new Unmovable();
  }

  /** The `file:line`s a message quotes, each to where its directives went; a line two layers move differently is ambiguous. */
  private text(text: string): string {
    const known = this.texts.get(text);
    if (known !== undefined) return known;
    const moved = text.includes(this.prefix) && this.files.some((file) => text.includes(file)) ? this.quotedLines(text) : text;
    this.texts.set(text, moved);
    return moved;
  }

  private quotedLines(text: string): string {
    return text.replace(this.quoted, (_match, file: string, line: string) => {
      let now: number | undefined;
      for (const layer of this.layers) {
        const moved = layer.lines.get(`${file}:${line}`);
        if (moved === null || (moved !== undefined && now !== undefined && moved !== now)) throw new Unmovable();
        now ??= moved;
      }
      if (now === undefined) throw new Unmovable();
      return `${file}:${now}`;
    });
  }
}

/** A pattern for each set of files, kept: the servers of one config mostly share theirs. */
const quotedPatterns = new Map<string, RegExp>();

/** `file:line` of any of `files` (longest first), not preceded by more of a path. */
function quotedLinesOf(files: readonly string[]): RegExp {
  const key = files.join('\u0000');
  let pattern = quotedPatterns.get(key);
  if (pattern === undefined) {
    pattern = files.length === 0 ? /(?!)/g : new RegExp(`(?<![\\w./-])(${files.map(escapeRegExp).join('|')}):(\\d+)(?!\\d)`, 'g');
    if (quotedPatterns.size > 64) quotedPatterns.clear();
    quotedPatterns.set(key, pattern);
  }
  return pattern;
}

function commonPrefix(texts: readonly string[]): string {
  let prefix = texts[0] ?? '';
  for (const text of texts) while (!text.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

function samePlace(a: SourceLocation, b: SourceLocation): boolean {
  return a.line === b.line && a.column === b.column && a.endLine === b.endLine && a.endColumn === b.endColumn && a.file === b.file;
}

function locationKey(loc: SourceLocation): string {
  return `${loc.file}\u0000${loc.line}:${loc.column}:${loc.endLine}:${loc.endColumn}`;
}

function sameEnv(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
