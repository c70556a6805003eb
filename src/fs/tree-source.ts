import * as nodeFs from 'node:fs';
import { LiveFs, fromNodeError, toEntryStat } from './live-fs.js';
import { ok, type EntryStat, type FsResult, type FsView } from './types.js';

/** One entry of a directory, as the walker reports it. */
export interface ListedEntry {
  name: string;
  stat: EntryStat;
  linkTarget?: string;
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
  list(handle: string): Promise<FsResult<Listing>>;
}

/** `remoteLstatUs` moves the live source's switch to parallel lstats (tests force it with 0). */
export function treeSourceFor(fs: FsView, remoteLstatUs = REMOTE_LSTAT_US): TreeSource {
  return fs instanceof LiveFs ? liveSource(fs, remoteLstatUs) : viewSource(fs);
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
 * Above this many microseconds per lstat the disk is remote (sshfs, NFS), and issuing a whole
 * level's lstats at once on libuv's pool hides the round trips. On a local disk the pool's
 * per-call hand-off costs more than the syscall: measured on a warm 100k-entry tree, 0.4 s
 * synchronous against 1.5 s through the pool.
 */
const REMOTE_LSTAT_US = 100;
/** Entries timed before choosing. */
const PROBE_ENTRIES = 256;

/**
 * The live filesystem: readdir, again with raw bytes when a name came back with U+FFFD (a
 * latin-1 name must not turn into a path that then "vanishes"), lstat synchronously on a local disk and in parallel on a
 * slow one, chosen by timing the first entries.
 */
function liveSource(fs: LiveFs, remoteLstatUs: number): TreeSource {
  let probed = 0;
  let probeNs = 0n;
  let parallel = false;
  return {
    handleOf: (path) => fs.hostPath(path, true),
    list: async (dir) => {
      let names: string[];
      try {
        names = nodeFs.readdirSync(dir);
      } catch (e) {
        return fromNodeError(dir, e);
      }
      const listing: Listing = { entries: [], failed: [], undecodable: [] };
      if (names.some((name) => name.includes('\uFFFD'))) names = decodableNames(dir, listing.undecodable);
      names.sort();
      let listed: (ListedEntry | FailedEntry)[];
      if (parallel) {
        listed = await Promise.all(names.map((name) => lstatInPool(dir, name)));
      } else {
        const start = probed < PROBE_ENTRIES ? process.hrtime.bigint() : 0n;
        listed = names.map((name) => lstatNow(dir, name));
        if (probed < PROBE_ENTRIES) {
          probeNs += process.hrtime.bigint() - start;
          probed += names.length;
          parallel = probed >= PROBE_ENTRIES && Number(probeNs / BigInt(probed)) >= remoteLstatUs * 1000;
        }
      }
      for (const entry of listed) {
        if ('code' in entry) listing.failed.push(entry);
        else listing.entries.push(entry);
      }
      return ok(listing);
    },
  };
}

function lstatNow(dir: string, name: string): ListedEntry | FailedEntry {
  const path = childPath(dir, name);
  let stat: EntryStat;
  try {
    stat = toEntryStat(nodeFs.lstatSync(path));
  } catch (e) {
    return { name, code: errnoOf(e) };
  }
  if (stat.type !== 'symlink') return { name, stat };
  try {
    return { name, stat, linkTarget: nodeFs.readlinkSync(path) };
  } catch {
    return { name, stat };
  }
}

function lstatInPool(dir: string, name: string): Promise<ListedEntry | FailedEntry> {
  const path = childPath(dir, name);
  return new Promise((resolve) => {
    nodeFs.lstat(path, (err, st) => {
      if (err) return resolve({ name, code: errnoOf(err) });
      const stat = toEntryStat(st);
      if (stat.type !== 'symlink') return resolve({ name, stat });
      nodeFs.readlink(path, (linkErr, target) => resolve(linkErr ? { name, stat } : { name, stat, linkTarget: target }));
    });
  });
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

/** Printable ASCII kept, every other byte as \xNN, the way ls -b shows such names. */
function escapeBytes(bytes: Buffer): string {
  let text = '';
  for (const b of bytes) text += b >= 0x20 && b < 0x7f && b !== 0x5c ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`;
  return text;
}
