import * as posixPath from 'node:path/posix';
import { setImmediate as nextTurn } from 'node:timers/promises';
import picomatch from 'picomatch';
import type { FsDiagnostic } from './diagnostics.js';
import { describeErrno } from './live-fs.js';
import { childPath as child, treeSourceFor, type ListedEntry, type TreeSource } from './tree-source.js';
import type { EntryStat, FsView } from './types.js';

export type { FsDiagnostic } from './diagnostics.js';

export interface WalkEntry {
  /** Server path. */
  path: string;
  stat: EntryStat;
  /** Set for symlinks, which are reported, never followed. */
  linkTarget?: string;
  /** 0 for the root itself. */
  depth: number;
  /** The walk root this entry was reached from. */
  root: string;
}

export interface WalkOptions {
  /** picomatch globs, matched against the path relative to its root and against the absolute path. */
  ignore?: readonly string[];
  onEntry(entry: WalkEntry): void;
  onDiagnostic?(diagnostic: FsDiagnostic): void;
  signal?: AbortSignal;
  /** Called with the running count every PROGRESS_EVERY entries and once at the end. */
  progress?: (count: number) => void;
}

const PROGRESS_EVERY = 1000;
/** Local listings are read synchronously; yielding this often lets timers and an abort get in. */
const YIELD_EVERY = 1024;
const SPECIAL_TYPES = new Set(['char', 'block', 'fifo', 'socket', 'unknown']);

/**
 * Streams every entry under each root, depth first, names sorted, parents before children.
 * Each root is walked once even when roots repeat or nest (the inner one is part of the outer
 * walk). Symlinks are reported with their target and never followed, except a root that is
 * itself a symlink, as the server follows its document root. Problems become diagnostics:
 * the walk never throws on bad trees and never writes. An aborted signal rejects with its reason.
 */
export async function walkTrees(fs: FsView, roots: readonly string[], options: WalkOptions): Promise<{ entries: number }> {
  const walker = new Walker(fs, treeSourceFor(fs), options);
  for (const root of distinctRoots(roots, walker.report)) await walker.walkRoot(root);
  options.progress?.(walker.count);
  return { entries: walker.count };
}

class Walker {
  count = 0;
  private yieldedAt = 0;
  private readonly isIgnored: ((path: string) => boolean) | undefined;

  constructor(
    private readonly fs: FsView,
    private readonly source: TreeSource,
    private readonly options: WalkOptions,
  ) {
    const ignore = options.ignore ?? [];
    this.isIgnored = ignore.length > 0 ? picomatch([...ignore], { dot: true }) : undefined;
  }

  readonly report = (diagnostic: FsDiagnostic): void => this.options.onDiagnostic?.(diagnostic);

  async walkRoot(root: string): Promise<void> {
    const stat = this.fs.lstat(root);
    if (!stat.ok) {
      const missing = stat.error.code === 'ENOENT';
      this.report({ code: missing ? 'walk-missing-root' : 'walk-unreadable-root', path: root, message: missing ? `${root} does not exist` : `cannot inspect ${root}: ${stat.error.message}`, severity: 'warning' });
      return;
    }
    const target = stat.value.type === 'symlink' ? this.fs.readlink(root) : undefined;
    const entry: ListedEntry = target?.ok ? { name: root, stat: stat.value, linkTarget: target.value } : { name: root, stat: stat.value };
    this.emit(root, entry, 0, root);
    const followed = stat.value.type === 'symlink' ? this.fs.stat(root) : stat;
    if (!followed.ok || followed.value.type !== 'dir' || this.ignored(root, root)) return;
    const handle = this.source.handleOf(root);
    if (!handle.ok) return this.report({ code: 'walk-unreadable-dir', path: root, message: `cannot list ${root}: ${handle.error.message}`, severity: 'warning' });
    await this.walkDir(root, handle.value, 1, root);
  }

  private async walkDir(path: string, handle: string, depth: number, root: string): Promise<void> {
    if (this.count - this.yieldedAt >= YIELD_EVERY) {
      this.yieldedAt = this.count;
      await nextTurn();
    }
    this.options.signal?.throwIfAborted();
    const listed = await this.source.list(handle);
    if (!listed.ok) {
      const vanished = listed.error.code === 'ENOENT';
      this.report({
        code: vanished ? 'walk-vanished' : 'walk-unreadable-dir',
        path,
        // The code, not the message: a live source's message names the host path, not the server's.
        message: vanished ? `${path} vanished during the walk` : `cannot list ${path} (${describeErrno(listed.error.code)}); its contents are not checked`,
        severity: vanished ? 'info' : 'warning',
      });
      return;
    }
    const { entries, failed, undecodable } = listed.value;
    for (const { name, code } of failed) {
      const entryPath = child(path, name);
      this.report(
        code === 'ENOENT'
          ? { code: 'walk-vanished', path: entryPath, message: `${entryPath} vanished during the walk`, severity: 'info' }
          : { code: 'walk-unreadable-entry', path: entryPath, message: `cannot inspect ${entryPath} (${describeErrno(code)}); it is not checked`, severity: 'warning' },
      );
    }
    for (const name of undecodable) {
      this.report({ code: 'walk-undecodable-name', path: child(path, name), message: `${child(path, name)}: the name is not valid UTF-8, so it is skipped`, severity: 'warning' });
    }
    for (const entry of entries) {
      const entryPath = child(path, entry.name);
      if (this.ignored(entryPath, root)) continue;
      this.emit(entryPath, entry, depth, root);
      if (entry.stat.type !== 'dir') continue;
      await this.walkDir(entryPath, child(handle, entry.name), depth + 1, root);
    }
  }

  /** Reports one entry and the notes it deserves. */
  private emit(path: string, entry: ListedEntry, depth: number, root: string): void {
    const walkEntry: WalkEntry = { path, stat: entry.stat, depth, root };
    if (entry.linkTarget !== undefined) walkEntry.linkTarget = entry.linkTarget;
    this.options.onEntry(walkEntry);
    if (++this.count % PROGRESS_EVERY === 0) this.options.progress?.(this.count);
    if (SPECIAL_TYPES.has(entry.stat.type)) {
      this.report({ code: 'walk-special-file', path, message: `${path} is a ${entry.stat.type === 'unknown' ? 'file of unknown type' : entry.stat.type}, not a file a web server can serve`, severity: 'info' });
    }
  }

  private ignored(path: string, root: string): boolean {
    if (this.isIgnored === undefined || path === root) return false;
    const relative = root === '/' ? path.slice(1) : path.slice(root.length + 1);
    return this.isIgnored(relative) || this.isIgnored(path);
  }
}

/** Normalized absolute roots, each once, none inside another. */
function distinctRoots(roots: readonly string[], report: (d: FsDiagnostic) => void): string[] {
  const absolute: string[] = [];
  for (const root of roots) {
    if (root.startsWith('/')) absolute.push(posixPath.normalize(root).replace(/(.)\/$/, '$1'));
    else report({ code: 'walk-relative-root', path: root, message: `walk root ${root} is not an absolute path`, severity: 'error' });
  }
  const kept: string[] = [];
  for (const root of [...new Set(absolute)].sort()) {
    if (!kept.some((outer) => outer === '/' || root.startsWith(outer + '/'))) kept.push(root);
  }
  return kept;
}
