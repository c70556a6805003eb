import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { LiveFs } from '../../src/fs/live-fs.js';
import { parseListing } from '../../src/fs/listing-fs.js';
import { manifestFs, parseManifest, type ManifestTree } from '../../src/fs/manifest-fs.js';
import type { FsView } from '../../src/fs/types.js';
import { makeTempRoot, materializeManifest, removeTree, type Materialized } from '../helpers/tree.js';

/** The listing command of docs/filesystem.md for a tree mounted at `root`: %P keeps paths server-absolute. */
export function findListing(root: string): string {
  return execFileSync('find', [root, '-printf', '%m %U %G %y %s /%P\\t%l\\n'], { encoding: 'utf8', maxBuffer: 1 << 28 });
}

export function loadFixture(name: string): ManifestTree {
  const file = new URL(`../../fixtures/fs/${name}`, import.meta.url).pathname;
  const parsed = parseManifest(readFileSync(file, 'utf8'), file);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.tree;
}

export interface ThreeViews {
  tree: ManifestTree;
  materialized: Materialized;
  /** The same tree three ways: the manifest itself, the real tree on disk, and its find listing. */
  views: readonly (readonly [name: 'manifest' | 'live' | 'listing', fs: FsView])[];
  cleanup(): void;
}

export function threeViews(fixture: string): ThreeViews {
  const tree = loadFixture(fixture);
  const materialized = materializeManifest(tree, makeTempRoot());
  const live = new LiveFs(materialized.root);
  const listing = parseListing(findListing(materialized.root), 'find.txt', (path) => live.readFile(path));
  return {
    tree,
    materialized,
    views: [
      ['manifest', manifestFs(tree, fixture)],
      ['live', live],
      ['listing', listing.fs],
    ],
    cleanup: () => removeTree(materialized.root),
  };
}
