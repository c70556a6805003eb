import type { ServedTree } from '../model/types.js';

/**
 * The URL path that reaches `path` through `tree`, percent-encoded: nginx's `root` appends the
 * whole URI to the directory, while `alias`, Apache's `DocumentRoot` and `Alias` put the tree
 * in place of its URL prefix. Undefined when the tree's path depends on request variables or
 * its prefix is a regex.
 */
export function urlOfPath(tree: ServedTree, path: string): string | undefined {
  const base = tree.fsPath.length > 1 ? tree.fsPath.replace(/\/+$/, '') : tree.fsPath;
  if (base.includes('$') || !(path === base || path.startsWith(base === '/' ? '/' : `${base}/`))) return undefined;
  const rest = encodePath(path.slice(base === '/' ? 0 : base.length));
  if (tree.directive.dialect === 'nginx' && tree.directive.name === 'root') return rest || '/';
  if (tree.urlPrefix === undefined) return undefined;
  const prefix = tree.urlPrefix;
  return prefix.endsWith('/') && rest.startsWith('/') ? prefix + rest.slice(1) : prefix + rest;
}

/** The URL of `path` through the deepest of `trees` that holds it. */
export function urlThroughTrees(trees: readonly ServedTree[], path: string): string | undefined {
  const holding = trees.filter((t) => urlOfPath(t, path) !== undefined).sort((a, b) => b.fsPath.length - a.fsPath.length);
  const tree = holding[0];
  return tree === undefined ? undefined : urlOfPath(tree, path);
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
