import { pcreRegex } from '../../regex/pcre.js';
import type { Directive } from '../../parse/ast.js';
import type { TraceStep } from '../types.js';
import type { RewriteConfig, RewriteRuleSpec } from './dir-config.js';
import type { UserFs } from './fs-as-user.js';
import { requestHeader, requestVariable, type ExprRequest } from './if-expression.js';
import { traceStep, where, type Outcome } from './trace.js';

/** What one pass of a rule set decided. */
export type RewriteResult =
  | { kind: 'answer'; outcome: Outcome }
  /** A substitution: a URI (server context) or a path (per-directory), with its query when it set one. */
  | { kind: 'rewritten'; target: string; query?: string; rule: Directive; passThrough: boolean; end: boolean }
  /** [P], or [H=proxy:...]: mod_proxy hands the request to a back end. */
  | { kind: 'proxy'; target: string; rule: Directive };

/** What mod_rewrite reads besides the rules: the request, r->filename, the filesystem as the worker sees it. */
export interface RewriteContext {
  request: ExprRequest;
  scheme: 'http' | 'https';
  port: number;
  /** %{REQUEST_FILENAME}: r->filename per directory, the URI in server context. */
  filename: string;
  pathInfo: string;
  documentRoot: string;
  userFs: UserFs;
  trace: TraceStep[];
  /** What had to be guessed; the verdict carries it. */
  uncertain: string[];
  /** A sub-request (DirectoryIndex candidate, FallbackResource): rules with [NS] are skipped. */
  subRequest: boolean;
  /** Environment variables [E=...] set, visible to later conditions as %{ENV:...}. */
  env: Map<string, string>;
}

/**
 * One pass of mod_rewrite's rule set over `subject` (the URI in server context; per directory,
 * the path below the rules' directory, path info included), as apply_rewrite_list does: each
 * rule's pattern first, then its RewriteCond lines with `[OR]`/`[NC]`, back-references `$N`
 * (rule) and `%N` (last matched condition), `[C]` chains, `[S=n]` skips, `[E=]` variables,
 * and the flags that end a pass.
 */
export function applyRewrite(rewrite: RewriteConfig, subject: string, ctx: RewriteContext): RewriteResult | undefined {
  if (!rewrite.engine) return undefined;
  const { trace } = ctx;
  let current = subject;
  let query: string | undefined;
  let changed: RewriteRuleSpec | undefined;
  let chainBroken = false;
  for (let i = 0; i < rewrite.rules.length; i++) {
    const rule = rewrite.rules[i] as RewriteRuleSpec;
    const chained = i > 0 && (rewrite.rules[i - 1] as RewriteRuleSpec).flags.includes('c');
    if (chained && chainBroken) {
      chainBroken = rule.flags.includes('c');
      continue;
    }
    chainBroken = false;
    if (ctx.subRequest && rule.flags.includes('ns')) continue;
    const regex = safeRegExp(rule.pattern, rule.flags.includes('nc') ? 'i' : '');
    if (!regex) {
      ctx.uncertain.push(`RewriteRule pattern ${rule.pattern} at ${where(rule.directive)} is not a JavaScript regex; the rule is skipped`);
      continue;
    }
    const match = regex.exec(current);
    if (Boolean(match) === rule.negate) {
      chainBroken = rule.flags.includes('c');
      continue;
    }
    const ruleGroups: readonly (string | undefined)[] = match ? [...match] : [current];
    const conditions = conditionsHold(rule.conditions, ruleGroups, ctx);
    if (!conditions.holds) {
      chainBroken = rule.flags.includes('c');
      continue;
    }
    const expand = (text: string): string => expandReferences(text, ruleGroups, conditions.groups, ctx);
    for (const [index, flag] of rule.flags.entries()) {
      if (!flag.startsWith('e=')) continue;
      // [E=Name:Value] / [env=Name:Value]: the name keeps its case, the value is expanded.
      const [name = '', value = ''] = (rule.flagsRaw[index] ?? '').replace(/^\w+=/, '').split(/:(.*)/s);
      if (name.startsWith('!')) ctx.env.delete(name.slice(1));
      else ctx.env.set(name, expand(value));
    }
    if (rule.flags.includes('f') || rule.flags.includes('g')) {
      const status = rule.flags.includes('f') ? 403 : 410;
      trace.push(traceStep('rewrite', `RewriteRule at ${where(rule.directive)} matches ${JSON.stringify(current)} and answers ${status}`, rule.directive));
      return { kind: 'answer', outcome: { status, cause: null, decidedBy: rule.directive.loc, fix: `narrow or remove the RewriteRule at ${where(rule.directive)}` } };
    }
    const redirect = rule.flags.find((f) => f === 'r' || f.startsWith('r='));
    if (rule.substitution !== '-') {
      const expanded = expand(rule.substitution);
      const [path = '', ...rest] = expanded.split('?');
      const ownQuery = rest.length > 0 ? rest.join('?') : undefined;
      current = path;
      if (ownQuery !== undefined) query = rule.flags.includes('qsa') && ctx.request.query ? `${ownQuery}&${ctx.request.query}` : ownQuery;
      else if (rule.flags.includes('qsd')) query = '';
      changed = rule;
      trace.push(traceStep('rewrite', `RewriteRule at ${where(rule.directive)} rewrites ${JSON.stringify(subject)} to ${expanded}`, rule.directive));
      const absolute = /^[a-z][a-z0-9+.-]*:\/\/([^/:]*)/i.exec(current);
      if (absolute && !rule.flags.includes('p')) {
        // An absolute URL is an external redirect, [R] or not; one naming this very host is
        // reduced to a path first, which is rare enough to be said rather than modelled.
        if (!redirect && absolute[1]?.toLowerCase() === ctx.request.host.toLowerCase()) {
          ctx.uncertain.push(`RewriteRule at ${where(rule.directive)} rewrites to a URL on this host: httpd may treat it as a local path`);
        }
        const status = redirect ? redirectStatus(redirect) : 302;
        trace.push(traceStep('rewrite', `the substitution is an absolute URL: httpd redirects with ${status}`, rule.directive));
        return { kind: 'answer', outcome: { status, cause: null } };
      }
    }
    if (redirect) {
      const status = redirectStatus(redirect);
      // [R=404] and other codes outside 3xx answer with that status and drop the substitution.
      const what = status >= 300 && status < 400 ? 'redirects with' : 'answers';
      trace.push(traceStep('rewrite', `RewriteRule at ${where(rule.directive)} ${what} ${status}`, rule.directive));
      return { kind: 'answer', outcome: { status, cause: null } };
    }
    if (rule.flags.includes('p') && changed === rule) {
      trace.push(traceStep('rewrite', `RewriteRule at ${where(rule.directive)} proxies to ${current} [P]`, rule.directive));
      return { kind: 'proxy', target: current, rule: rule.directive };
    }
    const end = rule.flags.includes('end');
    if (rule.flags.includes('l') || end) {
      if (end) return result(changed, current, query, subject, true);
      break;
    }
    if (rule.flags.includes('n')) ctx.uncertain.push(`RewriteRule at ${where(rule.directive)} has [N]: the rule set is not run again`);
    const skip = rule.flags.find((f) => f.startsWith('s='));
    if (skip) i += Number(skip.slice(2)) || 0;
  }
  return result(changed, current, query, subject, false);
}

function result(changed: RewriteRuleSpec | undefined, target: string, query: string | undefined, subject: string, end: boolean): RewriteResult | undefined {
  if (!changed) return undefined;
  if (target === subject && query === undefined) return undefined;
  return { kind: 'rewritten', target, ...(query !== undefined ? { query } : {}), rule: changed.directive, passThrough: changed.flags.includes('pt'), end };
}

function redirectStatus(flag: string): number {
  if (flag === 'r') return 302;
  const value = flag.slice(2);
  const named: Record<string, number> = { permanent: 301, temp: 302, seeother: 303 };
  return named[value] ?? (Number(value) || 302);
}

/** RewriteCond's long flag names (parse_rewritecond_flag). */
const CONDITION_FLAG_ALIASES: Readonly<Record<string, string>> = { nocase: 'nc', ornext: 'or', novary: 'nv' };

/**
 * RewriteCond TestString CondPattern [flags]: the test string expanded; the pattern a regex,
 * `!regex`, a string comparison (`=`, `<`, `>`, `<=`, `>=`), an integer one (`-eq`...), or a
 * file test (`-f`, `-d`, `-s`, `-l`/`-L`/`-h`, `-x`, `-F`, `-U`) made as the web user.
 */
function conditionsHold(conditions: readonly Directive[], ruleGroups: readonly (string | undefined)[], ctx: RewriteContext): { holds: boolean; groups: readonly (string | undefined)[] } {
  let result = true;
  let orPending = false;
  let groups: readonly (string | undefined)[] = [];
  for (const cond of conditions) {
    const [test = '', rawPattern = '', flagText = ''] = cond.args.map((a) => a.value);
    const flags = flagText.replace(/^\[|\]$/g, '').toLowerCase().split(',').map((f) => CONDITION_FLAG_ALIASES[f.trim()] ?? f.trim());
    const or = flags.includes('or');
    // httpd skips the rest of an [OR] run once one condition of it held.
    if (orPending && result) {
      orPending = or;
      continue;
    }
    const value = expandReferences(test, ruleGroups, groups, ctx);
    const negate = rawPattern.startsWith('!');
    const pattern = negate ? rawPattern.slice(1) : rawPattern;
    const nc = flags.includes('nc');
    let holds: boolean;
    const fileTest = /^-([fdslLhxFU])$/.exec(pattern);
    const comparison = /^(<=|>=|=|<|>)(.*)$/s.exec(pattern);
    const integer = /^-(eq|ne|lt|le|gt|ge)$/.exec(pattern);
    if (fileTest) holds = testFile(fileTest[1] as string, value, cond, ctx);
    else if (integer) holds = compareIntegers(integer[1] as string, value, cond.args[2]?.value ?? '');
    else if (comparison) holds = compareStrings(comparison[1] as string, nc ? value.toLowerCase() : value, nc ? (comparison[2] as string).toLowerCase() : (comparison[2] as string));
    else {
      const regex = safeRegExp(pattern, nc ? 'i' : '');
      if (!regex) {
        ctx.uncertain.push(`RewriteCond pattern ${pattern} at ${where(cond)} is not a JavaScript regex; taken as not matching`);
        holds = false;
      } else {
        const match = regex.exec(value);
        holds = match !== null;
        // %N refers to the last condition that matched as a regex, not negated.
        if (match && !negate) groups = [...match];
      }
    }
    if (negate) holds = !holds;
    result = orPending ? result || holds : holds;
    orPending = or;
    if (!orPending && !result) return { holds: false, groups };
  }
  // A failed condition flagged [OR] only moves on to the next; as the last one it fails nothing.
  return { holds: result || orPending, groups };
}

function testFile(test: string, path: string, cond: Directive, ctx: RewriteContext): boolean {
  const { userFs } = ctx;
  switch (test) {
    case 'l':
    case 'L':
    case 'h': {
      const entry = userFs.lstat(path);
      return entry.ok && entry.stat.type === 'symlink';
    }
    case 'U':
      ctx.uncertain.push(`RewriteCond -U at ${where(cond)} runs a sub-request for a URL; taken as not existing`);
      return false;
    default: {
      const entry = userFs.stat(path);
      if (!entry.ok) return false;
      if (test === 'd') return entry.stat.type === 'dir';
      if (test === 'x') return entry.stat.type !== 'dir' && (entry.stat.mode & 0o111) !== 0;
      if (test === 's') return entry.stat.type === 'file' && entry.stat.size > 0;
      if (test === 'F') ctx.uncertain.push(`RewriteCond -F at ${where(cond)} runs a sub-request; taken as -f without its access checks`);
      return entry.stat.type === 'file';
    }
  }
}

function compareStrings(op: string, value: string, pattern: string): boolean {
  switch (op) {
    case '=':
      // `=""` compares with the empty string.
      return value === (pattern === '""' ? '' : pattern);
    case '<':
      return value < pattern;
    case '>':
      return value > pattern;
    case '<=':
      return value <= pattern;
    default:
      return value >= pattern;
  }
}

function compareIntegers(op: string, value: string, other: string): boolean {
  const a = Number.parseInt(value, 10) || 0;
  const b = Number.parseInt(other, 10) || 0;
  return { eq: a === b, ne: a !== b, lt: a < b, le: a <= b, gt: a > b, ge: a >= b }[op] ?? false;
}

/** `$N`, `%N`, `%{VAR}` and `%{ENV:x}`/`%{HTTP:h}` in a test string or a substitution (do_expand). */
export function expandReferences(text: string, ruleGroups: readonly (string | undefined)[], condGroups: readonly (string | undefined)[], ctx: RewriteContext): string {
  return text.replace(/\\([$%])|\$(\d)|%(\d)|%\{([^}]+)\}|\$\{([^}]+)\}/g, (_whole, escaped: string | undefined, rule: string | undefined, cond: string | undefined, variable: string | undefined, map: string | undefined) => {
    if (escaped) return escaped;
    if (rule !== undefined) return ruleGroups[Number(rule)] ?? '';
    if (cond !== undefined) return condGroups[Number(cond)] ?? '';
    if (variable !== undefined) return rewriteVariable(variable, ctx);
    ctx.uncertain.push(`RewriteMap lookup \${${map}} is not modelled; taken as empty`);
    return '';
  });
}

/** The server variables mod_rewrite's lookup_variable knows, for what a request carries. */
function rewriteVariable(name: string, ctx: RewriteContext): string {
  const { request } = ctx;
  const upper = name.toUpperCase();
  if (upper.startsWith('ENV:')) return ctx.env.get(name.slice(4)) ?? request.env.get(name.slice(4)) ?? '';
  if (upper.startsWith('HTTP:')) return requestHeader(request, name.slice(5)) ?? '';
  switch (upper) {
    case 'REQUEST_FILENAME':
    case 'SCRIPT_FILENAME':
      return ctx.filename;
    case 'PATH_INFO':
      return ctx.pathInfo;
    case 'DOCUMENT_ROOT':
      return ctx.documentRoot;
    case 'HTTPS':
      return ctx.scheme === 'https' ? 'on' : 'off';
    case 'REQUEST_SCHEME':
      return ctx.scheme;
    case 'SERVER_PORT':
      return String(ctx.port);
    case 'SERVER_PROTOCOL':
      return 'HTTP/1.1';
    case 'THE_REQUEST':
      return `${request.method} ${request.uri}${request.query ? `?${request.query}` : ''} HTTP/1.1`;
    case 'REMOTE_HOST':
      return request.clientIp;
    case 'IS_SUBREQ':
      return ctx.subRequest ? 'true' : 'false';
    case 'HTTP_HOST':
      return requestHeader(request, 'host') ?? request.host;
    default: {
      const value = requestVariable(name, request);
      if (value !== undefined) return value;
      if (upper.startsWith('HTTP_')) return '';
      ctx.uncertain.push(`%{${name}} is not modelled; taken as empty`);
      return '';
    }
  }
}

export function safeRegExp(source: string, flags = ''): RegExp | undefined {
  try {
    return pcreRegex(source, flags);
  } catch {
    return undefined;
  }
}
