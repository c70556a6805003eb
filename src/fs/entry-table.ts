import { resolvePath, type PathLookup } from './resolve.js';
import { fail, ok, type EntryStat, type EntryType, type FsResult, type FsView } from './types.js';

const TYPES: readonly EntryType[] = ['file', 'dir', 'symlink', 'char', 'block', 'fifo', 'socket', 'unknown'];
const TYPE_CODE = new Map(TYPES.map((t, i) => [t, i]));
const DIR = TYPE_CODE.get('dir') as number;
const SYMLINK = TYPE_CODE.get('symlink') as number;

/** One entry of a listed directory. */
export interface TableEntry {
  name: string;
  stat: EntryStat;
  linkTarget?: string;
}

/** Where file contents come from, for a table that only records metadata. */
export type ContentSource = (path: string) => FsResult<Buffer>;

/**
 * An in-memory tree of entries with their metadata, for views that are not a live disk
 * (a listing taken on the server, a fixture manifest). A million entries must load in well
 * under 3 s and a few hundred MB, so metadata lives in typed columns indexed by entry number,
 * only directories are hashed by path (a few percent of entries), and any other entry is found
 * by binary search among its directory's sorted children.
 */
export class EntryTable implements FsView {
  readonly description: string;
  private readonly paths: string[] = [];
  private readonly dirs = new Map<string, number>();
  private types = new Uint8Array(1024);
  private modes = new Uint16Array(1024);
  private uids = new Uint32Array(1024);
  private gids = new Uint32Array(1024);
  private sizes = new Float64Array(1024);
  private readonly targets = new Map<number, string>();
  /** ACLs and SELinux labels: few entries have an ACL, and most trees carry no labels at all. */
  private readonly labels = new Map<number, Pick<EntryStat, 'acl' | 'context'>>();
  /**
   * Children of directory i are childList[childStart[i] .. childEnd[i]); entries whose directory
   * was not recorded (a listing started below `/`) are the orphans. Grouped on first lookup;
   * each directory's group is sorted on its own first use, since most lookups touch a few
   * directories of a million-line listing, not all of them.
   */
  private tree: ChildIndex | undefined;
  /** The path walk's primitives: exact lookups, since the walk only asks for physical paths. */
  private readonly lookup: PathLookup = {
    lstat: (p) => {
      const i = this.find(p);
      return i < 0 ? this.missing(p) : ok(this.statAt(i));
    },
    readlink: (p) => {
      const i = this.find(p);
      return i < 0 ? this.missing(p) : this.targetAt(i, p);
    },
  };

  constructor(
    description: string,
    private readonly contents: ContentSource,
  ) {
    this.description = description;
  }

  /** Distinct entries (sorts every directory). */
  get size(): number {
    let count = this.children().orphans.length + (this.dirs.has('/') ? 1 : 0);
    for (const dir of this.dirs.values()) count += this.childrenOf(dir).length;
    return count;
  }

  /** Records an entry; a path seen again replaces the earlier record (the later line wins). */
  set(path: string, stat: EntryStat, linkTarget?: string): void {
    const type = TYPE_CODE.get(stat.type) ?? TYPES.length - 1;
    let i = type === DIR ? this.dirs.get(path) : undefined;
    if (i === undefined) {
      i = this.paths.length;
      this.grow(i + 1);
      this.paths.push(path);
      if (type === DIR) this.dirs.set(path, i);
    }
    this.tree = undefined;
    this.types[i] = type;
    this.modes[i] = stat.mode;
    this.uids[i] = stat.uid;
    this.gids[i] = stat.gid;
    this.sizes[i] = stat.size;
    if (stat.acl === undefined && stat.context === undefined) this.labels.delete(i);
    else this.labels.set(i, { ...(stat.acl ? { acl: stat.acl } : {}), ...(stat.context !== undefined ? { context: stat.context } : {}) });
    if (linkTarget === undefined) this.targets.delete(i);
    else this.targets.set(i, linkTarget);
  }

  /**
   * Gives a recorded entry its ACL or SELinux label, read apart from its mode (a snapshot's
   * `getfacl` text, its `find -printf %Z` column); false when no entry is recorded there.
   */
  label(path: string, labels: Pick<EntryStat, 'acl' | 'context'>): boolean {
    const i = this.find(path);
    if (i < 0) return false;
    const merged = { ...this.labels.get(i), ...labels };
    if (merged.acl === undefined) delete merged.acl;
    if (merged.context === undefined) delete merged.context;
    if (merged.acl === undefined && merged.context === undefined) this.labels.delete(i);
    else this.labels.set(i, merged);
    return true;
  }

  lstat(path: string): FsResult<EntryStat> {
    const i = this.entryIndex(path);
    return i.ok ? ok(this.statAt(i.value)) : i;
  }

  stat(path: string): FsResult<EntryStat> {
    const found = this.resolve(path, true);
    return found.ok ? this.lstat(found.value) : found;
  }

  readdir(path: string): FsResult<string[]> {
    const found = this.resolve(path, true);
    if (!found.ok) return found;
    const i = this.find(found.value);
    if (this.types[i] !== DIR) return fail('ENOTDIR', path, `not a directory: ${path}`);
    const prefix = found.value === '/' ? 1 : found.value.length + 1;
    return ok(Array.from(this.childrenOf(i), (child) => (this.paths[child] as string).slice(prefix)));
  }

  /**
   * A directory's entries in name order, each with its stat and link target: what a walk lists,
   * read off the child index instead of looking each name up again.
   */
  listEntries(path: string): FsResult<TableEntry[]> {
    const found = this.resolve(path, true);
    if (!found.ok) return found;
    const dir = this.find(found.value);
    if (this.types[dir] !== DIR) return fail('ENOTDIR', path, `not a directory: ${path}`);
    const prefix = found.value === '/' ? 1 : found.value.length + 1;
    return ok(
      Array.from(this.childrenOf(dir), (i): TableEntry => {
        const entry = { name: (this.paths[i] as string).slice(prefix), stat: this.statAt(i) };
        const target = this.types[i] === SYMLINK ? this.targets.get(i) : undefined;
        return target === undefined ? entry : { ...entry, linkTarget: target };
      }),
    );
  }

  readlink(path: string): FsResult<string> {
    const i = this.entryIndex(path);
    return i.ok ? this.targetAt(i.value, path) : i;
  }

  readFile(path: string): FsResult<Buffer> {
    const found = this.resolve(path, true);
    if (!found.ok) return found;
    if (this.types[this.find(found.value)] === DIR) return fail('EISDIR', path, `is a directory: ${path}`);
    return this.contents(found.value);
  }

  /** Recorded paths are physical, so a hit needs no walk; a miss may go through a symlinked directory. */
  private entryIndex(path: string): FsResult<number> {
    const hit = this.find(path);
    if (hit >= 0) return ok(hit);
    const found = this.resolve(path, false);
    return found.ok ? ok(this.find(found.value)) : found;
  }

  /** The entry recorded at exactly this physical path, or -1. */
  private find(path: string): number {
    if (path === '/') return this.dirs.get('/') ?? -1;
    const cut = path.lastIndexOf('/');
    const parent = this.dirs.get(cut === 0 ? '/' : path.slice(0, cut));
    const siblings = parent === undefined ? this.children().orphans : this.childrenOf(parent);
    return this.search(siblings, 0, siblings.length, path);
  }

  /** Binary search of `path` among sorted entries list[from .. to). */
  private search(list: Int32Array, from: number, to: number, path: string): number {
    let low = from;
    let high = to - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const candidate = list[mid] as number;
      const other = this.paths[candidate] as string;
      if (other === path) return candidate;
      if (other < path) low = mid + 1;
      else high = mid - 1;
    }
    return -1;
  }

  private statAt(i: number): EntryStat {
    const stat: EntryStat = {
      type: TYPES[this.types[i] as number] as EntryType,
      mode: this.modes[i] as number,
      uid: this.uids[i] as number,
      gid: this.gids[i] as number,
      size: this.sizes[i] as number,
    };
    const labels = this.labels.size === 0 ? undefined : this.labels.get(i);
    return labels === undefined ? stat : { ...stat, ...labels };
  }

  private targetAt(i: number, path: string): FsResult<string> {
    if (TYPES[this.types[i] as number] !== 'symlink') return fail('EINVAL', path, `not a symbolic link: ${path}`);
    const target = this.targets.get(i);
    return target === undefined ? fail('EIO', path, `the link target of ${path} was not recorded in ${this.description}`) : ok(target);
  }

  private resolve(path: string, followLast: boolean): FsResult<string> {
    const found = resolvePath(path, followLast, this.lookup);
    return found.ok ? ok(found.path) : fail(found.failure.code, path, found.failure.message);
  }

  private missing<T>(path: string): FsResult<T> {
    return fail('ENOENT', path, `no such file or directory in ${this.description}: ${path}`);
  }

  /**
   * Counting sort of entries by parent directory: two passes over typed arrays, no
   * per-directory arrays. Orphans are few and sorted at once.
   */
  private children(): ChildIndex {
    if (this.tree !== undefined) return this.tree;
    const n = this.paths.length;
    const parents = new Int32Array(n).fill(-1);
    const childStart = new Int32Array(n + 1);
    const orphans: number[] = [];
    for (let i = 0; i < n; i++) {
      const parent = this.parentOf(i, i > 0 ? (parents[i - 1] as number) : -1);
      if (parent < 0) {
        if (this.paths[i] !== '/') orphans.push(i);
        continue;
      }
      parents[i] = parent;
      childStart[parent + 1] = (childStart[parent + 1] as number) + 1;
    }
    for (let i = 0; i < n; i++) childStart[i + 1] = (childStart[i + 1] as number) + (childStart[i] as number);
    const childEnd = childStart.slice(0, n);
    const childList = new Int32Array(childStart[n] as number);
    for (let i = 0; i < n; i++) {
      const parent = parents[i] as number;
      if (parent < 0) continue;
      const slot = childEnd[parent] as number;
      childList[slot] = i;
      childEnd[parent] = slot + 1;
    }
    const orphanList = Int32Array.from(orphans);
    this.tree = { childStart, childEnd, childList, sorted: new Uint8Array(n), orphans: orphanList.subarray(0, this.sortUnique(orphanList, 0, orphanList.length)) };
    return this.tree;
  }

  /** Directory `dir`'s children sorted by name, only the latest of a path recorded twice. */
  private childrenOf(dir: number): Int32Array {
    const tree = this.children();
    const from = tree.childStart[dir] as number;
    if (tree.sorted[dir] === 0) {
      tree.childEnd[dir] = this.sortUnique(tree.childList, from, tree.childEnd[dir] as number);
      tree.sorted[dir] = 1;
    }
    return tree.childList.subarray(from, tree.childEnd[dir]);
  }

  /**
   * Sorts list[from .. to) by path (siblings share their parent's prefix, so this orders them
   * by name), keeps the latest of equal paths, compacting in place; returns the new end.
   */
  private sortUnique(list: Int32Array, from: number, to: number): number {
    const group = list.subarray(from, to);
    if (group.length > 1) group.sort((a, b) => compareCodeUnits(this.paths[a] as string, this.paths[b] as string) || a - b);
    let out = from;
    for (let k = 0; k < group.length; k++) {
      const entry = group[k] as number;
      const next = group[k + 1];
      if (next !== undefined && this.paths[next] === this.paths[entry]) continue;
      list[out++] = entry;
    }
    return out;
  }

  /**
   * find prints a directory, then its entries: an entry's parent is nearly always the entry
   * before it or that entry's parent, both checked without building the parent's path; only
   * the first entry after a subtree, or an unordered listing, costs a lookup.
   */
  private parentOf(i: number, previousParent: number): number {
    const path = this.paths[i] as string;
    if (path === '/') return -1;
    const cut = path.lastIndexOf('/');
    if (this.isDirAt(i - 1, path, cut)) return i - 1;
    if (this.isDirAt(previousParent, path, cut)) return previousParent;
    return this.dirs.get(cut === 0 ? '/' : path.slice(0, cut)) ?? -1;
  }

  /** Whether entry `candidate` is the recorded directory holding `path` (whose last slash is at `cut`). */
  private isDirAt(candidate: number, path: string, cut: number): boolean {
    if (candidate < 0 || this.types[candidate] !== DIR) return false;
    const dir = this.paths[candidate] as string;
    return (cut === 0 ? dir === '/' : dir.length === cut && path.startsWith(dir)) && this.dirs.get(dir) === candidate;
  }

  private grow(needed: number): void {
    if (needed <= this.types.length) return;
    const capacity = Math.max(needed, this.types.length * 2);
    this.types = enlarge(this.types, new Uint8Array(capacity));
    this.modes = enlarge(this.modes, new Uint16Array(capacity));
    this.uids = enlarge(this.uids, new Uint32Array(capacity));
    this.gids = enlarge(this.gids, new Uint32Array(capacity));
    this.sizes = enlarge(this.sizes, new Float64Array(capacity));
  }
}

interface ChildIndex {
  childStart: Int32Array;
  childEnd: Int32Array;
  childList: Int32Array;
  /** 1 once a directory's group is sorted and deduplicated. */
  sorted: Uint8Array;
  orphans: Int32Array;
}

function enlarge<T extends Uint8Array | Uint16Array | Uint32Array | Float64Array>(from: T, to: T): T {
  to.set(from as never);
  return to;
}

export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
