/**
 * The URI nginx matches locations against, from the path of the request line, as
 * ngx_http_parse_complex_uri makes it: percent-escapes decoded (a decoded `/` or `.` counts as
 * one, so `%2e%2e` climbs), runs of slashes merged (unless `merge_slashes off`), `.` dropped and `..`
 * resolved. A `..` above `/`, a bad escape, an escaped NUL or a path not starting with `/` is
 * a 400.
 */
export type NormalizedUri = { ok: true; uri: string } | { ok: false; reason: string };

export function normalizeUri(rawPath: string, options: { mergeSlashes?: boolean } = {}): NormalizedUri {
  const mergeSlashes = options.mergeSlashes ?? true;
  if (!rawPath.startsWith('/')) return { ok: false, reason: `the request path "${rawPath}" does not start with "/"` };
  const decoded = percentDecode(rawPath);
  if (decoded === undefined) return { ok: false, reason: `the request path "${rawPath}" has an invalid percent-escape` };
  if (decoded.includes('\0')) return { ok: false, reason: `the request path "${rawPath}" decodes to a NUL byte` };
  const segments = decoded.split('/').slice(1);
  const kept: string[] = [];
  for (const [i, segment] of segments.entries()) {
    const last = i === segments.length - 1;
    if (segment === '.' || segment === '..') {
      if (segment === '..' && kept.pop() === undefined) return { ok: false, reason: `"${rawPath}" climbs above the root with ".."` };
      // `/a/.` and `/a/b/..` name a directory: the result keeps its trailing slash.
      if (last) kept.push('');
    } else if (segment === '' && !last && mergeSlashes) {
      continue;
    } else {
      kept.push(segment);
    }
  }
  return { ok: true, uri: `/${kept.join('/')}` };
}

/** Byte-wise decoding into UTF-8, as nginx copies decoded octets; undefined on a malformed escape. */
function percentDecode(path: string): string | undefined {
  const bytes: number[] = [];
  for (let i = 0; i < path.length; i++) {
    const ch = path[i] as string;
    if (ch === '%') {
      const hex = path.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) return undefined;
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(ch, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
