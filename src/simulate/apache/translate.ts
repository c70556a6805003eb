import type { Directive } from '../../parse/ast.js';
import { type ApacheServer } from '../../model/apache/index.js';
import { locationMatches } from './section-match.js';
import { rewriteOf } from './dir-config.js';
import { traceStep, where, type Outcome } from './trace.js';
import { applyRewrite, safeRegExp, type RewriteContext } from './rewrite.js';
import { aliasPrefixLength } from './uri.js';
import { configRegex } from '../../regex/config-regex.js';

/** ap_set_context_info: the URL prefix and the directory it maps to (an Alias's two sides). */
export interface UrlContext {
  prefix: string;
  root: string;
}

export type Translation =
  | { kind: 'file'; filename: string; by?: Directive; query?: string; context?: UrlContext }
  | { kind: 'answer'; outcome: Outcome }
  | { kind: 'proxy'; target: string; by: Directive };

const REDIRECT_STATUS: Record<string, number> = { permanent: 301, temp: 302, seeother: 303, gone: 410 };

/**
 * The translate_name phase: mod_rewrite's server-context rules first, then mod_alias
 * (`Redirect` before `Alias`, the vhost's own before the main server's), then core's
 * DocumentRoot + URI.
 */
export function translate(server: ApacheServer, rewriteContext: RewriteContext, loadedModules: ReadonlySet<string>): Translation {
  const { request, trace } = rewriteContext;
  let uri = request.uri;
  let query: string | undefined;
  const own = server.directives.slice(server.inheritedCount);
  const inherited = server.directives.slice(0, server.inheritedCount);
  if (loadedModules.has('proxy_module')) {
    const proxied = proxyPass(server, uri);
    if (proxied !== undefined) {
      trace.push(traceStep('proxy-pass', proxied.target === undefined ? `ProxyPass ! at ${where(proxied.by)} keeps ${uri} on this server` : `ProxyPass at ${where(proxied.by)} maps ${uri} to ${proxied.target}`, proxied.by));
      if (proxied.target !== undefined) return { kind: 'proxy', target: proxied.target, by: proxied.by };
    }
  }
  if (loadedModules.has('rewrite_module')) {
    // mod_rewrite does not inherit the main server's rules into a vhost (no RewriteOptions Inherit).
    const rewrite = rewriteOf({ engine: false, rules: [] }, own, undefined);
    const rewritten = applyRewrite(rewrite, uri, rewriteContext);
    if (rewritten?.kind === 'answer') return rewritten;
    if (rewritten?.kind === 'proxy') return { kind: 'proxy', target: rewritten.target, by: rewritten.rule };
    if (rewritten?.kind === 'rewritten') {
      if (rewritten.query !== undefined) query = rewritten.query;
      // Without [PT] a substitution whose first segment exists at the filesystem root is taken as a path.
      const first = /^\/[^/]+/.exec(rewritten.target)?.[0];
      if (!rewritten.passThrough && first !== undefined && rewriteContext.userFs.fs.lstat(first).ok) {
        trace.push(traceStep('rewrite', `${rewritten.target} starts with ${first}, which exists: mod_rewrite takes it as a file path`, rewritten.rule));
        return { kind: 'file', filename: rewritten.target, by: rewritten.rule, ...(query !== undefined ? { query } : {}) };
      }
      uri = rewritten.target;
    }
  }
  if (loadedModules.has('alias_module')) {
    const ordered = [...own, ...inherited];
    for (const d of ordered) {
      const redirect = matchRedirect(d, uri, request.query ?? '');
      if (redirect) {
        trace.push(traceStep('redirect', `${d.name} at ${where(d)} answers ${redirect.status}${redirect.location ? ` to ${redirect.location}` : ''}`, d));
        return { kind: 'answer', outcome: { status: redirect.status, cause: null, decidedBy: d.loc } };
      }
    }
    for (const d of ordered) {
      const filename = matchAlias(d, uri);
      if (filename !== undefined) {
        trace.push(traceStep('alias', `${d.name} at ${where(d)} maps ${uri} to ${filename}`, d));
        const [from = '', to = ''] = d.args.map((a) => a.value);
        const context = d.lowerName === 'alias' ? { context: { prefix: from, root: to } } : {};
        return { kind: 'file', filename, by: d, ...(query !== undefined ? { query } : {}), ...context };
      }
    }
  }
  const filename = server.documentRoot === '/' ? uri : server.documentRoot + uri;
  trace.push(traceStep('document-root', `DocumentRoot ${server.documentRoot} maps ${uri} to ${filename}`));
  return { kind: 'file', filename, ...(query !== undefined ? { query } : {}) };
}

/**
 * mod_proxy's translate_name, which runs before mod_rewrite's: a `ProxyPass` in the `<Location>`
 * sections the URI matches (the last one wins) decides alone; otherwise the server's `ProxyPass`
 * and `ProxyPassMatch` lines in order, the main server's first (merge_proxy_config appends the
 * vhost's). The first that matches decides; `!` (an undefined target) keeps the URI for the
 * filesystem.
 */
export function proxyPass(server: ApacheServer, uri: string): { target: string | undefined; by: Directive } | undefined {
  let inLocation: { target: string | undefined; by: Directive } | undefined;
  for (const section of server.sections) {
    if (section.kind !== 'location' || !locationMatches(section, uri)) continue;
    const line = section.directives.findLast((d) => d.lowerName === 'proxypass');
    const url = line?.args[0]?.value;
    if (line === undefined || url === undefined) continue;
    const rest = section.regex ? '' : uri.slice(Math.min(uri.length, section.pattern.length)).replace(/^\//, '');
    inLocation = { target: url === '!' ? undefined : joinUrl(url, rest), by: line };
  }
  if (inLocation !== undefined) return inLocation;
  for (const d of server.directives) {
    const [from = '', to] = d.args.map((a) => a.value);
    if (to === undefined) continue;
    if (d.lowerName === 'proxypass') {
      const length = aliasPrefixLength(uri, from);
      if (length > 0) return { target: to === '!' ? undefined : joinUrl(to, uri.slice(length)), by: d };
    } else if (d.lowerName === 'proxypassmatch') {
      const match = safeRegExp(from)?.exec(uri);
      if (match) return { target: to === '!' ? undefined : to.replace(/\$(\d)/g, (_, n: string) => match[Number(n)] ?? ''), by: d };
    }
  }
  return undefined;
}

function joinUrl(base: string, rest: string): string {
  return rest === '' ? base : `${base.replace(/\/$/, '')}/${rest.replace(/^\//, '')}`;
}

/** `Redirect [status] URL-path [URL]` and RedirectMatch/RedirectPermanent/RedirectTemp. */
export function matchRedirect(d: Directive, uri: string, query: string): { status: number; location?: string } | undefined {
  const name = d.lowerName;
  const values = d.args.map((a) => a.value);
  let status = name === 'redirectpermanent' ? 301 : 302;
  if (name === 'redirect' || name === 'redirectmatch') {
    const first = values[0]?.toLowerCase() ?? '';
    const keyword = REDIRECT_STATUS[first];
    if (keyword !== undefined || /^\d{3}$/.test(first)) {
      status = keyword ?? Number(first);
      values.shift();
    }
  } else if (name !== 'redirectpermanent' && name !== 'redirecttemp') {
    return undefined;
  }
  const [from = '', to] = values;
  let location: string | undefined;
  if (name === 'redirectmatch') {
    const match = safeRegExp(from)?.exec(uri);
    if (!match) return undefined;
    location = to?.replace(/\$(\d)/g, (_, n: string) => match[Number(n)] ?? '');
  } else {
    const length = aliasPrefixLength(uri, from);
    if (length === 0) return undefined;
    location = to === undefined ? undefined : to + uri.slice(length) + (query ? `?${query}` : '');
  }
  return { status, ...(location !== undefined && status >= 300 && status < 400 ? { location } : {}) };
}

/** `Alias URL-path path` and `AliasMatch regex path` ($1... substituted). */
function matchAlias(d: Directive, uri: string): string | undefined {
  const name = d.lowerName;
  const [from = '', to = ''] = d.args.map((a) => a.value);
  if (name === 'alias') {
    const length = aliasPrefixLength(uri, from);
    return length === 0 ? undefined : to + uri.slice(length);
  }
  if (name === 'aliasmatch') {
    const match = safeRegExp(from)?.exec(uri);
    return match ? to.replace(/\$(\d)/g, (_, n: string) => match[Number(n)] ?? '') : undefined;
  }
  return undefined;
}


