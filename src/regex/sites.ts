import { isDirective, type Node, type ParseDiagnostic, type ParsedConfig } from '../parse/ast.js';

/**
 * A warning at each directive of `config` that holds a pattern whose match budget ran out, so
 * the uncertainty is reported where the user can fix it. Files are walked with an explicit stack:
 * a deeply nested configuration must not overflow the call stack here either.
 */
export function regexBudgetDiagnostics(config: ParsedConfig, patterns: readonly string[]): ParseDiagnostic[] {
  if (patterns.length === 0) return [];
  const diagnostics: ParseDiagnostic[] = [];
  const reported = new Set<string>();
  const stack: Node[] = [];
  for (const file of config.files) for (let i = file.nodes.length - 1; i >= 0; i--) stack.push(file.nodes[i] as Node);
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (!isDirective(node)) continue;
    const pattern = patterns.find((p) => node.args.some((arg) => arg.value.replaceAll('(?P<', '(?<').includes(p)));
    const key = `${node.loc.file}:${node.loc.line}:${node.loc.column}`;
    if (pattern !== undefined && !reported.has(key)) {
      reported.add(key);
      diagnostics.push({
        code: 'regex-budget-exhausted',
        severity: 'warning',
        message: `the regex ${JSON.stringify(pattern)} ran out of its match budget (as PCRE's match limit would stop it); requests it decides are uncertain and taken as not matching it`,
        loc: node.loc,
      });
    }
    const children = node.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as Node);
  }
  return diagnostics;
}
