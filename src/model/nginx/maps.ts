import type { Directive, ParseDiagnostic } from '../../parse/ast.js';
import { directiveDiagnostic } from './diagnostics.js';
import { compilePcre } from './pcre.js';
import { networkContains, parseIpAddress, parseIpNetwork, type IpNetwork } from './ip-address.js';
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
    if (directive.name === 'geo' && directive.children) {
      const geo = buildGeo(directive, diagnostics);
      if (geo) maps.set(geo.name, geo.map);
      continue;
    }
    if (directive.name !== 'map' || !directive.children) continue;
    const [source = '', target = ''] = directive.args.map((a) => a.value);
    if (!target.startsWith('$')) continue;
    const exact = new Map<string, string>();
    const regexes: Array<{ regex: RegExp; value: string }> = [];
    let fallback = '';
    let defaulted = false;
    let hostnames = false;
    for (const entry of directive.children) {
      if (entry.type !== 'directive') continue;
      const key = entry.name;
      const value = entry.args[0]?.value ?? '';
      if (key === 'default') {
        fallback = value;
        defaulted = true;
      }
      else if (key === 'hostnames') hostnames = true;
      else if (key === 'volatile' || key === 'include') continue;
      else if (key.startsWith('~')) {
        const caseless = key.startsWith('~*');
        const regex = compilePcre(key.slice(caseless ? 2 : 1), caseless);
        if (regex) regexes.push({ regex, value });
        else diagnostics.push(directiveDiagnostic('unsupported-map-regex', `map regex "${key}" uses syntax forbidlint cannot evaluate; it is left out`, entry));
      } else exact.set((key.startsWith('\\') ? key.slice(1) : key).toLowerCase(), value);
    }
    maps.set(target.slice(1), { source, exact, regexes, default: fallback, defaulted, hostnames, directive });
  }
  return maps;
}

/**
 * A `geo [$address] $variable { }` block (ngx_http_geo_block): networks and single addresses
 * with their values, `default` (else the empty string). `ranges` and `delete` change how keys
 * read, so such a block is left out and its variable stays unknown; `proxy` only matters to
 * requests carrying X-Forwarded-For from a listed proxy, which the probe does not send.
 */
function buildGeo(directive: Directive, diagnostics: ParseDiagnostic[]): { name: string; map: NginxMap } | undefined {
  const args = directive.args.map((a) => a.value);
  const [source, target] = args.length >= 2 ? [args[0] as string, args[1] as string] : ['$remote_addr', args[0] ?? ''];
  if (!target.startsWith('$')) return undefined;
  const networks: Array<{ network: IpNetwork; value: string }> = [];
  let fallback = '';
  let defaulted = false;
  for (const entry of directive.children ?? []) {
    if (entry.type !== 'directive') continue;
    const value = entry.args[0]?.value ?? '';
    if (entry.name === 'default') {
      fallback = value;
      defaulted = true;
      continue;
    }
    if (entry.name === 'proxy' || entry.name === 'proxy_recursive' || entry.name === 'include') continue;
    const network = parseIpNetwork(entry.name);
    if (network === undefined || entry.name === 'ranges' || entry.name === 'delete') {
      diagnostics.push(directiveDiagnostic('unsupported-geo', `geo entry "${entry.name}" is a form forbidlint does not evaluate; the block is left out`, entry));
      return undefined;
    }
    networks.push({ network, value });
  }
  return { name: target.slice(1), map: { source, exact: new Map(), regexes: [], networks, default: fallback, defaulted, hostnames: false, directive } };
}

/** The value of the longest network holding `address` (nginx's radix tree), else undefined. */
export function geoValue(networks: NonNullable<NginxMap['networks']>, address: string): string | undefined {
  const ip = parseIpAddress(address);
  if (ip === undefined) return undefined;
  let best: { prefixLength: number; value: string } | undefined;
  for (const { network, value } of networks) {
    if (networkContains(network, ip) && (best === undefined || network.prefixLength >= best.prefixLength)) best = { prefixLength: network.prefixLength, value };
  }
  return best?.value;
}
