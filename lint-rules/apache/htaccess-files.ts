import * as posixPath from 'node:path/posix';
import type { Directive, Node } from '../../src/parse/ast.js';
import type { FsView } from '../../src/fs/types.js';
import type { FsEntryEvent } from '../../src/engine/events.js';
import type { ServedTree } from '../../src/model/types.js';
import { lastNamed, type ApacheModel, type ApacheServer } from '../../src/model/apache/index.js';
import type { RuleListeners } from '../../src/engine/rule.js';
import { readsHtaccess, sectionsConfig, type DirConfig } from '../../src/simulate/apache/index.js';
import { parseApache } from '../../src/parse/apache/index.js';
import { evaluateCondition, type ConditionScope } from '../../src/parse/apache/conditions.js';
import { ModuleSet } from '../../src/parse/apache/modules.js';
import { eachApacheEntry, isApacheServer, urlOf } from './served-tree.js';

/** A per-directory config file found under a served tree, parsed the way httpd reads it. */
export interface HtaccessFile {
  /** Server path of the file. */
  path: string;
  /** The directory it configures (and everything below it). */
  dir: string;
  /** The URL prefix that directory answers for. */
  url: string;
  server: ApacheServer;
  tree: ServedTree;
  nodes: Node[];
}

/**
 * The .htaccess (or whatever `AccessFileName` names) an fs entry is, read and parsed; undefined
 * for any other entry, for a file forbidlint cannot read, and for one httpd could not parse
 * (a syntax error is a 500 of its own, reported by the parser).
 */
export function htaccessFileOf(event: FsEntryEvent, fs: FsView): HtaccessFile | undefined {
  const { entry, tree, server } = event;
  if (entry.stat.type !== 'file' || !isApacheServer(server)) return undefined;
  if (!accessFileNames(server).includes(posixPath.basename(entry.path))) return undefined;
  const content = fs.readFile(entry.path);
  if (!content.ok) return undefined;
  const parsed = parseApache(content.value, entry.path, { kind: 'htaccess' });
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return undefined;
  const dir = posixPath.dirname(entry.path);
  return { path: entry.path, dir, url: urlOf(tree, dir, true), server, tree, nodes: parsed.nodes };
}

/**
 * Listeners handing `visit` each .htaccess httpd opens (AllowOverride is not None for its
 * directory), once, with the server config's merge for that directory.
 */
export function eachOpenedHtaccess(
  fs: FsView,
  visit: (htaccess: HtaccessFile, config: DirConfig, model: ApacheModel) => void,
): Required<Pick<RuleListeners, 'server' | 'fsEntry'>> {
  return eachApacheEntry((event, { model }) => {
    const htaccess = htaccessFileOf(event, fs);
    if (!htaccess) return;
    const config = sectionsConfig(htaccess.server.sections, htaccess.dir);
    if (readsHtaccess(config.override, config.overrideList)) visit(htaccess, config, model);
  });
}

/** `AccessFileName` (server or vhost context, several names allowed); `.htaccess` by default. */
function accessFileNames(server: ApacheServer): string[] {
  const names = lastNamed(server.directives, 'accessfilename')?.args.map((a) => a.value);
  return names?.length ? names : ['.htaccess'];
}

/** Every directive of a parsed file, sections entered, in reading order. */
export function* allDirectives(nodes: readonly Node[]): Generator<Directive> {
  for (const node of nodes) {
    if (node.type !== 'directive') continue;
    yield node;
    if (node.children) yield* allDirectives(node.children);
  }
}

/**
 * What httpd knows while reading a .htaccess: the server's loaded modules for `<IfModule>`,
 * the audited filesystem for `<IfFile>`; `Define`s do not reach per-directory files.
 */
export function htaccessConditionScope(loadedModules: ReadonlySet<string>, fs: FsView): ConditionScope {
  return { isDefined: () => false, modules: new ModuleSet(loadedModules), pathExists: (path) => fs.lstat(path).ok };
}

/** The directives of one level of a .htaccess as httpd keeps them: true `<IfModule>`s spliced in, false ones dropped. */
export function* activeHtaccessDirectives(nodes: readonly Node[], scope: ConditionScope): Generator<Directive> {
  for (const node of nodes) {
    if (node.type !== 'directive') continue;
    const condition = evaluateCondition(node, scope);
    if (condition.kind === 'not-a-condition') yield node;
    else if (condition.kind === 'evaluated' && condition.holds) yield* activeHtaccessDirectives(node.children ?? [], scope);
  }
}
