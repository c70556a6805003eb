import type { ModuleFamily } from './directive-arity.js';

/**
 * Where a directive stands, as nginx's `cf->cmd_type` and `cf->module_type` say it: the block
 * kind and the module family whose blocks these are (`server` in `http` is not `server` in
 * `stream`). `undefined` for the top of a file whose context is not known (a lone snippet).
 */
export interface BlockContext {
  name: 'main' | 'events' | 'http' | 'server' | 'location' | 'if' | 'if in location' | 'limit_except' | 'upstream' | 'stream' | 'mail';
  family: ModuleFamily;
}

export const MAIN: BlockContext = { name: 'main', family: 'core' };

/**
 * The context a block opens, or `undefined` where nginx hands the body to the directive's own
 * reader (`map`, `types`, `geo`...) or to a module we do not know (Lua blocks, NGINX Plus blocks):
 * nothing inside those is checked.
 */
export function contextOpenedBy(block: string, outer: BlockContext): BlockContext | undefined {
  switch (outer.name) {
    case 'main':
      if (block === 'events') return { name: 'events', family: 'core' };
      if (block === 'http' || block === 'stream' || block === 'mail') return { name: block, family: block };
      return undefined;
    case 'http':
      if (block === 'server') return { name: 'server', family: 'http' };
      if (block === 'upstream') return { name: 'upstream', family: 'http' };
      return undefined;
    case 'stream':
      if (block === 'server' || block === 'upstream') return { name: block, family: 'stream' };
      return undefined;
    case 'mail':
      return block === 'server' ? { name: 'server', family: 'mail' } : undefined;
    case 'server':
      if (outer.family !== 'http') return undefined;
      if (block === 'location') return { name: 'location', family: 'http' };
      // An `if` in a server takes rewrite-module directives only (NGX_HTTP_SIF_CONF).
      if (block === 'if') return { name: 'if', family: 'http' };
      return undefined;
    case 'location':
      if (block === 'location') return { name: 'location', family: 'http' };
      if (block === 'if') return { name: 'if in location', family: 'http' };
      if (block === 'limit_except') return { name: 'limit_except', family: 'http' };
      return undefined;
    default:
      return undefined;
  }
}

/** Whether a directive variant declared for `contexts` by a module of `family` may stand in `where`. */
export function variantFits(family: ModuleFamily, contexts: readonly string[], where: BlockContext): boolean {
  // `include` is allowed everywhere (NGX_ANY_CONF).
  if (contexts.includes('')) return true;
  if (family === 'core' || where.name === 'main') return contexts.includes(where.name);
  if (family !== where.family) return false;
  // Directives nginx allows in both kinds of `if` are listed as `if`; the location's `if` also
  // takes those listed as `if in location`.
  if (where.name === 'if in location') return contexts.includes('if') || contexts.includes('if in location');
  return contexts.includes(where.name);
}

/**
 * The context a file nobody includes was written for, from what stands at its top: `events` or
 * `http` make it a main file, `server` blocks an `http` snippet, `location` or `listen` a server
 * snippet. `undefined` when its top says nothing (a list of `add_header` lines).
 */
export function contextOfTop(topNames: ReadonlySet<string>): BlockContext | undefined {
  if (topNames.has('events') || topNames.has('http') || topNames.has('worker_processes')) return MAIN;
  if (topNames.has('server') || topNames.has('upstream') || topNames.has('map')) return { name: 'http', family: 'http' };
  if (topNames.has('location') || topNames.has('listen') || topNames.has('server_name')) return { name: 'server', family: 'http' };
  return undefined;
}
