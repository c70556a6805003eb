import type { Directive, ParseDiagnostic } from '../../parse/ast.js';
import type { MovedBlock } from '../../parse/nginx/index.js';
import type { Built } from './model-cache.js';
import type { NginxServer } from './types.js';

/**
 * The server an earlier build made of `move.origin`, for its copy `lines` lines away: the same
 * text builds the same server, so only the nodes it points at change, to their copies. Parts
 * holding no node of the block (the settings inherited from `http`) stay the very same objects,
 * and parts shared between levels stay shared, as a fresh build has them.
 */
export function moveServer(built: Built<NginxServer>, move: MovedBlock): Built<NginxServer> {
  const moved = new Map<object, unknown>();
  const { origin, lines } = move;
  const inside = (diagnostic: ParseDiagnostic): boolean =>
    diagnostic.loc.file === origin.loc.file && diagnostic.loc.line >= origin.loc.line && diagnostic.loc.endLine <= origin.loc.endLine;
  return {
    value: withCopies(built.value, move.copies, moved) as NginxServer,
    diagnostics: built.diagnostics.map((diagnostic) =>
      inside(diagnostic) ? { ...diagnostic, loc: { ...diagnostic.loc, line: diagnostic.loc.line + lines, endLine: diagnostic.loc.endLine + lines } } : diagnostic,
    ),
  };
}

/**
 * `value` with each node replaced by its copy, new objects only on the way to a replaced node.
 * The model is plain data (objects, arrays, maps by name, regexes), nodes are its leaves.
 */
function withCopies(value: unknown, copies: ReadonlyMap<Directive, Directive>, done: Map<object, unknown>): unknown {
  if (typeof value !== 'object' || value === null || value instanceof RegExp) return value;
  if (isDirective(value)) return copies.get(value) ?? value;
  const earlier = done.get(value);
  if (earlier !== undefined) return earlier;
  let result: unknown = value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item: unknown, i) => {
      const moved = withCopies(item, copies, done);
      if (moved !== item) (copy ??= [...value])[i] = moved;
    });
    result = copy ?? value;
  } else if (value instanceof Map) {
    let copy: Map<unknown, unknown> | undefined;
    for (const [key, item] of value as Map<unknown, unknown>) {
      const moved = withCopies(item, copies, done);
      if (moved !== item) (copy ??= new Map(value)).set(key, moved);
    }
    result = copy ?? value;
  } else {
    const record = value as Record<string, unknown>;
    let copy: Record<string, unknown> | undefined;
    for (const key in record) {
      const item = record[key];
      const moved = withCopies(item, copies, done);
      if (moved !== item) (copy ??= { ...record })[key] = moved;
    }
    result = copy ?? value;
  }
  done.set(value, result);
  return result;
}

function isDirective(value: object): value is Directive {
  return (value as Partial<Directive>).type === 'directive';
}
