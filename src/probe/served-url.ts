import type { ServedTree } from '../model/types.js';
import { hasPrefix } from '../util/has-prefix.js';

/**
 * The URL path that reaches `path` through `tree`, percent-encoded: the tree's URL prefix plus
 * the path below the tree (the model's trees hold the directory their prefix really reaches). A
 * regex location's `root` still appends the whole URI to its directory. Undefined when the tree's
 * path depends on request variables or a regex `alias`.
 */
export function urlOfPath(tree: ServedTree, path: string): string | undefined {
  const base = tree.fsPath.length > 1 && tree.fsPath.endsWith('/') ? tree.fsPath.replace(/\/+$/, '') : tree.fsPath;
  if (base.includes('$') || !(path === base || isBelow(path, base))) return undefined;
  const rest = encodePath(path.slice(base === '/' ? 0 : base.length));
  if (tree.urlPrefix === undefined) return tree.directive.dialect === 'nginx' && tree.directive.name === 'root' ? rest || '/' : undefined;
  const prefix = tree.urlPrefix;
  return prefix.endsWith('/') && rest.startsWith('/') ? prefix + rest.slice(1) : prefix + rest;
}

/** `path.startsWith(`${dir}/`)`, without building that string for every entry of a walk. */
function isBelow(path: string, dir: string): boolean {
  return dir === '/' ? path.startsWith('/') : path.length > dir.length && path.charCodeAt(dir.length) === 0x2f && hasPrefix(path, dir);
}

/** The URL of `path` through the deepest of `trees` that holds it. */
export function urlThroughTrees(trees: readonly ServedTree[], path: string): string | undefined {
  const holding = trees.filter((t) => urlOfPath(t, path) !== undefined).sort((a, b) => b.fsPath.length - a.fsPath.length);
  const tree = holding[0];
  return tree === undefined ? undefined : urlOfPath(tree, path);
}

/** What encodeURIComponent leaves as it is: most names of a tree. */
const UNRESERVED = /^[A-Za-z0-9\-_.!~*'()]*$/;

/** The directory encoded last: a walk asks for the entries of one directory in a row. */
let lastDir: string | undefined;
let lastEncodedDir = '';

function encodePath(path: string): string {
  const cut = path.lastIndexOf('/');
  if (cut < 0) return encodeSegment(path);
  const dir = path.slice(0, cut);
  if (dir !== lastDir) {
    lastEncodedDir = dir.split('/').map(encodeSegment).join('/');
    lastDir = dir;
  }
  return `${lastEncodedDir}/${encodeSegment(path.slice(cut + 1))}`;
}

function encodeSegment(name: string): string {
  return UNRESERVED.test(name) ? name : encodeURIComponent(name);
}
