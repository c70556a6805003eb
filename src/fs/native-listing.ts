import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { decodeAclXattr } from './acl.js';
import type { EntryType } from './types.js';
import type { FailedEntry, Listing, ListedEntry } from './tree-source.js';
import { decodeContext } from './xattr-acl.js';

/**
 * The project's own optional addon (native/, built by node-gyp at install): lists a directory by
 * its descriptor in one call, with getdents, fstatat, readlinkat and the labels' getxattrat
 * relative to it. Node's calls take paths only, so the walk otherwise reaches each entry through
 * `/proc/self/fd/N/name`, a path walk of its own for each lstat and each xattr read, and builds a
 * Stats object per entry. Where the addon did not build, the walk lists in JavaScript (tree-source.ts):
 * the same listings, at about twice the cost.
 */
export interface NativeListing {
  /** openat(2) of a directory, relative to `at` (a descriptor) or the working directory; throws with the errno's `code`. */
  openDirectory(at: number | undefined, path: string, noFollow: boolean): number;
  identity(fd: number): { dev: number; ino: number };
  /** Closes a descriptor it opened (a worker thread's closeSync warns of one it did not). */
  close(fd: number): void;
  /** One level of the open directory `fd`, names sorted, with ACLs and (`contexts`) SELinux labels when `acls`. */
  list(fd: number, acls: boolean, contexts: boolean): Listing;
}

interface Binding {
  openDirectory(at: number, path: string, noFollow: boolean): number;
  identity(fd: number): [number, number];
  close(fd: number): void;
  list(fd: number, acl: boolean, context: boolean): { names: Buffer; extras: Buffer; numbers: Float64Array };
  fields: number;
}

/** The fields of one entry in `numbers`, as native/src/walk_native.c lays them out. */
const F = { errno: 0, mode: 1, uid: 2, gid: 3, size: 4, dev: 5, ino: 6, nameLength: 7, linkLength: 8, linkErrno: 9, aclLength: 10, contextLength: 11 } as const;
const FIELDS = 12;
const ERRNO_NAMES = new Map<number, string>();
for (const [name, number] of Object.entries(constants.errno)) if (!ERRNO_NAMES.has(number)) ERRNO_NAMES.set(number, name);
const TYPES = new Map<number, EntryType>([
  [0o100000, 'file'],
  [0o040000, 'dir'],
  [0o120000, 'symlink'],
  [0o020000, 'char'],
  [0o060000, 'block'],
  [0o010000, 'fifo'],
  [0o140000, 'socket'],
]);

let loaded: { listing: NativeListing | undefined } | undefined;

/** The addon, or undefined where it is not built (or built for another layout of its numbers). */
export function nativeListing(): NativeListing | undefined {
  loaded ??= { listing: load() };
  return loaded.listing;
}

function load(): NativeListing | undefined {
  let binding: Binding;
  try {
    binding = createRequire(import.meta.url)('forbidlint-walk-native') as Binding;
  } catch {
    return undefined;
  }
  if (binding.fields !== FIELDS) return undefined;
  return {
    openDirectory: (at, path, noFollow) => named(() => binding.openDirectory(at ?? -1, path, noFollow)),
    identity: (fd) => {
      const [dev, ino] = named(() => binding.identity(fd));
      return { dev, ino };
    },
    close: (fd) => named(() => binding.close(fd)),
    list: (fd, acls, contexts) => decode(named(() => binding.list(fd, acls, contexts))),
  };
}

/** A call whose failure, thrown with the errno's number, is given its name as `code`, as Node's own calls do. */
function named<T>(call: () => T): T {
  try {
    return call();
  } catch (e) {
    const error = e as NodeJS.ErrnoException;
    if (typeof error.errno === 'number') error.code = errnoName(error.errno);
    throw error;
  }
}

function decode({ names: nameBytes, extras, numbers }: { names: Buffer; extras: Buffer; numbers: Float64Array }): Listing {
  const count = numbers.length / FIELDS;
  // Each name ends in a NUL, which no name holds: one decoding for the whole directory.
  const names = nameBytes.toString('utf8').split('\0');
  const listing: Listing = { entries: [], failed: [], undecodable: [] };
  const listed: (ListedEntry | FailedEntry)[] = [];
  let nameAt = 0;
  let extraAt = 0;
  const extra = (length: number): Buffer => extras.subarray(extraAt, (extraAt += length));
  for (let i = 0, at = 0; i < count; i++, at += FIELDS) {
    const name = names[i] as string;
    const nameLength = numbers[at + F.nameLength] as number;
    const raw = nameBytes.subarray(nameAt, nameAt + nameLength);
    nameAt += nameLength + 1;
    const linkLength = numbers[at + F.linkLength] as number;
    const aclLength = numbers[at + F.aclLength] as number;
    const contextLength = numbers[at + F.contextLength] as number;
    const link = linkLength < 0 ? undefined : extra(linkLength).toString('utf8');
    const acl = aclLength < 0 ? undefined : decodeAclXattr(extra(aclLength));
    const context = contextLength < 0 ? undefined : decodeContext(extra(contextLength));
    // A name that is not UTF-8 would come back as another name that then "vanishes".
    if (name.includes('\uFFFD') && !Buffer.from(name, 'utf8').equals(raw)) {
      listing.undecodable.push(escapeBytes(raw));
      continue;
    }
    const errno = numbers[at + F.errno] as number;
    if (errno !== 0) {
      listed.push({ name, code: errnoName(errno) });
      continue;
    }
    const mode = numbers[at + F.mode] as number;
    const type = TYPES.get(mode & 0o170000) ?? 'unknown';
    const stat = { type, mode: mode & 0o7777, uid: numbers[at + F.uid] as number, gid: numbers[at + F.gid] as number, size: numbers[at + F.size] as number };
    if (type === 'symlink') {
      const linkErrno = numbers[at + F.linkErrno] as number;
      listed.push(link !== undefined ? { name, stat, linkTarget: link } : { name, stat, linkError: errnoName(linkErrno) });
      continue;
    }
    const entry: ListedEntry = type === 'dir' ? { name, stat, identity: { dev: numbers[at + F.dev] as number, ino: numbers[at + F.ino] as number } } : { name, stat };
    if (acl !== undefined) entry.stat.acl = acl;
    if (context !== undefined) entry.stat.context = context;
    listed.push(entry);
  }
  listed.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of listed) {
    if ('code' in entry) listing.failed.push(entry);
    else listing.entries.push(entry);
  }
  return listing;
}

function errnoName(errno: number): string {
  return ERRNO_NAMES.get(errno) ?? 'EIO';
}

/** Printable ASCII kept, every other byte as \xNN, the way ls -b shows such names. */
export function escapeBytes(bytes: Buffer): string {
  let text = '';
  for (const b of bytes) text += b >= 0x20 && b < 0x7f && b !== 0x5c ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`;
  return text;
}
