import type { Directive } from '../../parse/ast.js';
import { type ApacheServer } from '../../model/apache/index.js';
import type { TraceStep } from '../types.js';
import type { RewriteConfig } from './dir-config.js';
import { rewriteOf } from './dir-config.js';
import { traceStep, where, type Outcome } from './trace.js';
import { requestVariable, type ExprRequest } from './if-expression.js';
import { aliasPrefixLength } from './uri.js';

export type Translation = { kind: 'file'; filename: string; by?: Directive } | { kind: 'answer'; outcome: Outcome };

const REDIRECT_STATUS: Record<string, number> = { permanent: 301, temp: 302, seeother: 303, gone: 410 };

/**
 * The translate_name phase: mod_rewrite's server-context rules first, then mod_alias
 * (`Redirect` before `Alias`, the vhost's own before the main server's), then core's
 * DocumentRoot + URI.
 */
export function translate(server: ApacheServer, request: ExprRequest, trace: TraceStep[], loadedModules: ReadonlySet<string>): Translation {
  let uri = request.uri;
  const own = server.directives.slice(server.inheritedCount);
  const inherited = server.directives.slice(0, server.inheritedCount);
  if (loadedModules.has('rewrite_module')) {
    // mod_rewrite does not inherit the main server's rules into a vhost (no RewriteOptions Inherit).
    const rewrite = rewriteOf({ engine: false, rules: [] }, own, undefined);
    const rewritten = applyRewrite(rewrite, uri, request, trace);
    if (rewritten?.kind === 'answer') return rewritten;
    if (rewritten?.kind === 'uri') uri = rewritten.uri;
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
        return { kind: 'file', filename, by: d };
      }
    }
  }
  const filename = server.documentRoot === '/' ? uri : server.documentRoot + uri;
  trace.push(traceStep('document-root', `DocumentRoot ${server.documentRoot} maps ${uri} to ${filename}`));
  return { kind: 'file', filename };
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

export type RewriteResult = { kind: 'answer'; outcome: Outcome } | { kind: 'uri'; uri: string };

/**
 * The RewriteRules forbidlint can follow: `-` (no substitution) with [F], [G] or [R], and a
 * plain substitution, gated by RewriteCond lines that compare request variables with a regex
 * or a string. A rule whose conditions use anything else is skipped and said so.
 */
export function applyRewrite(rewrite: RewriteConfig, subject: string, request: ExprRequest, trace: TraceStep[]): RewriteResult | undefined {
  if (!rewrite.engine) return undefined;
  const uri = request.uri;
  let current = subject;
  for (const rule of rewrite.rules) {
    const regex = safeRegExp(rule.pattern, rule.flags.includes('nc') ? 'i' : '');
    const match = regex?.exec(current);
    if (!regex || Boolean(match) === rule.negate) continue;
    const conditions = conditionsHold(rule.conditions, match ?? [], request);
    if (conditions === undefined) {
      trace.push(traceStep('rewrite-skipped', `RewriteRule at ${where(rule.directive)} has a RewriteCond forbidlint cannot evaluate`, rule.directive));
      continue;
    }
    if (!conditions) continue;
    const forbidden = rule.flags.includes('f');
    const gone = rule.flags.includes('g');
    const redirect = rule.flags.find((f) => f === 'r' || f.startsWith('r='));
    if (forbidden || gone) {
      trace.push(traceStep('rewrite', `RewriteRule at ${where(rule.directive)} matches and answers ${forbidden ? 403 : 410}`, rule.directive));
      return { kind: 'answer', outcome: { status: forbidden ? 403 : 410, cause: null, fix: `narrow or remove the RewriteRule at ${where(rule.directive)}`, decidedBy: rule.directive.loc } };
    }
    if (redirect) {
      const status = redirect === 'r' ? 302 : Number(redirect.slice(2)) || 302;
      trace.push(traceStep('rewrite', `RewriteRule at ${where(rule.directive)} redirects with ${status}`, rule.directive));
      return { kind: 'answer', outcome: { status, cause: null } };
    }
    if (rule.substitution !== '-' && match) {
      current = rule.substitution.replace(/\$(\d)/g, (_, n: string) => match[Number(n)] ?? '');
      trace.push(traceStep('rewrite', `RewriteRule at ${where(rule.directive)} rewrites ${uri} to ${current}`, rule.directive));
    }
    if (rule.flags.includes('l') || rule.flags.includes('end')) break;
  }
  return current === subject ? undefined : { kind: 'uri', uri: current };
}

/**
 * RewriteCond TestString CondPattern [flags]: `%{VAR}` and `$N` (from the rule) expanded in the
 * test string; the pattern a regex, `!regex`, or `=string`; [NC] and [OR] honoured.
 */
function conditionsHold(conditions: readonly Directive[], ruleMatch: ArrayLike<string | undefined>, request: ExprRequest): boolean | undefined {
  let result = true;
  let orPending = false;
  for (const cond of conditions) {
    const [test = '', rawPattern = '', flagText = ''] = cond.args.map((a) => a.value);
    const flags = flagText.replace(/^\[|\]$/g, '').toLowerCase().split(',');
    let unknown = false;
    const value = test
      .replace(/%\{([A-Za-z0-9_:]+)\}/g, (_, name: string) => {
        const v = requestVariable(name, request);
        if (v === undefined) unknown = true;
        return v ?? '';
      })
      .replace(/\$(\d)/g, (_, n: string) => ruleMatch[Number(n)] ?? '');
    if (unknown) return undefined;
    const negate = rawPattern.startsWith('!');
    const pattern = negate ? rawPattern.slice(1) : rawPattern;
    let holds: boolean;
    if (pattern.startsWith('=')) holds = flags.includes('nc') ? value.toLowerCase() === pattern.slice(1).toLowerCase() : value === pattern.slice(1);
    else if (/^-[a-zA-Z]/.test(pattern) || /^[<>]/.test(pattern)) return undefined;
    else {
      const regex = safeRegExp(pattern, flags.includes('nc') ? 'i' : '');
      if (!regex) return undefined;
      holds = regex.test(value);
    }
    if (negate) holds = !holds;
    result = orPending ? result || holds : (result && holds);
    orPending = flags.includes('or');
    if (!orPending && !result) return false;
  }
  return result;
}

function safeRegExp(source: string, flags = ''): RegExp | undefined {
  try {
    return new RegExp(source, flags);
  } catch {
    return undefined;
  }
}
