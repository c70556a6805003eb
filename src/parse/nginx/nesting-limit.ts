import type { Directive, Node, ParseDiagnostic } from '../ast.js';

/**
 * Blocks deeper than this are read as part of the block at this depth. The parser keeps any
 * depth (it has no recursion), but the model, the simulator and the rules walk blocks
 * recursively; no real config comes close. nginx itself has no limit.
 */
export const MAX_BLOCK_DEPTH = 256;

/**
 * `nodes` as they are when no block is nested deeper than `max`; otherwise a copy in which the
 * contents of every deeper block follow that block at depth `max` (it keeps no children), with
 * a warning at the first such block. Both passes use explicit stacks. The parser's own nodes
 * are never changed: the parse cache keeps them.
 */
export function limitNesting(nodes: Node[], max = MAX_BLOCK_DEPTH): { nodes: Node[]; diagnostic?: ParseDiagnostic } {
  const deepest = firstBlockBelow(nodes, max);
  if (deepest === undefined) return { nodes };
  const copy: Node[] = [];
  const stack: { source: readonly Node[]; index: number; target: Node[]; depth: number }[] = [{ source: nodes, index: 0, target: copy, depth: 0 }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as (typeof stack)[number];
    if (frame.index >= frame.source.length) {
      stack.pop();
      continue;
    }
    const node = frame.source[frame.index++] as Node;
    if (node.type !== 'directive' || node.children === undefined) {
      frame.target.push(node);
      continue;
    }
    if (frame.depth < max) {
      const block: Directive = { ...node, children: [] };
      frame.target.push(block);
      stack.push({ source: node.children, index: 0, target: block.children as Node[], depth: frame.depth + 1 });
    } else {
      const { children, ...flat } = node;
      frame.target.push(flat);
      stack.push({ source: children, index: 0, target: frame.target, depth: frame.depth });
    }
  }
  return {
    nodes: copy,
    diagnostic: { code: 'nesting-too-deep', severity: 'warning', message: `blocks nested deeper than ${max} levels are read as part of the block that holds them`, loc: deepest.nameLoc },
  };
}

/** The first block at depth `max` that has a block inside it, found without recursion. */
function firstBlockBelow(nodes: readonly Node[], max: number): Directive | undefined {
  const stack: { nodes: readonly Node[]; depth: number }[] = [{ nodes, depth: 0 }];
  while (stack.length > 0) {
    const { nodes: level, depth } = stack.pop() as (typeof stack)[number];
    for (const node of level) {
      if (node.type !== 'directive' || node.children === undefined) continue;
      if (depth === max) return node;
      stack.push({ nodes: node.children, depth: depth + 1 });
    }
  }
  return undefined;
}
