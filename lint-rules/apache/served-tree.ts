import * as posixPath from 'node:path/posix';
import type { Directive } from '../../src/parse/ast.js';
import type { ConfigModel, ServerEvent } from '../../src/engine/events.js';
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

function isApacheModel(model: ConfigModel): model is ApacheModel {
  return 'loadedModules' in model;
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
