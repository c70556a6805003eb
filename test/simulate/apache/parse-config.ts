import type { Directive, ParsedConfig } from '../../../src/parse/ast.js';
import { isDirective } from '../../../src/parse/ast.js';
import { parseApache } from '../../../src/parse/apache/index.js';

/** A one-file config for unit tables: parsed by the real parser, no includes to follow. */
export function parsedConfig(text: string, file = '/etc/apache2/apache2.conf'): ParsedConfig {
  const parsed = parseApache(text, file);
  return {
    dialect: 'apache',
    entry: file,
    nodes: parsed.nodes,
    files: [{ file, dialect: 'apache', kind: 'main', nodes: parsed.nodes, text: parsed.text }],
    diagnostics: parsed.diagnostics,
  };
}

/** The top-level directives of a snippet. */
export function directivesOf(text: string): Directive[] {
  return parsedConfig(text).nodes.filter(isDirective);
}
