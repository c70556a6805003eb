import type { Directive, ParseDiagnostic } from '../../parse/ast.js';
import { directiveDiagnostic } from './diagnostics.js';
import { compilePcre } from './pcre.js';
import type { NginxMap } from './types.js';

/**
 * The `map` blocks of the http block (ngx_http_map_block): `default`, `hostnames`, exact keys,
 * `~` and `~*` regexes, `\` to escape a key that looks like a parameter. Exact keys are
 * compared without case: nginx lowercases them and the value it looks up (ngx_http_map_find).
 * `include` inside a map is already expanded by the parser; `volatile` changes nothing here.
 */
export function buildMaps(directives: readonly Directive[], diagnostics: ParseDiagnostic[]): Map<string, NginxMap> {
  const maps = new Map<string, NginxMap>();
  for (const directive of directives) {
    if (directive.name !== 'map' || !directive.children) continue;
    const [source = '', target = ''] = directive.args.map((a) => a.value);
    if (!target.startsWith('$')) continue;
    const exact = new Map<string, string>();
    const regexes: Array<{ regex: RegExp; value: string }> = [];
    let fallback = '';
    let hostnames = false;
    for (const entry of directive.children) {
      if (entry.type !== 'directive') continue;
      const key = entry.name;
      const value = entry.args[0]?.value ?? '';
      if (key === 'default') fallback = value;
      else if (key === 'hostnames') hostnames = true;
      else if (key === 'volatile' || key === 'include') continue;
      else if (key.startsWith('~')) {
        const caseless = key.startsWith('~*');
        const regex = compilePcre(key.slice(caseless ? 2 : 1), caseless);
        if (regex) regexes.push({ regex, value });
        else diagnostics.push(directiveDiagnostic('unsupported-map-regex', `map regex "${key}" uses syntax forbidlint cannot evaluate; it is left out`, entry));
      } else exact.set((key.startsWith('\\') ? key.slice(1) : key).toLowerCase(), value);
    }
    maps.set(target.slice(1), { source, exact, regexes, default: fallback, hostnames, directive });
  }
  return maps;
}
