import { effectiveDirectives, type Directive, type Node, type ParseDiagnostic } from '../../parse/ast.js';
import { directiveDiagnostic } from './diagnostics.js';
import { compilePcre } from './pcre.js';
import { mergeSettings, type SettingsContext } from './settings.js';
import type { LocationModifier, NginxLocation, NginxSettings } from './types.js';

const MODIFIERS: ReadonlyArray<[string, LocationModifier]> = [
  ['=', 'exact'],
  ['^~', 'prefix-noregex'],
  ['~*', 'regex-caseless'],
  ['~', 'regex'],
];

/**
 * The `location` blocks directly inside `parent`'s directives, each merged with `inherited`
 * and carrying its own nested locations. Named locations are returned too (callers index them).
 */
export function buildLocations(directives: readonly Directive[], inherited: NginxSettings, context: SettingsContext): NginxLocation[] {
  const locations: NginxLocation[] = [];
  for (const directive of directives) {
    if (directive.name === 'location' && directive.children) locations.push(buildLocation(directive, directive.children, inherited, context));
  }
  return locations;
}

function buildLocation(directive: Directive, children: readonly Node[], inherited: NginxSettings, context: SettingsContext): NginxLocation {
  const { modifier, pattern, regex } = parseLocationHead(directive, context.diagnostics);
  const own = [...effectiveDirectives(children)];
  // alias replaces exactly the location's name (ngx_http_core_alias: alias = clcf->name.len);
  // in a regex location it replaces the whole URI.
  const prefixLength = modifier === 'regex' || modifier === 'regex-caseless' ? null : pattern.length;
  const settings = mergeSettings(inherited, own, { kind: 'location', prefixLength }, context);
  const locations = buildLocations(own, settings, context);
  return regex ? { modifier, pattern, regex, directive, settings, locations } : { modifier, pattern, directive, settings, locations };
}

/**
 * `location [=|^~|~|~*] uri` or `location @name`, the modifier also accepted glued to the URI
 * (`location =/x`), as ngx_http_core_location reads it.
 */
function parseLocationHead(directive: Directive, diagnostics: ParseDiagnostic[]): Pick<NginxLocation, 'modifier' | 'pattern' | 'regex'> {
  const [first = '', second] = directive.args.map((a) => a.value);
  let modifier: LocationModifier = first.startsWith('@') ? 'named' : 'prefix';
  let pattern = first;
  const written = MODIFIERS.find(([text]) => first === text || (second === undefined && first.startsWith(text)));
  if (written) {
    modifier = written[1];
    pattern = first === written[0] ? (second ?? '') : first.slice(written[0].length);
  }
  if (modifier !== 'regex' && modifier !== 'regex-caseless') return { modifier, pattern };
  const regex = compilePcre(pattern, modifier === 'regex-caseless');
  if (regex) return { modifier, pattern, regex };
  diagnostics.push(directiveDiagnostic('unsupported-location-regex', `location regex "${pattern}" uses syntax forbidlint cannot evaluate; requests are matched as if it were absent`, directive));
  return { modifier, pattern };
}
