import * as posixPath from 'node:path/posix';
import type { Directive, Node } from '../parse/ast.js';
import type { FsView } from '../fs/types.js';
import type { WalkEntry } from '../fs/walk.js';
import type { ServedTree } from '../model/types.js';
import type { ApacheServer } from '../model/apache/index.js';
import { parseApache } from '../parse/apache/index.js';
import { evaluateCondition, type ConditionScope } from '../parse/apache/conditions.js';
import { ModuleSet } from '../parse/apache/modules.js';
import { readsHtaccess, sectionsConfig, type DirConfig } from '../simulate/apache/index.js';
import { accessFileNames } from './questions.js';
import { urlOfPath } from './served-url.js';

/** A per-directory config file (`.htaccess`, or what `AccessFileName` names) found in a served tree. */
export interface AccessFile {
  /** Server path of the file. */
  path: string;
  /** The directory it configures (and everything below it). */
  dir: string;
  /** The URL of that directory, with its trailing slash. */
  url: string;
  /** The first server found serving it (a tree several virtual hosts serve is read once). */
  server: ApacheServer;
  tree: ServedTree;
  nodes: Node[];
  /** The server configuration's merge for `dir`: the AllowOverride in force, the access rules. */
  config: DirConfig;
  /** Whether httpd opens the file: AllowOverride or AllowOverrideList lets it look. */
  opened: boolean;
  /** What httpd knows while reading it: the loaded modules for `<IfModule>`, the files for `<IfFile>`; no `Define` reaches it. */
  conditions: ConditionScope;
}

/**
 * The access file `entry` is, read and parsed once; undefined for any other entry, for a file
 * that cannot be read, and for one httpd could not parse (a syntax error is the parser's finding).
 */
export function readAccessFile(server: ApacheServer, tree: ServedTree, entry: WalkEntry, fs: FsView, loadedModules: ReadonlySet<string>): AccessFile | undefined {
  if (entry.stat.type !== 'file' || !accessFileNames(server).includes(posixPath.basename(entry.path))) return undefined;
  const dir = posixPath.dirname(entry.path);
  const dirUrl = urlOfPath(tree, dir);
  if (dirUrl === undefined) return undefined;
  const content = fs.readFile(entry.path);
  if (!content.ok) return undefined;
  const parsed = parseApache(content.value, entry.path, { kind: 'htaccess' });
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return undefined;
  const config = sectionsConfig(server.sections, dir);
  return {
    path: entry.path,
    dir,
    url: dirUrl.endsWith('/') ? dirUrl : `${dirUrl}/`,
    server,
    tree,
    nodes: parsed.nodes,
    config,
    opened: readsHtaccess(config.override, config.overrideList),
    conditions: { isDefined: () => false, modules: new ModuleSet(loadedModules), pathExists: (path) => fs.lstat(path).ok },
  };
}

/** The directives of one level of an access file as httpd keeps them: true `<IfModule>`s spliced in, false ones dropped. */
export function* activeAccessDirectives(nodes: readonly Node[], scope: ConditionScope): Generator<Directive> {
  for (const node of nodes) {
    if (node.type !== 'directive') continue;
    const condition = evaluateCondition(node, scope);
    if (condition.kind === 'not-a-condition') yield node;
    else if (condition.kind === 'evaluated' && condition.holds) yield* activeAccessDirectives(node.children ?? [], scope);
  }
}
