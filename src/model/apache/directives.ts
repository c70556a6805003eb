import { effectiveDirectives, type Directive, type Node } from '../../parse/ast.js';

/** Sections that only decide, at read time, whether their body exists at all. */
const CONDITIONAL_SECTIONS = new Set(['ifmodule', 'ifdefine', 'ifversion', 'iffile', 'ifdirective', 'ifsection']);

/**
 * The directives of a block as httpd keeps them after reading: includes expanded, the body of
 * a true `<IfModule>`/`<IfDefine>`/... spliced in place and a false one dropped entirely
 * (httpd never even registers what it contains).
 */
export function* activeDirectives(nodes: readonly Node[]): Generator<Directive> {
  for (const directive of effectiveDirectives(nodes)) {
    if (CONDITIONAL_SECTIONS.has(directive.lowerName)) {
      if (!directive.inactive && directive.children) yield* activeDirectives(directive.children);
    } else {
      yield directive;
    }
  }
}

/** The last active directive named `name` (httpd's "last one wins" for single-valued settings). */
export function lastNamed(directives: readonly Directive[], name: string): Directive | undefined {
  let found: Directive | undefined;
  for (const d of directives) if (d.lowerName === name) found = d;
  return found;
}

/** The name to compare a directive or section by: httpd matches names without case. */
export function sectionName(directive: Directive): string {
  return directive.lowerName;
}
