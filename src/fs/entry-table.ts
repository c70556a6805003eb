import { resolvePath, type PathLookup } from './resolve.js';
import { fail, ok, type EntryStat, type EntryType, type FsResult, type FsView } from './types.js';

const TYPES: readonly EntryType[] = ['file', 'dir', 'symlink', 'char', 'block', 'fifo', 'socket', 'unknown'];
const TYPE_CODE = new Map(TYPES.map((t, i) => [t, i]));

/** Where file contents come from, for a table that only records metadata. */
export type ContentSource = (path: string) => FsResult<Buffer>;

/**
 * An in-memory tree of entries with their metadata, for views that are not a live disk
 * (a listing taken on the server, a fixture manifest). A million entries must fit in a few
 * hundred MB, so metadata lives in typed columns indexed by entry number rather than in one
 * object per entry; only the path strings and the rare link targets are objects.
 */
export class EntryTable implements FsView {
  readonly description: string;
  private readonly index = new Map<string, number>();
  private readonly paths: string[] = [];
  private types = new Uint8Array(1024);
  private modes = new Uint16Array(1024);
  private uids = new Uint32Array(1024);
  private gids = new Uint32Array(1024);
  private sizes = new Float64Array(1024);
  private readonly targets = new Map<number, string>();
  /** Children of entry i are childList[childStart[i] .. childStart[i+1]), sorted by name; built on first readdir. */
  private childStart: Int32Array | undefined;
  private childList: Int32Array | undefined;
  /** The path walk's primitives: exact lookups, since the walk only asks for physical paths. */
  private readonly lookup: PathLookup = {
    lstat: (p) => {
      const i = this.index.get(p);
      return i === undefined ? this.missing(p) : ok(this.statAt(i));
    },
    readlink: (p) => {
      const i = this.index.get(p);
      return i === undefined ? this.missing(p) : this.targetAt(i, p);
    },
  };

  constructor(description: string, private readonly contents: ContentSource) {
    this.description = description;
  }

  get size(): number {
    return this.paths.length;
  }

  /** Records an entry; a path seen again replaces the earlier record (the later line wins). */
  set(path: string, stat: EntryStat, linkTarget?: string): void {
    let i = this.index.get(path);
    if (i === undefined) {
      i = this.paths.length;
      this.grow(i + 1);
      this.paths.push(path);
      this.index.set(path, i);
      this.childStart = undefined;
    }
    this.types[i] = TYPE_CODE.get(stat.type) ?? TYPES.length - 1;
    this.modes[i] = stat.mode;
    this.uids[i] = stat.uid;
    this.gids[i] = stat.gid;
    this.sizes[i] = stat.size;
    if (linkTarget === undefined) this.targets.delete(i);
    else this.targets.set(i, linkTarget);
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
    const i = this.index.get(found.value) as number;
    if (TYPES[this.types[i] as number] !== 'dir') return fail('ENOTDIR', path, `not a directory: ${path}`);
    const { childStart, childList } = this.children();
    const prefix = found.value === '/' ? 1 : found.value.length + 1;
    const names: string[] = [];
    for (let k = childStart[i] as number; k < (childStart[i + 1] as number); k++) {
      names.push((this.paths[childList[k] as number] as string).slice(prefix));
    }
    return ok(names);
  }

  readlink(path: string): FsResult<string> {
    const i = this.entryIndex(path);
    return i.ok ? this.targetAt(i.value, path) : i;
  }

  readFile(path: string): FsResult<Buffer> {
    const found = this.resolve(path, true);
    if (!found.ok) return found;
    const type = TYPES[this.types[this.index.get(found.value) as number] as number];
    if (type === 'dir') return fail('EISDIR', path, `is a directory: ${path}`);
    return this.contents(found.value);
  }

  /** Recorded paths are physical, so a hit needs no walk; a miss may go through a symlinked directory. */
  private entryIndex(path: string): FsResult<number> {
    const hit = this.index.get(path);
    if (hit !== undefined) return ok(hit);
    const found = this.resolve(path, false);
    return found.ok ? ok(this.index.get(found.value) as number) : found;
  }

  private statAt(i: number): EntryStat {
    return {
      type: TYPES[this.types[i] as number] as EntryType,
      mode: this.modes[i] as number,
      uid: this.uids[i] as number,
      gid: this.gids[i] as number,
      size: this.sizes[i] as number,
    };
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

  /** Counting sort of entries by parent: two passes, no per-directory arrays. */
  private children(): { childStart: Int32Array; childList: Int32Array } {
    if (this.childStart !== undefined && this.childList !== undefined) return { childStart: this.childStart, childList: this.childList };
    const n = this.paths.length;
    const parents = new Int32Array(n).fill(-1);
    const childStart = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) {
      const path = this.paths[i] as string;
      if (path === '/') continue;
      const cut = path.lastIndexOf('/');
      const parent = this.index.get(cut === 0 ? '/' : path.slice(0, cut));
      if (parent === undefined) continue;
      parents[i] = parent;
      childStart[parent + 1] = (childStart[parent + 1] as number) + 1;
    }
    for (let i = 0; i < n; i++) childStart[i + 1] = (childStart[i + 1] as number) + (childStart[i] as number);
    const fill = childStart.slice(0, n);
    const childList = new Int32Array(childStart[n] as number);
    for (let i = 0; i < n; i++) {
      const parent = parents[i] as number;
      if (parent < 0) continue;
      const slot = fill[parent] as number;
      childList[slot] = i;
      fill[parent] = slot + 1;
    }
    for (let p = 0; p < n; p++) {
      const from = childStart[p] as number;
      const to = childStart[p + 1] as number;
      if (to - from > 1) childList.subarray(from, to).sort((a, b) => compareCodeUnits(this.paths[a] as string, this.paths[b] as string));
    }
    this.childStart = childStart;
    this.childList = childList;
    return { childStart, childList };
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

function enlarge<T extends Uint8Array | Uint16Array | Uint32Array | Float64Array>(from: T, to: T): T {
  to.set(from as never);
  return to;
}

/** Sibling paths share their parent prefix, so comparing whole paths orders the names. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
