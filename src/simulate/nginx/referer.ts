import { compilePcre } from '../../model/nginx/pcre.js';
import type { Directive } from '../../parse/ast.js';

/** The shortest Referer nginx reads a scheme in (`sizeof("http://i.ru") - 1`). */
const SHORTEST_WITH_SCHEME = 'http://i.ru'.length;

/**
 * `$invalid_referer` as ngx_http_referer_variable computes it: "" when the Referer is valid, "1"
 * when not. No header is valid with `none`; a header without `http://` or `https://` (an empty
 * one, a proxy's `Referer: XXXXX`) with `blocked`; otherwise the host (up to `/` or `:`) is
 * looked up among the names, exact or wildcard (`*.example.com`, `.example.com`,
 * `www.example.*`), whose optional URI part must then begin the path, and the rest of the
 * Referer after the scheme is tried against each `~` regex, without case.
 */
export function invalidReferer(lines: readonly Directive[], serverNames: readonly string[], referer: string | undefined): '' | '1' {
  const words = lines.flatMap((d) => d.args.map((a) => a.value));
  const names = words.flatMap((w) => (w === 'server_names' ? serverNames.filter((n) => n !== '' && n !== '_') : w === 'none' || w === 'blocked' ? [] : [w]));
  if (referer === undefined) return words.includes('none') ? '' : '1';
  const scheme = referer.length >= SHORTEST_WITH_SCHEME ? /^https?:\/\//i.exec(referer)?.[0] : undefined;
  if (scheme === undefined) return words.includes('blocked') ? '' : '1';
  const rest = referer.slice(scheme.length);
  const hostEnd = rest.search(/[/:]/);
  const host = (hostEnd === -1 ? rest : rest.slice(0, hostEnd)).toLowerCase();
  const path = rest.slice(rest.indexOf('/') === -1 ? rest.length : rest.indexOf('/'));
  // The hash lookup decides alone when it finds the host: a URI part that does not match is invalid.
  for (const name of names.filter((n) => !n.startsWith('~'))) {
    const slash = name.indexOf('/');
    const hostPattern = (slash === -1 ? name : name.slice(0, slash)).toLowerCase();
    if (!hostMatches(hostPattern, host)) continue;
    return slash === -1 || path.startsWith(name.slice(slash)) ? '' : '1';
  }
  for (const name of names.filter((n) => n.startsWith('~'))) {
    if (compilePcre(name.slice(1), true)?.test(rest)) return '';
  }
  return '1';
}

function hostMatches(pattern: string, host: string): boolean {
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1));
  if (pattern.startsWith('.')) return host === pattern.slice(1) || host.endsWith(pattern);
  if (pattern.endsWith('.*')) return host.startsWith(pattern.slice(0, -1));
  return host === pattern;
}
