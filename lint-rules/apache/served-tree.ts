import * as posixPath from 'node:path/posix';
import type { Directive } from '../../src/parse/ast.js';
import type { ConfigModel, FsEntryEvent, ServerEvent } from '../../src/engine/events.js';
import type { RuleListeners } from '../../src/engine/rule.js';
import type { ServedTree, ServerSummary } from '../../src/model/types.js';
import type { ApacheModel, ApacheServer } from '../../src/model/apache/index.js';

/** The Apache servers behind the engine's events and the trees they serve, as messages name them. */

/** The Apache model and server behind a `server` event; undefined for nginx. */
export function apacheServerOf(event: ServerEvent): { server: ApacheServer; model: ApacheModel } | undefined {
  const { server, model } = event;
  return isApacheServer(server) && isApacheModel(model) ? { server, model } : undefined;
}

export function isApacheServer(server: ServerSummary): server is ApacheServer {
  return server.dialect === 'apache' && 'sections' in server;
}

/**
 * `server` and `fsEntry` listeners that hand `visit` each entry `select` keeps, once, with the
 * Apache model and server: a tree several virtual hosts serve is walked for each of them.
 */
export function eachApacheEntry(
  visit: (event: FsEntryEvent, apache: { model: ApacheModel; server: ApacheServer }) => void,
  select: (event: FsEntryEvent) => boolean = () => true,
): Required<Pick<RuleListeners, 'server' | 'fsEntry'>> {
  let model: ApacheModel | undefined;
  const visited = new Set<string>();
  return {
    server(event) {
      model ??= apacheServerOf(event)?.model;
    },
    fsEntry(event) {
      const { server, entry } = event;
      if (!model || !isApacheServer(server) || !select(event) || visited.has(entry.path)) return;
      visited.add(entry.path);
      visit(event, { model, server });
    },
  };
}

function isApacheModel(model: ConfigModel): model is ApacheModel {
  return 'loadedModules' in model;
}

export function parentOf(path: string): string {
  return path.replace(/\/[^/]+\/?$/, '') || '/';
}

/** A served tree's directory without the trailing slash an Alias target may carry (`/usr/share/apache2/icons/`). */
export function treeDir(tree: ServedTree): string {
  return tree.fsPath.length > 1 ? tree.fsPath.replace(/\/+$/, '') : tree.fsPath;
}

/** The URL a path under a served tree answers at (directories with their trailing slash). */
export function urlOf(tree: ServedTree, path: string, isDir: boolean): string {
  const prefix = tree.urlPrefix ?? '/';
  const below = posixPath.relative(treeDir(tree), path);
  if (below === '') return prefix;
  return posixPath.join(prefix, below) + (isDir ? '/' : '');
}

/** `DocumentRoot` or `Alias /icons/`: how a message names the directive that serves a tree. */
export function servedBy(directive: Directive): string {
  return directive.lowerName === 'alias' ? `Alias ${directive.args[0]?.value ?? ''}` : directive.name;
}
