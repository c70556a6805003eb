import * as posixPath from 'node:path/posix';
import type { Directive } from '../parse/ast.js';
import { pcreRegex } from '../regex/pcre.js';
import { regexExamples } from '../regex/examples.js';
import { rewriteOf } from '../simulate/apache/index.js';
import type { ApacheServer } from '../model/apache/index.js';
import { activeAccessDirectives, type AccessFile } from './htaccess.js';
import { urlThroughTrees } from './served-url.js';
import type { Question } from './types.js';

/**
 * The requests the patterns of a per-directory scope (an access file, a `<Directory>`) stand
 * for. A `<FilesMatch>`, a per-directory `RewriteRule` or a `RedirectMatch` names its URLs by a
 * regex: each is matched against what the walk found below the directory (the files it really
 * guards), and spelled from its syntax when nothing there matches (`GLOBALS=` in a query,
 * `x.module`). A rule's conditions on the query string give the query its requests carry. The
 * simulator then says what httpd answers; nothing here decides a status.
 */

/** Files asked per pattern, at most, and per directory and pattern: the decision seldom differs between siblings. */
const PER_PATTERN = 8;
const PER_DIRECTORY = 2;
/** Spelled examples asked per pattern that matched nothing in the tree. */
const EXAMPLES = 3;

/** A pattern of a per-directory scope and what httpd matches it against. */
export interface ScopedPattern {
  scope: Directive;
  regex: RegExp;
  /** A file's name (`<Files>`), its path below the scope's directory (per-directory RewriteRule), or its URL path (RedirectMatch). */
  subject: 'name' | 'relative' | 'url';
  /** A query string the rule's conditions ask for, carried by each of its requests. */
  query?: string;
  /** Methods the rule's conditions ask for (`%{REQUEST_METHOD} ^(TRACE|TRACK)`), each asked; GET otherwise. */
  methods?: string[];
}

function compiled(source: string, flags = ''): RegExp | undefined {
  try {
    return pcreRegex(source, flags);
  } catch {
    return undefined;
  }
}

/** `<Files "*.ini">` as a regex over a name: `*` and `?` stop at a slash, `[...]` stays a class. */
function globRegex(glob: string): RegExp | undefined {
  const body = glob.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return compiled(`^${body}$`);
}

/** Characters a query string may carry unencoded (RFC 3986 query), and well-formed escapes. */
const QUERY_SAFE = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*$/;
/** A method is a token; the common ones are upper case. */
const METHOD_SAFE = /^[A-Z]+$/;

/**
 * Values of `variable` the conditions of a rule ask for, shortest first: examples of each
 * positive regex on it (one of an [OR] run is enough; `GLOBALS=` before a base64 probe).
 */
function conditionValues(conditions: readonly Directive[], variable: string, safe: RegExp): string[] {
  const examples: string[] = [];
  for (const cond of conditions) {
    const [test, pattern = '', flagText = ''] = cond.args.map((a) => a.value);
    if (test !== `%{${variable}}` || /^[!<>=-]/.test(pattern)) continue;
    const regex = compiled(pattern, /\b(nc|nocase)\b/i.test(flagText) ? 'i' : '');
    if (regex) examples.push(...regexExamples(regex, 4).filter((value) => value !== '' && safe.test(value)));
  }
  return [...new Set(examples)].sort((a, b) => a.length - b.length);
}

/** The patterns of an access file's active directives (a false `<IfModule>` hides its own). */
export function accessFilePatterns(file: AccessFile): ScopedPattern[] {
  return patternsOf([...activeAccessDirectives(file.nodes, file.conditions)], file.dir);
}

/**
 * The patterns of a per-directory scope's directives: `<Files>`/`<FilesMatch>` blocks,
 * `RedirectMatch`, and `RewriteRule`s written for `directory`.
 */
export function patternsOf(directives: readonly Directive[], directory: string): ScopedPattern[] {
  const patterns: ScopedPattern[] = [];
  for (const d of directives) {
    const args = d.args.map((a) => a.value);
    if (d.lowerName === 'files' || d.lowerName === 'filesmatch') {
      const isRegex = d.lowerName === 'filesmatch' || args[0] === '~';
      const source = args[0] === '~' ? args[1] : args[0];
      const regex = source === undefined ? undefined : isRegex ? compiled(source) : globRegex(source);
      if (regex) patterns.push({ scope: d, regex, subject: 'name' });
    } else if (d.lowerName === 'redirectmatch') {
      const source = /^\d{3}$|^(permanent|temp|seeother|gone)$/i.test(args[0] ?? '') ? args[1] : args[0];
      const regex = source === undefined ? undefined : compiled(source);
      if (regex) patterns.push({ scope: d, regex, subject: 'url' });
    }
  }
  for (const rule of rewriteOf({ engine: false, rules: [] }, directives, directory).rules) {
    if (rule.negate) continue;
    const regex = compiled(rule.pattern, rule.flags.includes('nc') ? 'i' : '');
    const [query] = conditionValues(rule.conditions, 'QUERY_STRING', QUERY_SAFE);
    // Several methods: one a guard names may be answered before it is consulted (TRACE).
    const methods = conditionValues(rule.conditions, 'REQUEST_METHOD', METHOD_SAFE).slice(0, EXAMPLES);
    if (regex) patterns.push({ scope: rule.directive, regex, subject: 'relative', ...(query !== undefined ? { query } : {}), ...(methods.length > 0 ? { methods } : {}) });
  }
  return patterns;
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function decoded(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

/** A directory that patterns are written for, and its URL with the trailing slash. */
export interface PatternScope {
  dir: string;
  url: string;
  /** False: only files the walk found are asked, no spelled names (a server-wide default guards every tree alike). */
  spell?: boolean;
}

const withSlash = (url: string): string => (url.endsWith('/') ? url : `${url}/`);

/**
 * The server config's own pattern scopes: each `<Directory>` with the `<Files>`, RedirectMatch
 * and RewriteRule patterns written in it, and the top-level `<Files>` sections at each served
 * tree, there for the files the walk found only (Debian's `.phps` guard is no finding where no
 * such file is served).
 */
export function sectionPatternScopes(server: ApacheServer): Array<{ scope: PatternScope; patterns: ScopedPattern[] }> {
  const scopes: Array<{ scope: PatternScope; patterns: ScopedPattern[] }> = [];
  for (const section of server.sections) {
    if (section.kind !== 'directory' || section.regex) continue;
    const dir = section.pattern.replace(/(.)\/+$/, '$1');
    const url = urlThroughTrees(server.trees, dir);
    const patterns = patternsOf([...section.directives, ...section.nested.filter((n) => n.kind === 'files').map((n) => n.block)], dir);
    if (url !== undefined && patterns.length > 0) scopes.push({ scope: { dir, url: withSlash(url) }, patterns });
  }
  const everywhere = patternsOf(server.sections.filter((s) => s.kind === 'files').map((s) => s.block), '/');
  if (everywhere.length > 0) {
    for (const tree of server.trees) scopes.push({ scope: { dir: tree.fsPath.replace(/(.)\/+$/, '$1'), url: withSlash(tree.urlPrefix ?? '/'), spell: false }, patterns: everywhere });
  }
  return scopes;
}

/**
 * The questions `patterns` of `scope` give: files below its directory that each pattern matches
 * (`files`, server paths in walk order, at most PER_PATTERN per pattern and PER_DIRECTORY per
 * directory), then spelled examples for a pattern that matched none. Stops reading `files`
 * once every pattern has its share, so a large tree costs one pass at most.
 */
export function patternQuestions(scope: PatternScope, patterns: readonly ScopedPattern[], files: Iterable<string>): Question[] {
  const questions: Question[] = [];
  const state = patterns.map((pattern) => ({ pattern, asked: 0, perDirectory: new Map<string, number>() }));
  const ask = (pattern: ScopedPattern, relative: string): void => {
    const path = `${scope.url}${encodePath(relative)}${pattern.query === undefined ? '' : `?${pattern.query}`}`;
    for (const method of pattern.methods ?? ['GET']) questions.push({ path, method, scope: pattern.scope });
  };
  const urlPath = decoded(scope.url);
  // A rule that a query string or a method triggers is asked once, at the shortest path it matches.
  for (const s of state.filter((s) => s.pattern.query !== undefined || s.pattern.methods !== undefined)) {
    const [path] = s.pattern.regex.test('') ? [''] : scope.spell === false ? [] : spelled(s.pattern, urlPath);
    if (path !== undefined) ask(s.pattern, path);
    s.asked = PER_PATTERN;
  }
  let open = state.filter((s) => s.asked < PER_PATTERN).length;
  for (const path of files) {
    if (open === 0) break;
    const relative = path.slice(scope.dir.length + 1);
    const name = posixPath.basename(relative);
    const directory = posixPath.dirname(path);
    for (const s of state) {
      if (s.asked >= PER_PATTERN || (s.perDirectory.get(directory) ?? 0) >= PER_DIRECTORY) continue;
      const subject = s.pattern.subject === 'name' ? name : s.pattern.subject === 'relative' ? relative : urlPath + relative;
      if (!s.pattern.regex.test(subject)) continue;
      ask(s.pattern, relative);
      s.perDirectory.set(directory, (s.perDirectory.get(directory) ?? 0) + 1);
      if (++s.asked === PER_PATTERN) open--;
    }
  }
  for (const s of state.filter((s) => s.asked === 0 && scope.spell !== false)) {
    for (const example of spelled(s.pattern, urlPath)) ask(s.pattern, example);
  }
  return questions;
}

/** Paths below the scope's directory that the pattern matches though the tree holds none of them. */
function spelled(pattern: ScopedPattern, urlPath: string): string[] {
  const { regex, subject } = pattern;
  if (subject === 'name') return regexExamples(regex, EXAMPLES, 'x').filter((name) => !name.includes('/') && name !== '.' && name !== '..');
  if (subject === 'relative') return regexExamples(regex, EXAMPLES, 'x').filter((path) => !path.startsWith('/') && !path.split('/').some((s) => s === '.' || s === '..'));
  // A URL pattern names paths from the root: only those below this directory are its files'.
  return regexExamples(regex, EXAMPLES)
    .map((url) => (url.startsWith('/') ? url : `/${url}`))
    .filter((url) => regex.test(url) && url.startsWith(urlPath))
    .map((url) => url.slice(urlPath.length));
}
