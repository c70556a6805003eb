import * as posixPath from 'node:path/posix';
import type { Directive, Node } from '../parse/ast.js';
import type { FsView } from '../fs/types.js';
import type { WalkEntry } from '../fs/walk.js';
import type { ServedTree } from '../model/types.js';
import { lastNamed, type ApacheSection, type ApacheServer } from '../model/apache/index.js';
import type { NginxLocation, NginxServer } from '../model/nginx/index.js';
import { matchLocation } from '../simulate/nginx/index.js';
import { urlOfPath, urlThroughTrees } from './served-url.js';
import type { Question } from './types.js';
import type { AccessFile } from './htaccess.js';

/** URLs a regex location or `<LocationMatch>` is tried against when its pattern gives none. */
const SAMPLE_URLS = [
  '/.git/config', '/.env', '/.htaccess', '/.htpasswd', '/db/dump.sql', '/site.bak', '/index.php~', '/.index.php.swp', '/config.ini', '/server.key', '/app.log',
  '/', '/index.html', '/index.php', '/app.php', '/admin/', '/api/users', '/css/site.css', '/js/app.js', '/img/logo.png', '/favicon.ico', '/robots.txt', '/uploads/x.php',
];
/** File names a `<Files>`/`<FilesMatch>` pattern is tried against. */
const SAMPLE_NAMES = ['.env', '.htaccess', '.htpasswd', '.git', 'config.ini', 'dump.sql', 'site.bak', 'index.php~', 'x.swp', 'server.key', 'app.log', 'x.inc', 'x.conf', 'x.yml', 'composer.json', 'index.php', 'index.html', 'x.txt'];

/** A method `limit_except`/`<LimitExcept>` does not list: what its block's rules apply to. */
function methodOutside(listed: readonly string[]): string {
  const upper = new Set(listed.map((m) => m.toUpperCase()));
  return ['POST', 'PUT', 'DELETE', 'PATCH'].find((m) => !upper.has(m)) ?? 'PROPFIND';
}

/**
 * The literal head of a regex (`^/private/.*\.txt$` -> `/private/`, `^/f\.txt$` -> `/f.txt`),
 * which the location stands for when nothing in SAMPLE_URLS matches. A character a quantifier
 * makes optional is left out.
 */
export function literalHead(pattern: string): string | undefined {
  let head = '';
  for (let i = pattern.startsWith('^') ? 1 : 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\') {
      const next = pattern[i + 1];
      // `\d`, `\w`, `\1`... stand for more than one character.
      if (next === undefined || /[A-Za-z0-9]/.test(next)) break;
      head += next;
      i++;
      continue;
    }
    if ('()[]{}*+?|$^.'.includes(c)) {
      if ('*?{'.includes(c)) head = head.slice(0, -1);
      break;
    }
    head += c;
  }
  return head.startsWith('/') ? head : undefined;
}

/**
 * Both servers merge `.` and `..` segments before matching (`/.` is asked as `/`), so a sample
 * holding one would be answered for another URL than the one the pattern was tried on.
 */
function hasDotSegment(url: string): boolean {
  return url.split('/').some((segment) => segment === '.' || segment === '..');
}

function sampleUrl(regex: RegExp, pattern: string, accept: (url: string) => boolean): string | undefined {
  const head = literalHead(pattern);
  const candidates = head === undefined ? SAMPLE_URLS : [head, `${head}x`, ...SAMPLE_URLS];
  return candidates.find((url) => !hasDotSegment(url) && regex.test(url) && accept(url));
}

function* allLocations(locations: readonly NginxLocation[]): Generator<NginxLocation> {
  for (const location of locations) {
    yield location;
    yield* allLocations(location.locations);
  }
}

/** The URL a location stands for: its prefix as a directory, its exact URI, or a sample its regex matches. */
function locationUrl(server: NginxServer, location: NginxLocation): string | undefined {
  switch (location.modifier) {
    case 'named':
      return undefined;
    case 'exact':
      return encodeURI(location.pattern);
    case 'prefix':
    case 'prefix-noregex': {
      // nginx matches the decoded URI: the request carries it percent-encoded.
      const last = location.pattern.split('/').at(-1) ?? '';
      return encodeURI(location.pattern.endsWith('/') || last.includes('.') ? location.pattern : `${location.pattern}/`);
    }
    default:
      return location.regex && sampleUrl(location.regex, location.pattern, (url) => matchLocation(server.locations, url).location === location);
  }
}

/** Each location of an nginx server (and the server's own level), with a method outside each `limit_except`. */
export function nginxQuestions(server: NginxServer): Question[] {
  const questions: Question[] = [{ path: '/', method: 'GET', scope: server.block }];
  for (const location of allLocations(server.locations)) {
    const path = locationUrl(server, location);
    if (path === undefined) continue;
    questions.push({ path, method: 'GET', scope: location.directive });
    const limit = location.settings.limitExcept;
    if (limit) questions.push({ path, method: methodOutside(limit.methods), scope: limit.directive });
  }
  return questions;
}

function safeRegExp(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern);
  } catch {
    return undefined;
  }
}

/** `<Files "*.ini">` -> `x.ini`: a name the glob matches, or a sample its regex matches. */
function fileNameFor(section: ApacheSection): string | undefined {
  if (section.regex) return SAMPLE_NAMES.find((name) => section.regex?.test(name));
  if (/[[\]]/.test(section.pattern)) return undefined;
  return section.pattern.replace(/\*/g, 'x').replace(/\?/g, 'x');
}

function directoryUrl(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/**
 * Each served tree, `<Directory>`, `<Location>` and `<Files>` of an Apache server, each method
 * a `<Limit>`/`<LimitExcept>` names.
 */
export function apacheQuestions(server: ApacheServer, fs: FsView): Question[] {
  const questions: Question[] = [];
  for (const tree of server.trees) {
    const prefix = tree.urlPrefix ?? '/';
    const target = fs.stat(tree.fsPath);
    questions.push({ path: target.ok && target.value.type !== 'dir' ? prefix : directoryUrl(prefix), method: 'GET', scope: tree.directive });
  }
  const dirUrls = new Map<ApacheSection, string>();
  for (const section of server.sections) {
    if (section.kind === 'directory' && !section.regex) {
      const url = urlThroughTrees(server.trees, section.pattern.replace(/(.)\/+$/, '$1'));
      if (url === undefined) continue;
      dirUrls.set(section, directoryUrl(url));
      questions.push({ path: directoryUrl(url), method: 'GET', scope: section.block });
    } else if (section.kind === 'location') {
      const path = section.regex ? sampleUrl(section.regex, section.pattern, () => true) : encodeURI(section.pattern);
      if (path !== undefined) questions.push({ path, method: 'GET', scope: section.block });
    }
  }
  // A server-context RewriteRule sees the URL path: its literal head stands for what it matches.
  for (const rule of server.directives.filter((d) => d.lowerName === 'rewriterule')) {
    const pattern = rule.args[0]?.value;
    const regex = pattern === undefined || pattern.startsWith('!') ? undefined : safeRegExp(pattern);
    const path = regex && sampleUrl(regex, pattern as string, () => true);
    if (path !== undefined) questions.push({ path, method: 'GET', scope: rule });
  }
  for (const section of server.sections) {
    const files = section.kind === 'files' ? [{ section, base: '/' }] : section.nested.filter((n) => n.kind === 'files').map((n) => ({ section: n, base: dirUrls.get(section) }));
    for (const { section: filesSection, base } of files) {
      const name = fileNameFor(filesSection);
      if (name !== undefined && base !== undefined) questions.push({ path: base + name, method: 'GET', scope: filesSection.block });
    }
  }
  return withLimitMethods(questions, server);
}

/** Every question again with each method a `<Limit>` names (or one `<LimitExcept>` leaves out). */
function withLimitMethods(questions: Question[], server: ApacheServer): Question[] {
  const methods = new Set<string>();
  const visit = (directives: readonly Directive[]): void => {
    for (const d of directives) {
      const listed = d.args.map((a) => a.value.toUpperCase());
      if (d.lowerName === 'limit') listed.forEach((m) => methods.add(m));
      if (d.lowerName === 'limitexcept') methods.add(methodOutside(listed));
    }
  };
  for (const section of server.sections) visit(section.directives);
  visit(server.directives);
  methods.delete('GET');
  if (methods.size === 0) return questions;
  return [...questions, ...questions.flatMap((q) => [...methods].map((method) => ({ ...q, method })))];
}

/** No question: what almost every entry of a walk adds. */
const NONE: readonly Question[] = Object.freeze([]);

/**
 * What the walk adds: the first entry a regex location, `<DirectoryMatch>` or `<FilesMatch>`
 * matches when its pattern gave no URL, and each directory holding an AccessFileName file
 * (a .htaccess scope). Returns the questions the entry adds. The entry's URL is built only
 * once a pattern is about to be tried: most entries of a tree meet none.
 */
export function walkQuestions(server: NginxServer | ApacheServer, tree: ServedTree, entry: WalkEntry, sampled: Set<Directive>): readonly Question[] {
  if (server.dialect === 'nginx') {
    if (entry.stat.type !== 'file') return NONE;
    let url: string | undefined;
    for (const location of regexLocations(server)) {
      if (sampled.has(location.directive)) continue;
      url ??= urlOfPath(tree, entry.path);
      if (url === undefined) return NONE;
      if (!(location.regex as RegExp).test(url) || matchLocation(server.locations, url).location !== location) continue;
      sampled.add(location.directive);
      return [{ path: url, method: 'GET', scope: location.directive }];
    }
    return NONE;
  }
  if (entry.stat.type === 'dir') {
    let url: string | undefined;
    let questions: Question[] | undefined;
    for (const section of server.sections) {
      if (section.kind !== 'directory' || !section.regex || sampled.has(section.block)) continue;
      url ??= urlOfPath(tree, entry.path);
      if (url === undefined) return NONE;
      if (!section.regex.test(entry.path)) continue;
      sampled.add(section.block);
      (questions ??= []).push({ path: directoryUrl(url), method: 'GET', scope: section.block });
    }
    return questions ?? NONE;
  }
  if (entry.stat.type !== 'file' || !accessFileNames(server).includes(posixPath.basename(entry.path)) || urlOfPath(tree, entry.path) === undefined) return NONE;
  const dirUrl = urlOfPath(tree, posixPath.dirname(entry.path));
  return dirUrl === undefined ? NONE : [{ path: directoryUrl(dirUrl), method: 'GET', scope: tree.directive }];
}

/** A server's regex locations, nested ones included, in the order a walked file is tried against them. */
const regexLocationsOf = new WeakMap<NginxServer, readonly NginxLocation[]>();

function regexLocations(server: NginxServer): readonly NginxLocation[] {
  let list = regexLocationsOf.get(server);
  if (list === undefined) {
    list = [...allLocations(server.locations)].filter((location) => location.regex !== undefined);
    regexLocationsOf.set(server, list);
  }
  return list;
}

const accessFileNamesOf = new WeakMap<ApacheServer, readonly string[]>();

/** `AccessFileName` (several names allowed); `.htaccess` by default. Asked for every walked file. */
export function accessFileNames(server: ApacheServer): readonly string[] {
  let names = accessFileNamesOf.get(server);
  if (names === undefined) {
    const named = lastNamed(server.directives, 'accessfilename')?.args.map((a) => a.value);
    names = named?.length ? named : ['.htaccess'];
    accessFileNamesOf.set(server, names);
  }
  return names;
}

/**
 * What an access file the walk found adds: each `<Files>`/`<FilesMatch>` in it (a name it
 * matches in its directory), each `Redirect` URL-path, each `RewriteRule` (the literal head
 * of its pattern, relative to the directory), as the server config's sections are asked, and
 * its directory with each method a `<Limit>` names (or one a `<LimitExcept>` leaves out).
 */
export function accessFileQuestions(file: AccessFile): Question[] {
  const questions: Question[] = [];
  const visit = (nodes: readonly Node[]): void => {
    for (const node of nodes) {
      if (node.type !== 'directive') continue;
      const args = node.args.map((a) => a.value);
      if (node.lowerName === 'files' || node.lowerName === 'filesmatch') {
        const name = filesSectionName(node, args);
        if (name !== undefined) questions.push({ path: file.url + encodeURIComponent(name), method: 'GET', scope: node });
      } else if (node.lowerName === 'redirect' || node.lowerName === 'redirectmatch') {
        const target = node.lowerName === 'redirect' ? args.find((a) => a.startsWith('/')) : args.map((a) => literalHead(a)).find((a) => a !== undefined);
        if (target !== undefined) questions.push({ path: encodeURI(target), method: 'GET', scope: node });
      } else if (node.lowerName === 'rewriterule' && args[0] !== undefined && !args[0].startsWith('!')) {
        const head = literalHead(`/${args[0].replace(/^\^/, '')}`);
        if (head !== undefined) questions.push({ path: file.url + encodeURI(head.slice(1)), method: 'GET', scope: node });
      } else if (node.lowerName === 'limit' || node.lowerName === 'limitexcept') {
        const listed = args.map((a) => a.toUpperCase());
        const methods = node.lowerName === 'limit' ? listed : [methodOutside(listed)];
        for (const method of methods.filter((m) => m !== 'GET')) questions.push({ path: file.url, method, scope: node });
      }
      if (node.children) visit(node.children);
    }
  };
  visit(file.nodes);
  return questions;
}

/** A name a `<Files>` glob or `<FilesMatch>`/`<Files ~>` regex of an access file matches. */
function filesSectionName(section: Directive, args: readonly string[]): string | undefined {
  const isRegex = section.lowerName === 'filesmatch' || args[0] === '~';
  const pattern = isRegex && args[0] === '~' ? args[1] : args[0];
  if (pattern === undefined) return undefined;
  if (isRegex) {
    const regex = safeRegExp(pattern);
    return regex && SAMPLE_NAMES.find((name) => regex.test(name));
  }
  return /[[\]]/.test(pattern) ? undefined : pattern.replace(/[*?]/g, 'x');
}
