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

/**
 * Byte-wise decoding into UTF-8, as nginx copies decoded octets; undefined on a malformed escape.
 * Each UTF-16 unit is encoded on its own (a surrogate pair's halves each become U+FFFD); a path
 * without surrogates encodes as a whole to the same bytes, which a lint asks thousands of.
 */
export function percentDecode(path: string): string | undefined {
  let plain = true;
  for (let i = 0; i < path.length; i++) {
    const code = path.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdfff) return percentDecodeByUnit(path);
    if (code === PERCENT || code >= 0x80) plain = false;
  }
  // ASCII without escapes decodes to itself.
  if (plain) return path;
  const bytes = Buffer.from(path, 'utf8');
  let length = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (byte !== PERCENT) {
      bytes[length++] = byte;
      continue;
    }
    const high = hexValue(bytes[i + 1]);
    const low = hexValue(bytes[i + 2]);
    if (high < 0 || low < 0) return undefined;
    bytes[length++] = high * 16 + low;
    i += 2;
  }
  return bytes.toString('utf8', 0, length);
}

const PERCENT = 0x25;

/** The value of an ASCII hex digit, -1 for any other byte (or none). */
function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  return -1;
}

/** percentDecode one UTF-16 unit at a time, for a path holding surrogates. */
function percentDecodeByUnit(path: string): string | undefined {
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
