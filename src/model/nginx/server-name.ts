import type { Directive, ParseDiagnostic } from '../../parse/ast.js';
import { directiveDiagnostic } from './diagnostics.js';
import { compilePcre } from './pcre.js';
import type { ServerName, ServerNamePattern } from './types.js';

/**
 * Reads `server_name` values as ngx_http_server_names does: names are case-insensitive,
 * `~` starts a regex, `*.example.com` / `.example.com` are leading wildcards (the latter also
 * matches `example.com`), `www.example.*` is a trailing wildcard.
 */
export function parseServerNames(directive: Directive, diagnostics: ParseDiagnostic[]): ServerName[] {
  const names: ServerName[] = [];
  for (const arg of directive.args) {
    const pattern = serverNamePattern(arg.value);
    if (pattern === undefined) {
      diagnostics.push(directiveDiagnostic('unsupported-server-name', `server name "${arg.value}" cannot be matched (invalid or PCRE-only regex)`, directive));
    } else {
      names.push({ text: arg.value, pattern, directive });
    }
  }
  return names;
}

function serverNamePattern(text: string): ServerNamePattern | undefined {
  if (text.startsWith('~')) {
    // nginx compiles server name regexes caseless (NGX_REGEX_CASELESS).
    const regex = compilePcre(text.slice(1), true);
    return regex && { kind: 'regex', regex };
  }
  const name = text.toLowerCase();
  if (name.startsWith('*.')) return { kind: 'leading-wildcard', suffix: name.slice(1), matchesBare: false };
  if (name.startsWith('.')) return { kind: 'leading-wildcard', suffix: name, matchesBare: true };
  if (name.endsWith('.*')) return { kind: 'trailing-wildcard', prefix: name.slice(0, -1) };
  return { kind: 'exact', name };
}
