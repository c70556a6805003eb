import type { Directive, ParseDiagnostic } from '../../parse/ast.js';
import type { MovedBlock } from '../../parse/nginx/index.js';
import type { Built } from './model-cache.js';
import type { NginxLocation, NginxServer, NginxSettings, RewriteStep } from './types.js';

/**
 * The server an earlier build made of `move.origin`, for its copy `lines` lines away: the same
 * text builds the same server, so only the nodes it points at change, to their copies. Parts
 * holding no node of the block (the settings inherited from `http`) stay the very same objects,
 * and parts a level inherits stay shared with the level above, as a fresh build has them.
 */
export function moveServer(built: Built<NginxServer>, move: MovedBlock): Built<NginxServer> {
  const { origin, lines } = move;
  const inside = (diagnostic: ParseDiagnostic): boolean =>
    diagnostic.loc.file === origin.loc.file && diagnostic.loc.line >= origin.loc.line && diagnostic.loc.endLine <= origin.loc.endLine;
  return {
    value: new NodeMover(move.copies).server(built.value),
    diagnostics: built.diagnostics.map((diagnostic) =>
      inside(diagnostic) ? { ...diagnostic, loc: { ...diagnostic.loc, line: diagnostic.loc.line + lines, endLine: diagnostic.loc.endLine + lines } } : diagnostic,
    ),
  };
}

/**
 * Every field spelled out (`satisfies AllOf<T>`), so a field added to the model is a compile
 * error here until it is moved, and V8 builds each copy with one shape.
 */
type AllOf<T> = { [K in keyof Required<T>]: T[K] };

/** Copies the parts of a model that point at a copied node, each part once. */
class NodeMover {
  /** Parts already moved: a part inherited by several levels stays one object. */
  private readonly done = new Map<object, object>();

  constructor(private readonly copies: ReadonlyMap<Directive, Directive>) {}

  server(server: NginxServer): NginxServer {
    const moved = {
      dialect: server.dialect,
      block: this.node(server.block),
      names: server.names,
      listens: server.listens,
      trees: this.list(server.trees, this.part),
      listen: this.list(server.listen, this.part),
      serverNames: this.list(server.serverNames, this.part),
      settings: this.settings(server.settings),
      locations: this.list(server.locations, this.location),
      namedLocations: this.namedLocations(server.namedLocations),
    } satisfies AllOf<NginxServer>;
    return sameFields(server, moved) ? server : moved;
  }

  private readonly node = (directive: Directive): Directive => this.copies.get(directive) ?? directive;

  /** A part whose only node is its `directive`. */
  private readonly part = <T extends { directive?: Directive | undefined }>(value: T): T => {
    const copy = value.directive && this.copies.get(value.directive);
    return copy ? this.once(value, () => ({ ...value, directive: copy })) : value;
  };

  private readonly location = (location: NginxLocation): NginxLocation => {
    const moved = {
      modifier: location.modifier,
      pattern: location.pattern,
      regex: location.regex,
      directive: this.node(location.directive),
      settings: this.settings(location.settings),
      locations: this.list(location.locations, this.location),
    } satisfies AllOf<NginxLocation>;
    return sameFields(location, moved) ? location : moved;
  };

  private namedLocations(named: ReadonlyMap<string, NginxLocation>): ReadonlyMap<string, NginxLocation> {
    const moved = [...named].map(([name, location]) => [name, this.location(location)] as const);
    return moved.some(([name, location]) => location !== named.get(name)) ? new Map(moved) : named;
  }

  private settings(settings: NginxSettings): NginxSettings {
    const earlier = this.done.get(settings) as NginxSettings | undefined;
    if (earlier !== undefined) return earlier;
    const { index, limitExcept } = settings;
    const indexDirectives = this.list(index.directives, this.node);
    const moved = {
      documentRoot: this.part(settings.documentRoot),
      index: indexDirectives === index.directives ? index : this.once(index, () => ({ files: index.files, directives: indexDirectives })),
      autoindex: this.part(settings.autoindex),
      accessRules: this.list(settings.accessRules, this.part),
      satisfy: this.part(settings.satisfy),
      authBasic: this.part(settings.authBasic),
      disableSymlinks: this.part(settings.disableSymlinks),
      errorPages: this.list(settings.errorPages, this.part),
      tryFiles: settings.tryFiles && this.part(settings.tryFiles),
      returnAction: settings.returnAction && this.part(settings.returnAction),
      rewritePhase: settings.rewritePhase && this.list(settings.rewritePhase, this.rewriteStep),
      internal: settings.internal && this.node(settings.internal),
      contentHandler: settings.contentHandler && this.node(settings.contentHandler),
      unevaluated: settings.unevaluated && this.list(settings.unevaluated, this.node),
      logNotFound: this.part(settings.logNotFound),
      mergeSlashes: this.part(settings.mergeSlashes),
      validReferers: settings.validReferers && this.list(settings.validReferers, this.node),
      fastcgi: settings.fastcgi,
      limitExcept: limitExcept && this.limitExcept(limitExcept),
    } satisfies AllOf<NginxSettings>;
    if (sameFields(settings, moved)) return settings;
    this.done.set(settings, moved);
    return moved;
  }

  /** An `if` holds settings of its own, with nodes of the block. */
  private readonly rewriteStep = (step: RewriteStep): RewriteStep => {
    if (step.kind !== 'if') return this.part(step);
    const moved = { kind: step.kind, condition: step.condition, settings: this.settings(step.settings), directive: this.node(step.directive) };
    return sameFields(step, moved) ? step : this.once(step, () => moved);
  };

  private limitExcept(limitExcept: NonNullable<NginxSettings['limitExcept']>): NonNullable<NginxSettings['limitExcept']> {
    const moved = { methods: limitExcept.methods, settings: this.settings(limitExcept.settings), directive: this.node(limitExcept.directive) };
    return sameFields(limitExcept, moved) ? limitExcept : moved;
  }

  private list<T>(values: T[], move: (value: T) => T): T[] {
    const earlier = this.done.get(values) as T[] | undefined;
    if (earlier !== undefined) return earlier;
    let copy: T[] | undefined;
    for (let i = 0; i < values.length; i++) {
      const value = values[i] as T;
      const moved = move(value);
      if (moved !== value) (copy ??= values.slice())[i] = moved;
    }
    if (copy) this.done.set(values, copy);
    return copy ?? values;
  }

  /** The copy of `value`, made the first time it is asked for. */
  private once<T extends object>(value: T, copy: () => T): T {
    let moved = this.done.get(value) as T | undefined;
    if (moved === undefined) {
      moved = copy();
      this.done.set(value, moved);
    }
    return moved;
  }
}

/** Whether `moved` holds exactly the values of `value`'s fields: nothing in it was copied. */
function sameFields<T extends object>(value: T, moved: T): boolean {
  for (const key in moved) if (moved[key] !== value[key]) return false;
  return true;
}
