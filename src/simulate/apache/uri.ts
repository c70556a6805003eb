/**
 * The request URI as httpd works with it after ap_parse_uri and ap_normalize_path: %xx
 * decoded, `.`/`..` segments resolved, runs of slashes merged (MergeSlashes On). An encoded
 * slash is refused with 404 (AllowEncodedSlashes Off, AH00026); a malformed escape or a `..`
 * above the root is a 400.
 */
export type NormalizedUri = { ok: true; uri: string } | { ok: false; status: 400 | 404; cause: string | null; message: string };

export function normalizeUri(rawPath: string): NormalizedUri {
  if (/%2f/i.test(rawPath)) return { ok: false, status: 404, cause: 'AH00026', message: `found %2f (encoded '/') in URI path (${rawPath}), returning 404` };
  if (!rawPath.startsWith('/')) return { ok: false, status: 400, cause: null, message: `the request target ${rawPath} is not an absolute path` };
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { ok: false, status: 400, cause: null, message: `${rawPath} has a malformed %-escape` };
  }
  const out: string[] = [];
  const segments = decoded.split('/');
  for (const [i, segment] of segments.entries()) {
    if (segment === '' || segment === '.') {
      if (i === segments.length - 1) out.push('');
      continue;
    }
    if (segment === '..') {
      if (out.length === 0) return { ok: false, status: 400, cause: null, message: `${rawPath} climbs above the document root` };
      out.pop();
      if (i === segments.length - 1) out.push('');
      continue;
    }
    out.push(segment);
  }
  return { ok: true, uri: `/${out.join('/')}` };
}

/**
 * mod_alias's alias_matches: how much of `uri` the URL-path `prefix` covers, slashes runs
 * counting as one, ending on a segment boundary; 0 when it does not match.
 */
export function aliasPrefixLength(uri: string, prefix: string): number {
  let u = 0;
  let p = 0;
  while (p < prefix.length) {
    if (prefix[p] === '/') {
      if (uri[u] !== '/') return 0;
      while (prefix[p] === '/') p++;
      while (uri[u] === '/') u++;
    } else {
      if (uri[u] !== prefix[p]) return 0;
      u++;
      p++;
    }
  }
  if (prefix.endsWith('/') || u === uri.length || uri[u] === '/') return u;
  return 0;
}
