import { chmodSync, lchownSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { permText } from '../../src/fs/acl.js';
import type { ManifestTree } from '../../src/fs/manifest-fs.js';
import type { PosixAcl } from '../../src/fs/types.js';

export const isRoot = process.getuid?.() === 0;

/** A fresh directory under the OS temp dir, searchable by everyone like a real `/`. */
export function makeTempRoot(prefix = 'forbidlint-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

export interface Materialized {
  root: string;
  /** False when not running as root: modes are real, owners are the current user's. */
  ownersApplied: boolean;
  note?: string;
}

/**
 * Creates the manifest's tree under `dir` with real modes and, as root, real owners (numeric
 * ids need no local accounts: the tree's own etc/passwd names them). Modes are applied last,
 * deepest first, so a 0500 directory does not stop its own children from being created.
 */
export function materializeManifest(tree: ManifestTree, dir: string): Materialized {
  const host = (path: string): string => (path === '/' ? dir : join(dir, path));
  for (const entry of tree.entries) {
    if (entry.path === '/') continue;
    if (entry.type === 'dir') mkdirSync(host(entry.path));
    else if (entry.type === 'file') writeFileSync(host(entry.path), entry.content ?? '');
    else symlinkSync(entry.target ?? '', host(entry.path));
  }
  if (isRoot) for (const entry of tree.entries) lchownSync(host(entry.path), entry.uid, entry.gid);
  for (const entry of [...tree.entries].reverse()) if (entry.type !== 'symlink') chmodSync(host(entry.path), entry.mode);
  // After chmod, which would rewrite the mask: the ACL's own mask stands.
  for (const entry of tree.entries) if (entry.acl !== undefined) setAcl(host(entry.path), entry.acl, entry.mode);
  return isRoot ? { root: dir, ownersApplied: true } : { root: dir, ownersApplied: false, note: 'not running as root: owners were not changed' };
}

function setAcl(path: string, acl: PosixAcl, mode: number): void {
  const spec = [
    ...acl.users.map((e) => `u:${e.id}:${permText(e.perm)}`),
    `g::${permText(acl.owningGroup)}`,
    ...acl.groups.map((e) => `g:${e.id}:${permText(e.perm)}`),
    `m::${permText(acl.mask ?? (mode >> 3) & 7)}`,
  ].join(',');
  const result = spawnSync('setfacl', ['-m', spec, path], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`setfacl -m ${spec} ${path}: ${result.error?.message ?? result.stderr}`);
}

/** Removes a tree even when its modes would stop a non-root user (0000 directories). */
export function removeTree(dir: string): void {
  const unlock = (path: string): void => {
    try {
      chmodSync(path, 0o700);
      for (const entry of readdirSync(path, { withFileTypes: true })) if (entry.isDirectory()) unlock(join(path, entry.name));
    } catch (error) {
      // A test's own process may still be renaming in the tree (a race test's last `mv`): gone is fine.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  };
  try {
    unlock(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
