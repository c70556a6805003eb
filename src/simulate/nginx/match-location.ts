import type { NginxLocation } from '../../model/nginx/types.js';

export interface LocationMatch {
  /** The location whose configuration serves the request; undefined means the server's own. */
  location?: NginxLocation;
  /** `$1`... of the regex location that matched, `$0` first. */
  captures: string[];
  /** Named captures of that regex. */
  namedCaptures: Record<string, string>;
  /**
   * The URI lacks only the trailing slash of a prefix location whose handler is an upstream
   * (`proxy_pass` and the like set auto_redirect): nginx answers 301 to the URI with the slash.
   */
  autoRedirect?: true;
}

/** Handlers whose directive sets clcf->auto_redirect. */
const AUTO_REDIRECT_HANDLERS = new Set(['proxy_pass', 'fastcgi_pass', 'uwsgi_pass', 'scgi_pass', 'memcached_pass', 'grpc_pass']);

const NO_MATCH: LocationMatch = { captures: [], namedCaptures: {} };

/**
 * ngx_http_core_find_location: an exact `=` match ends the search; otherwise the longest
 * matching prefix is remembered and its nested locations searched the same way; then, unless
 * that prefix was `^~`, the regexes of this level are tried in config order and the first that
 * matches wins (its nested locations searched in turn). Named locations are never matched.
 */
export function matchLocation(locations: readonly NginxLocation[], uri: string): LocationMatch {
  return findIn(locations, uri).match;
}

function findIn(locations: readonly NginxLocation[], uri: string): { match: LocationMatch; final: boolean } {
  const exact = locations.find((l) => l.modifier === 'exact' && l.pattern === uri);
  if (exact) return { match: { ...NO_MATCH, location: exact }, final: true };
  // ngx_http_core_find_static_location returns NGX_DONE here, before any regex is tried.
  const redirecting = locations.find((l) => isPrefix(l) && l.pattern === `${uri}/` && AUTO_REDIRECT_HANDLERS.has(l.settings.contentHandler?.name ?? ''));
  if (redirecting) return { match: { ...NO_MATCH, location: redirecting, autoRedirect: true }, final: true };
  let match = NO_MATCH;
  let noRegex = false;
  const prefix = longestPrefix(locations, uri);
  if (prefix) {
    noRegex = prefix.modifier === 'prefix-noregex';
    const nested = findIn(prefix.locations, uri);
    if (nested.final) return nested;
    match = nested.match.location ? nested.match : { ...NO_MATCH, location: prefix };
  }
  if (noRegex) return { match, final: false };
  for (const location of locations) {
    const found = location.regex?.exec(uri);
    if (!found) continue;
    const own: LocationMatch = { location, captures: [...found].map((c) => c ?? ''), namedCaptures: { ...found.groups } };
    const nested = findIn(location.locations, uri);
    return { match: nested.match.location ? { ...nested.match, captures: nested.match.captures.length > 0 ? nested.match.captures : own.captures } : own, final: true };
  }
  return { match, final: false };
}

function longestPrefix(locations: readonly NginxLocation[], uri: string): NginxLocation | undefined {
  let best: NginxLocation | undefined;
  for (const location of locations) {
    if (!isPrefix(location)) continue;
    if (uri.startsWith(location.pattern) && (best === undefined || location.pattern.length > best.pattern.length)) best = location;
  }
  return best;
}

function isPrefix(location: NginxLocation): boolean {
  return location.modifier === 'prefix' || location.modifier === 'prefix-noregex';
}
