import { effectiveDirectives, type Directive, type Node } from '../parse/ast.js';

/**
 * Every directive in reading order (includes entered where they stand) with the context of the
 * block it stands in. `open` gives the context a block opens for its body, or `undefined` to
 * leave the body unread. An explicit stack: a hostile file may nest blocks thousands deep.
 */
export function* directivesInContext<C>(
  nodes: readonly Node[],
  context: C,
  open: (block: Directive, outer: C) => C | undefined,
): Generator<{ directive: Directive; context: C }> {
  const stack: { directives: Iterator<Directive>; context: C }[] = [{ directives: effectiveDirectives(nodes), context }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as (typeof stack)[number];
    const next = top.directives.next();
    if (next.done) {
      stack.pop();
      continue;
    }
    const directive = next.value;
    yield { directive, context: top.context };
    if (directive.children === undefined) continue;
    const inner = open(directive, top.context);
    if (inner !== undefined) stack.push({ directives: effectiveDirectives(directive.children), context: inner });
  }
}
