import type { Directive, Node, ParseDiagnostic, SourceLocation } from '../../../src/parse/ast.js';

/** `line:column-endLine:endColumn`, the compact span notation of the test tables. */
export function span(loc: SourceLocation): string {
  return `${loc.line}:${loc.column}-${loc.endLine}:${loc.endColumn}`;
}

/** `line:column code: message` for diagnostic tables. */
export function describeDiagnostic(d: ParseDiagnostic): string {
  return `${d.loc.line}:${d.loc.column} ${d.code}: ${d.message}`;
}

/**
 * A tree as nested plain data with every value, quote style and span, so a table can state
 * the whole expected parse. Comments become `# text @span`.
 */
export type Outline = string | { directive: string; at: string; args: string[]; children?: Outline[]; rawBody?: string };

export function outline(nodes: readonly Node[]): Outline[] {
  return nodes.map((node) => (node.type === 'comment' ? `#${node.text} @${span(node.loc)}` : outlineDirective(node)));
}

function outlineDirective(d: Directive): Outline {
  return {
    directive: d.name,
    at: `${span(d.nameLoc)} / ${span(d.loc)}`,
    args: d.args.map((a) => `${JSON.stringify(a.value)} ${a.quote} ${span(a.loc)}`),
    ...(d.children ? { children: outline(d.children) } : {}),
    ...(d.rawBody ? { rawBody: `${JSON.stringify(d.rawBody.text)} @${span(d.rawBody.loc)}` } : {}),
  };
}
