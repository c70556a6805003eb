import { directivesInContext, walkDirectives, type Directive, type Node } from '../../src/parse/ast.js';

/**
 * What each server block holds that a selection picks, by the block's node and the selection's
 * name: the parser hands back the very node of a block an edit left alone (see
 * src/parse/nginx/reuse.ts), so the language server's next lint reads only the servers that changed.
 */
const pickedInServers = new WeakMap<Directive, Map<string, Directive[]>>();

/**
 * Every directive of the config that `pick` selects, blocks and includes entered, in reading
 * order. `kind` names the selection: what a server block gave is kept for its node.
 */
export function pickedDirectives(nodes: readonly Node[], kind: string, pick: (directive: Directive) => boolean): Directive[] {
  const found: Directive[] = [];
  const isServer = (block: Directive): boolean => block.name === 'server';
  for (const { directive } of directivesInContext(nodes, true, (block) => (isServer(block) ? undefined : true))) {
    if (pick(directive)) found.push(directive);
    if (directive.children !== undefined && isServer(directive)) found.push(...pickedInServer(directive, kind, pick));
  }
  return found;
}

function pickedInServer(block: Directive, kind: string, pick: (directive: Directive) => boolean): Directive[] {
  let byKind = pickedInServers.get(block);
  if (byKind === undefined) pickedInServers.set(block, (byKind = new Map()));
  let picked = byKind.get(kind);
  if (picked === undefined) {
    picked = [...walkDirectives(block.children ?? [])].map((w) => w.directive).filter(pick);
    byKind.set(kind, picked);
  }
  return picked;
}
