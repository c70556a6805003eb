import * as posixPath from 'node:path/posix';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { FsDiagnostic } from './diagnostics.js';
import { describeErrno } from './live-fs.js';
import { childPath as child, treeSourceFor, type DirIdentity, type ListedEntry, type Listing, type TreeSource } from './tree-source.js';
import type { EntryStat, FsResult, FsView } from './types.js';
import type { ClaimedSubtree, WalkHelper } from './walk-helper.js';
import type { IgnoreRule } from './walk-ignore.js';

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
  /**
   * Every name of each directory listed (ignored ones too): a name not among them need not be
   * looked up again (the index files and .htaccess the simulator asks for in every directory,
   * each a syscall, and on a remote filesystem a round trip).
   */
  onListed?(dir: string, names: readonly string[]): void;
  /** Called with the running count (and the entry just reached) every PROGRESS_EVERY entries and once at the end. */
  progress?: (count: number, path?: string) => void;
  /** False: no helper thread, when other walks already keep the cores busy (a fleet with --jobs). */
  helper?: boolean;
}

const PROGRESS_EVERY = 1000;
/** Local listings are read synchronously; yielding this often lets timers and an abort get in. */
const YIELD_EVERY = 1024;
/**
 * A helper thread costs some 40 ms to start: worth it from here on, and it comes up while
 * the walk goes on. Smaller trees never start it.
 */
const HELPER_AFTER = 2048;
/** Listings read ahead and not yet taken, at most: keeps memory flat on a tree of wide directories. */
const MAX_READ_AHEAD = 1024;
const SPECIAL_TYPES = new Set(['char', 'block', 'fifo', 'socket', 'unknown']);

/**
 * Streams every entry under each root, depth first, names sorted, parents before children.
 * Each root is walked once even when roots repeat or nest (the inner one is part of the outer
 * walk). Symlinks are reported with their target and never followed, except a root that is
 * itself a symlink, as the server follows its document root. Problems become diagnostics:
 * the walk never throws on bad trees and never writes. An aborted signal rejects with its reason.
 */
export async function walkTrees(fs: FsView, roots: readonly string[], options: WalkOptions): Promise<WalkSummary> {
  return walkSource(fs, treeSourceFor(fs), roots, options);
}

export interface WalkSummary {
  entries: number;
  /** Entries listed by the helper thread: none on small trees, remote disks and non-live views. */
  entriesFromHelper: number;
}

/** walkTrees with the tree source given, so that tests can tune it (see treeSourceFor). */
export async function walkSource(fs: FsView, source: TreeSource, roots: readonly string[], options: WalkOptions): Promise<WalkSummary> {
  const isIgnored = options.ignore?.length ? (await import('./walk-ignore.js')).ignoreRule(options.ignore) : undefined;
  const walker = new Walker(fs, source, options, isIgnored);
  try {
    for (const root of distinctRoots(roots, walker.report)) await walker.walkRoot(root);
  } finally {
    await walker.helper?.close();
    await walker.settled();
    source.walkEnded?.();
  }
  options.progress?.(walker.count);
  return { entries: walker.count, entriesFromHelper: walker.helper?.listedEntries ?? 0 };
}

/**
 * A directory the walk is inside of, whose unreached subdirectories it shares with the helper:
 * every other one, so that while the walk lists one the helper lists the next, which is ready
 * when the walk gets there. Handing over the far end instead would keep the helper's output
 * in memory for most of the walk.
 */
interface OpenDirectory {
  path: string;
  handle: string;
  root: string;
  entries: readonly ListedEntry[];
  /** Entries from here on are not reached yet. */
  next: number;
  /** Entries from here on are not considered for sharing yet. */
  unshared: number;
  /** Whether the next subdirectory considered stays with the walk. */
  walkKeepsNext: boolean;
  /** Entries from here on are not read ahead yet. */
  unread: number;
  claims: Map<number, ClaimedSubtree>;
}

class Walker {
  count = 0;
  helper: WalkHelper | undefined;
  private helperTried = false;
  private yieldedAt = 0;
  private readonly open: OpenDirectory[] = [];
  /** Listings read ahead of the walk on a remote filesystem, by handle, taken when the walk gets there. */
  private readonly ahead = new Map<string, Promise<FsResult<Listing>>>();
  private readingAhead = 0;
  /** The mount died: nothing more is read. */
  private stopped = false;

  constructor(
    private readonly fs: FsView,
    private readonly source: TreeSource,
    private readonly options: WalkOptions,
    private readonly isIgnored: IgnoreRule | undefined,
  ) {}

  readonly report = (diagnostic: FsDiagnostic): void => this.options.onDiagnostic?.(diagnostic);

  async walkRoot(root: string): Promise<void> {
    if (this.stopped) return;
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
    await this.walkDir(root, handle.value, 1, root, undefined);
  }

  /** `claimed`: the subtree the helper lists, this directory included; undefined when listed here. */
  private async walkDir(path: string, handle: string, depth: number, root: string, claimed: ClaimedSubtree | undefined, identity?: DirIdentity): Promise<void> {
    if (this.count - this.yieldedAt >= YIELD_EVERY) {
      this.yieldedAt = this.count;
      await nextTurn();
    }
    this.options.signal?.throwIfAborted();
    if (this.stopped) return;
    const listed = claimed === undefined ? await this.list(handle, identity) : await claimed.list(handle, identity);
    // A dead mount is the audit's failure, said once by the source, not a warning per directory.
    if (this.source.noteListed?.(path, listed) === false) {
      this.stopped = true;
      return;
    }
    if (!listed.ok && listed.error.code === 'ECHANGED') {
      this.report({ code: 'walk-changed', path, message: `${path} changed during the walk (it is no longer the directory that was listed, e.g. a symlink now); not followed`, severity: 'warning' });
      return;
    }
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
    if (this.options.onListed) this.options.onListed(path, [...entries.map((e) => e.name), ...failed.map((f) => f.name), ...undecodable]);
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
    // Inside a claimed subtree the helper has all of it; only directories listed here are shared.
    const open: OpenDirectory | undefined = claimed === undefined ? { path, handle, root, entries, next: 0, unshared: 0, walkKeepsNext: true, unread: 0, claims: new Map() } : undefined;
    if (open !== undefined) this.open.push(open);
    this.readAhead();
    if (!this.helperTried && this.count >= HELPER_AFTER && this.options.helper !== false) {
      this.helperTried = true;
      this.helper = await this.source.startHelper?.(this.options.ignore ?? []);
    }
    this.shareWork();
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i] as ListedEntry;
      if (open !== undefined) open.next = i + 1;
      const entryPath = child(path, entry.name);
      if (this.ignored(entryPath, root)) continue;
      this.emit(entryPath, entry, depth, root);
      if (entry.stat.type !== 'dir') continue;
      await this.walkDir(entryPath, child(handle, entry.name), depth + 1, root, claimed ?? this.takeClaim(open, i), entry.identity);
    }
    if (open !== undefined) this.open.pop();
    this.source.release?.(handle);
  }

  /** A directory's listing: the one read ahead when there is one. */
  private list(handle: string, identity: DirIdentity | undefined): Promise<FsResult<Listing>> {
    const early = this.ahead.get(handle);
    if (early === undefined) return this.source.list(handle, identity);
    this.ahead.delete(handle);
    return early;
  }

  /**
   * On a remote filesystem, starts listing the subdirectories the walk will enter next: the
   * deepest open directory's first, as depth-first order reaches them. The walk still takes
   * every listing in its own order, so entries and findings come out as from a sequential walk.
   */
  private readAhead(): void {
    const atOnce = this.source.concurrency ?? 1;
    if (atOnce <= 1 || this.stopped) return;
    for (let depth = this.open.length - 1; depth >= 0; depth--) {
      const open = this.open[depth] as OpenDirectory;
      for (let index = Math.max(open.next, open.unread); index < open.entries.length; index++) {
        if (this.readingAhead >= atOnce || this.ahead.size >= MAX_READ_AHEAD) return;
        open.unread = index + 1;
        const entry = open.entries[index] as ListedEntry;
        if (entry.stat.type !== 'dir' || this.ignored(child(open.path, entry.name), open.root)) continue;
        const handle = child(open.handle, entry.name);
        this.readingAhead++;
        this.ahead.set(
          handle,
          this.source.list(handle, entry.identity).finally(() => {
            this.readingAhead--;
            this.readAhead();
          }),
        );
      }
    }
  }

  /** Waits for listings still being read ahead (an aborted or stopped walk), so none outlives the walk. */
  async settled(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.ahead.values());
  }

  /** Hands the helper a subdirectory the walk has not reached, from the shallowest open directory that has one. */
  private shareWork(): void {
    if (this.helper === undefined || !this.helper.wantsWork()) return;
    for (const open of this.open) {
      for (let index = Math.max(open.next, open.unshared); index < open.entries.length; index++) {
        const entry = open.entries[index] as ListedEntry;
        const entryPath = child(open.path, entry.name);
        open.unshared = index + 1;
        if (entry.stat.type !== 'dir' || this.ignored(entryPath, open.root)) continue;
        if (open.walkKeepsNext) {
          open.walkKeepsNext = false;
          continue;
        }
        open.walkKeepsNext = true;
        open.claims.set(index, this.helper.claim(entryPath, child(open.handle, entry.name), open.root, entry.identity));
        return;
      }
    }
  }

  /** The helper's listing of a subdirectory, unless it has not begun it: the walk then lists it here rather than wait. */
  private takeClaim(open: OpenDirectory | undefined, index: number): ClaimedSubtree | undefined {
    const claimed = open?.claims.get(index);
    // Let go of it once walked: the top directory stays open for the whole walk.
    open?.claims.delete(index);
    if (claimed === undefined || this.helper?.cancel(claimed)) return undefined;
    return claimed;
  }

  /** Reports one entry and the notes it deserves. */
  private emit(path: string, entry: ListedEntry, depth: number, root: string): void {
    const walkEntry: WalkEntry = { path, stat: entry.stat, depth, root };
    if (entry.linkTarget !== undefined) walkEntry.linkTarget = entry.linkTarget;
    this.options.onEntry(walkEntry);
    if (++this.count % PROGRESS_EVERY === 0) this.options.progress?.(this.count, path);
    if (SPECIAL_TYPES.has(entry.stat.type)) {
      this.report({ code: 'walk-special-file', path, message: `${path} is a ${entry.stat.type === 'unknown' ? 'file of unknown type' : entry.stat.type}, not a file a web server can serve`, severity: 'info' });
    }
  }

  private ignored(path: string, root: string): boolean {
    return this.isIgnored?.(path, root) ?? false;
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
