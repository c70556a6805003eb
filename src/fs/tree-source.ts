import * as nodeFs from 'node:fs';
import * as fsPromises from 'node:fs/promises';
import { EntryTable } from './entry-table.js';
import { LiveFs, fromNodeError, toEntryStat } from './live-fs.js';
import { fail, ok, type EntryStat, type FsResult, type FsView } from './types.js';
import { escapeBytes, nativeListing, type NativeListing } from './native-listing.js';
import type { WalkHelper } from './walk-helper.js';
import type { LabelReader, XattrLabels } from './xattr-acl.js';

/** One entry of a directory, as the walker reports it. */
export interface ListedEntry {
  name: string;
  stat: EntryStat;
  linkTarget?: string;
  /** The errno when the symlink's target could not be read. */
  linkError?: string;
  /** A live directory's device and inode when listed: descending checks it is still that one. */
  identity?: DirIdentity;
}

export interface DirIdentity {
  dev: number;
  ino: number;
}

/** A name readdir gave but lstat refused, with the errno: ENOENT when it vanished in between. */
export interface FailedEntry {
  name: string;
  code: string;
}

export interface Listing {
  /** Sorted by name (code units). */
  entries: ListedEntry[];
  failed: FailedEntry[];
  /** Names that are not valid UTF-8, shown with their bytes escaped. */
  undecodable: string[];
}

/**
 * How the walker reads one directory level. `handle` is where the directory really is: the
 * server path for any FsView, the host path (already confined) for the live filesystem, so
 * that descending costs no path resolution per entry. Both descend with childPath().
 */
export interface TreeSource {
  /** The handle of a walk root, following a symlink at the root itself (the server does too). */
  handleOf(path: string): FsResult<string>;
  /** `identity`: what the parent's listing saw there; a directory swapped since is not listed. */
  list(handle: string, identity?: DirIdentity): Promise<FsResult<Listing>>;
  /** A second thread listing subtrees the walk hands over, when this source has one to offer. */
  startHelper?(ignore: readonly string[]): Promise<WalkHelper | undefined>;
  /**
   * How many directories are worth reading at once: more than 1 on a remote filesystem, where
   * each call waits for a round trip. The walk then lists directories ahead of it.
   */
  readonly concurrency?: number;
  /**
   * Told of every listing (`path` is the server path): false when it shows the mount itself is
   * dead, so that the walk stops instead of reporting each directory as unreadable.
   */
  noteListed?(path: string, listed: FsResult<Listing>): boolean;
  /** Told that the walk is done with a directory it listed: a live source lets go of its descriptor. */
  release?(handle: string): void;
  /** Told that a walk ended: a live source checks that the mount is still the one it began on. */
  walkEnded?(): void;
}

export interface SourceTuning {
  /** The live source's switch to pooled lstats (tests force it with 0). */
  remoteLstatUs?: number;
  /** The helper thread's script (tests point the untranspiled sources at a transpiled copy). */
  helperScript?: URL;
  /** False: list in JavaScript even where the native addon is built (tests compare the two). */
  native?: boolean;
}

export function treeSourceFor(fs: FsView, tuning: SourceTuning = {}): TreeSource {
  if (fs instanceof LiveFs) return liveSource(fs, tuning);
  return fs instanceof EntryTable ? tableSource(fs) : viewSource(fs);
}

/** A listing, manifest or snapshot in memory: each directory's entries come off its child index at once. */
function tableSource(table: EntryTable): TreeSource {
  return {
    handleOf: (path) => ok(path),
    list: async (dir) => {
      const entries = table.listEntries(dir);
      return entries.ok ? ok({ entries: entries.value, failed: [], undecodable: [] }) : entries;
    },
  };
}

/** Any FsView: synchronous calls on server paths. */
function viewSource(fs: FsView): TreeSource {
  return {
    handleOf: (path) => ok(path),
    list: async (dir) => {
      const names = fs.readdir(dir);
      if (!names.ok) return names;
      const listing: Listing = { entries: [], failed: [], undecodable: [] };
      for (const name of names.value) {
        const path = childPath(dir, name);
        const stat = fs.lstat(path);
        if (!stat.ok) {
          listing.failed.push({ name, code: stat.error.code });
          continue;
        }
        const target = stat.value.type === 'symlink' ? fs.readlink(path) : undefined;
        listing.entries.push(target?.ok ? { name, stat: stat.value, linkTarget: target.value } : { name, stat: stat.value });
      }
      return ok(listing);
    },
  };
}

/**
 * Above this many microseconds per entry the disk is remote (sshfs, NFS), and issuing a whole
 * level's lstats at once on libuv's pool hides the round trips. On a local disk the pool's
 * per-call hand-off costs more than the syscall: measured on a warm 100k-entry tree, 0.4 s
 * synchronous against 1.5 s through the pool.
 */
const REMOTE_LSTAT_US = 100;
/** Entries timed before choosing. */
const PROBE_ENTRIES = 256;
/**
 * Directories read at once on a remote filesystem: each listing is an opendir, a readdir or two
 * and a close, each a round trip. libuv's pool runs this many calls at once (bin.ts sizes it).
 */
export const REMOTE_DIRECTORIES_AT_ONCE = 16;

/**
 * The live filesystem: listed synchronously on a local disk, with a helper thread for big
 * trees, and through the pool, several directories at once, on a remote or FUSE filesystem
 * (by its statfs type) or a disk that turns out slow (by timing the first entries).
 */
function liveSource(fs: LiveFs, { remoteLstatUs = REMOTE_LSTAT_US, helperScript, native = true }: SourceTuning): TreeSource {
  const { health } = fs;
  let remote = health.remote;
  let probed = 0;
  let probeNs = 0n;
  const addon = native ? nativeListing() : undefined;
  const pins = new DirectoryPins(addon);
  const list = async (dir: string, identity?: DirIdentity): Promise<FsResult<Listing>> => {
    const labels = fs.walkLabels;
    if (remote) return listInPool(dir, identity, labels);
    if (probed >= PROBE_ENTRIES) return listLiveDirectory(dir, identity, labels, pins, addon);
    const start = process.hrtime.bigint();
    const listed = listLiveDirectory(dir, identity, labels, pins, addon);
    probeNs += process.hrtime.bigint() - start;
    if (listed.ok) probed += listed.value.entries.length + listed.value.failed.length;
    remote = probed >= PROBE_ENTRIES && Number(probeNs / BigInt(probed)) >= remoteLstatUs * 1000;
    return listed;
  };
  return {
    handleOf: (path) => fs.hostPath(path, true),
    list,
    get concurrency() {
      return remote ? REMOTE_DIRECTORIES_AT_ONCE : 1;
    },
    // Remote round trips are already overlapped on the pool; a second thread is for the CPU.
    // Loaded on first use: small walks, the most common, never pay for it.
    startHelper: async (ignore) => {
      if (remote) return undefined;
      const { WalkHelper } = await import('./walk-helper.js');
      return WalkHelper.start(helperScript ?? WalkHelper.script, { ignore, acls: fs.walkLabels !== undefined, contexts: fs.readsContexts, native: addon !== undefined }, list);
    },
    noteListed: (path, listed) => {
      if (!listed.ok) {
        health.noteFailure('readdir', path, listed.error.code);
        if (listed.error.code === 'ENOENT') health.checkDevice();
        return health.alive;
      }
      for (const { name, code } of listed.value.failed) health.noteFailure('lstat', childPath(path, name), code);
      for (const { name, linkError } of listed.value.entries) if (linkError !== undefined) health.noteFailure('readlink', childPath(path, name), linkError);
      return health.alive;
    },
    release: (dir) => pins.release(dir),
    walkEnded: () => {
      pins.releaseAll();
      health.checkDevice();
    },
  };
}

/**
 * A whole level at once on libuv's pool, never blocking the walk's thread: a remote disk's round
 * trips overlap, within the level and with the other directories the walk reads ahead.
 */
async function listInPool(dir: string, identity: DirIdentity | undefined, labels: LabelReader | undefined): Promise<FsResult<Listing>> {
  let opened: fsPromises.FileHandle | undefined;
  try {
    let at = dir;
    if (identity !== undefined && PROC_FD !== undefined) {
      try {
        opened = await fsPromises.open(dir, nodeFs.constants.O_RDONLY | nodeFs.constants.O_DIRECTORY | nodeFs.constants.O_NOFOLLOW);
      } catch (e) {
        const code = errnoOf(e);
        return code === 'ELOOP' || code === 'ENOTDIR' ? changed(dir) : fromNodeError(dir, e);
      }
      const st = await opened.stat();
      if (st.dev !== identity.dev || st.ino !== identity.ino) return changed(dir);
      at = `${PROC_FD}/${opened.fd}`;
    }
    let names = await fsPromises.readdir(at);
    const undecodable: string[] = [];
    // Rare enough to take the synchronous route of the local listing.
    if (names.some((name) => name.includes('\uFFFD'))) names = decodableNames(at, undecodable);
    names.sort();
    return ok(collectListing({ names, undecodable }, await Promise.all(names.map((name) => lstatOnePooled(at, name, labels)))));
  } catch (e) {
    return fromNodeError(dir, e);
  } finally {
    await opened?.close().catch(() => undefined);
  }
}

function lstatOnePooled(dir: string, name: string, labels: LabelReader | undefined): Promise<ListedEntry | FailedEntry> {
  const path = childPath(dir, name);
  return new Promise((resolve) => {
    nodeFs.lstat(path, (err, st) => {
      if (err) return resolve({ name, code: errnoOf(err) });
      const stat = toEntryStat(st);
      const entry: ListedEntry = stat.type === 'dir' ? { name, stat, identity: { dev: st.dev, ino: st.ino } } : { name, stat };
      if (stat.type !== 'symlink') return labels === undefined ? resolve(entry) : void labels.readPooled(path).then((read) => resolve(withLabels(entry, read)));
      nodeFs.readlink(path, (linkErr, target) => resolve(linkErr ? { name, stat, linkError: errnoOf(linkErr) } : { name, stat, linkTarget: target }));
    });
  });
}

/**
 * One level of a live directory on a host path, synchronously: on a local disk a syscall costs
 * less than handing it to libuv's pool. The walk's helper thread lists with this too. `pins`
 * keeps the directory open while the walk descends into it (see DirectoryPins); the caller
 * releases it. `addon`: list with the native addon, by descriptor.
 */
export function listLiveDirectory(dir: string, identity?: DirIdentity, labels?: LabelReader, pins?: DirectoryPins, addon?: NativeListing): FsResult<Listing> {
  const opened = openChecked(dir, identity, pins, addon);
  if (!opened.ok) return opened;
  const { at, fd } = opened.value;
  let kept = false;
  try {
    let listing: Listing;
    if (addon !== undefined && fd !== undefined) {
      listing = addon.list(fd, labels !== undefined, labels?.contexts ?? false);
    } else {
      const names = readNames(at);
      if (!names.ok) return names;
      listing = collectListing(names.value, names.value.names.map((name) => lstatNow(at, name, labels)));
    }
    kept = fd !== undefined && pins !== undefined && listing.entries.some((entry) => entry.stat.type === 'dir') && pins.keep(dir, fd);
    return ok(listing);
  } catch (e) {
    return fromNodeError(dir, e);
  } finally {
    if (fd !== undefined && !kept) closeDirectory(fd, addon);
  }
}

/** /proc/self/fd/N names the open directory itself, whatever its path has become since. */
const PROC_FD = nodeFs.existsSync('/proc/self/fd') ? '/proc/self/fd' : undefined;
/**
 * Directories held open at once by one thread: the depth of the walk, bar pathological trees,
 * whose deeper levels are then opened by path and checked as a helper thread's first one is.
 */
const MAX_PINNED = 256;

/**
 * The open directories one thread is still descending into, by host path. A subdirectory is
 * opened through its parent's descriptor (O_NOFOLLOW; openat with the native addon, else
 * `/proc/self/fd/N/name`): the parent is
 * the directory that was listed, whatever its path has become, and a name in it that is still a
 * directory, never a symlink, is inside the tree. That needs no fstat to check the directory
 * against its listing, the one stat call per directory a walk opened by path would make.
 */
export class DirectoryPins {
  private readonly fds = new Map<string, number>();

  /** `addon`: the one that opens the directories, and so closes them. */
  constructor(private readonly addon?: NativeListing) {}

  /** The open descriptor of `dir`'s parent and `dir`'s name in it, when the parent is pinned. */
  parentOf(dir: string): { fd: number; name: string } | undefined {
    const cut = dir.lastIndexOf('/');
    const fd = this.fds.get(cut === 0 ? '/' : dir.slice(0, cut));
    return fd === undefined ? undefined : { fd, name: dir.slice(cut + 1) };
  }

  /** Keeps `fd` open as `dir`'s, unless as many are open as allowed. */
  keep(dir: string, fd: number): boolean {
    if (this.fds.size >= MAX_PINNED || this.fds.has(dir)) return false;
    this.fds.set(dir, fd);
    return true;
  }

  release(dir: string): void {
    const fd = this.fds.get(dir);
    if (fd === undefined) return;
    this.fds.delete(dir);
    closeDirectory(fd, this.addon);
  }

  releaseAll(): void {
    for (const dir of [...this.fds.keys()]) this.release(dir);
  }
}

/**
 * A directory the walk descends into, checked to be the one its parent's listing saw: opened
 * without following a symlink (O_NOFOLLOW), through its pinned parent, or by path with its
 * device and inode compared, then read through its descriptor. A release switch that swaps a
 * served directory for a symlink to / between listing and descent would otherwise lead the walk
 * out of --root. A walk root (no `identity`) is opened following a symlink, as the server does.
 * `at` is where to read it in JavaScript; `fd` is undefined where there is neither the addon
 * nor /proc to read it through.
 */
function openChecked(dir: string, identity: DirIdentity | undefined, pins: DirectoryPins | undefined, addon: NativeListing | undefined): FsResult<{ at: string; fd?: number }> {
  if (PROC_FD === undefined && addon === undefined) return ok({ at: dir });
  const parent = identity === undefined ? undefined : pins?.parentOf(dir);
  const noFollow = identity !== undefined;
  let fd: number;
  try {
    if (addon !== undefined) fd = addon.openDirectory(parent?.fd, parent === undefined ? dir : parent.name, noFollow);
    else fd = nodeFs.openSync(parent === undefined ? dir : `${PROC_FD}/${parent.fd}/${parent.name}`, nodeFs.constants.O_RDONLY | nodeFs.constants.O_DIRECTORY | (noFollow ? nodeFs.constants.O_NOFOLLOW : 0));
  } catch (e) {
    const code = errnoOf(e);
    return noFollow && (code === 'ELOOP' || code === 'ENOTDIR') ? changed(dir) : fromNodeError(dir, e);
  }
  const at = `${PROC_FD}/${fd}`;
  if (parent !== undefined || identity === undefined) return ok({ at, fd });
  try {
    const st = addon !== undefined ? addon.identity(fd) : nodeFs.fstatSync(fd);
    if (st.dev !== identity.dev || st.ino !== identity.ino) {
      closeDirectory(fd, addon);
      return changed(dir);
    }
  } catch (e) {
    closeDirectory(fd, addon);
    return fromNodeError(dir, e);
  }
  return ok({ at, fd });
}

/** A descriptor openChecked opened: the addon's own are closed by it. */
function closeDirectory(fd: number, addon: NativeListing | undefined): void {
  if (addon !== undefined) addon.close(fd);
  else nodeFs.closeSync(fd);
}

function changed<T>(dir: string): FsResult<T> {
  return fail('ECHANGED', dir, `${dir} is no longer the directory that was listed`);
}

interface DirectoryNames {
  /** Sorted by code unit. */
  names: string[];
  undecodable: string[];
}

/**
 * readdir, again with raw bytes when a name came back with U+FFFD: a latin-1 name must not
 * turn into a path that then "vanishes".
 */
function readNames(dir: string): FsResult<DirectoryNames> {
  let names: string[];
  try {
    names = nodeFs.readdirSync(dir);
  } catch (e) {
    return fromNodeError(dir, e);
  }
  const undecodable: string[] = [];
  if (names.some((name) => name.includes('\uFFFD'))) names = decodableNames(dir, undecodable);
  return ok({ names: names.sort(), undecodable });
}

/** The listing of a directory's names, each lstat-ed. */
function collectListing({ undecodable }: DirectoryNames, lstated: readonly (ListedEntry | FailedEntry)[]): Listing {
  const listing: Listing = { entries: [], failed: [], undecodable };
  for (const entry of lstated) {
    if ('code' in entry) listing.failed.push(entry);
    else listing.entries.push(entry);
  }
  return listing;
}

/** `labels`: reads the entry's ACL and label too (a symlink's are never checked: its target's are). */
function lstatNow(dir: string, name: string, labels: LabelReader | undefined): ListedEntry | FailedEntry {
  const path = childPath(dir, name);
  let st: nodeFs.Stats;
  try {
    st = nodeFs.lstatSync(path);
  } catch (e) {
    return { name, code: errnoOf(e) };
  }
  const stat = toEntryStat(st);
  if (stat.type === 'dir') return withLabels({ name, stat, identity: { dev: st.dev, ino: st.ino } }, labels?.read(path));
  if (stat.type !== 'symlink') return withLabels({ name, stat }, labels?.read(path));
  try {
    return { name, stat, linkTarget: nodeFs.readlinkSync(path) };
  } catch (e) {
    return { name, stat, linkError: errnoOf(e) };
  }
}

function withLabels(entry: ListedEntry, labels: XattrLabels | undefined): ListedEntry {
  if (labels?.acl !== undefined) entry.stat.acl = labels.acl;
  if (labels?.context !== undefined) entry.stat.context = labels.context;
  return entry;
}

/** The names that are valid UTF-8; the others, escaped, go to `undecodable`. */
function decodableNames(dir: string, undecodable: string[]): string[] {
  const names: string[] = [];
  let raw: Buffer[] = [];
  try {
    raw = nodeFs.readdirSync(dir, { encoding: 'buffer' });
  } catch {
    // Gone since the first read: the names of that read cannot be trusted either.
  }
  for (const bytes of raw) {
    const name = bytes.toString('utf8');
    if (name.includes('\uFFFD') && !Buffer.from(name, 'utf8').equals(bytes)) undecodable.push(escapeBytes(bytes));
    else names.push(name);
  }
  return names;
}

function errnoOf(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return typeof code === 'string' ? code : 'EIO';
}

export function childPath(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}
