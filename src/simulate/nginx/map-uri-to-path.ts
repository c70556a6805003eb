import type { Place } from './request-context.js';
import { expandVariables } from './variables.js';

/**
 * ngx_http_map_uri_to_path: `root` + URI, or `alias` in place of the location's prefix (a
 * regex location's alias, captures expanded, is the whole path).
 */
export function mapUriToPath(place: Place, uri: string): { path: string; documentRoot: string; unknown: string[] } {
  const root = place.settings.documentRoot;
  const base = root.path.includes('$') ? expandVariables(root.path, { ...place.scope, uri }) : { value: root.path, unknown: [] };
  if (root.kind === 'alias' && root.prefixLength === null) return { path: base.value, documentRoot: base.value, unknown: base.unknown };
  const rest = root.kind === 'alias' ? uri.slice(root.prefixLength ?? 0) : uri;
  return { path: base.value + rest, documentRoot: base.value, unknown: base.unknown };
}
