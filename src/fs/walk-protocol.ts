import { fromNodeError } from './live-fs.js';
import { ok, type EntryStat, type EntryType, type FsResult, type PosixAcl } from './types.js';
import type { DirIdentity, Listing } from './tree-source.js';

/**
 * What crosses between the walk and its helper thread (walk-helper.ts, walk-worker.ts).
 * The walk hands over whole subtrees it has not reached yet; the helper lists them depth first,
 * in the order the walk will ask for them, and sends the listings back in chunks.
 */

/** A subtree to list: a directory's server path (for the ignore globs), its host path and what the walk's listing saw there. */
export interface SubtreeJob {
  job: number;
  path: string;
  handle: string;
  root: string;
  identity?: DirIdentity;
}

/** Listings of one job, in walk order; `done` on the job's last chunk. */
export interface ChunkMessage {
  job: number;
  chunk: EncodedListings;
  done: boolean;
}

export interface HelperStartup extends HelperSettings {
  state: SharedArrayBuffer;
}

export interface HelperSettings {
  ignore: readonly string[];
  /** Whether each entry's ACL is read beside its lstat, as the walk's own listings do. */
  acls: boolean;
  /** Whether its SELinux label is read too (the audited system has SELinux). */
  contexts: boolean;
  /** Whether the helper lists with the native addon, as the walk does (native-listing.ts). */
  native: boolean;
}

/**
 * Int32 slots shared by both threads. A job is QUEUED when posted; whichever thread moves it
 * first wins: the helper to STARTED, or the walk, arriving at a subtree the helper has not begun,
 * to CANCELLED (it then lists the subtree itself instead of waiting).
 */
export const STATE = {
  /** Jobs the helper has finished or skipped. */
  finishedJobs: 0,
  /** Entries sent but not yet taken by the walk: the helper pauses above MAX_BUFFERED_ENTRIES. */
  bufferedEntries: 1,
  /** The job the walk is waiting for, which the helper never pauses: -1 for none. */
  awaitedJob: 2,
  firstJobSlot: 3,
} as const;
/**
 * More than the jobs ever outstanding at once: job n + JOB_SLOTS is only posted once job n is
 * finished, and the walk never cancels a finished job, so a reused slot is never misread.
 */
export const JOB_SLOTS = 64;
export const JOB_QUEUED = 0;
export const JOB_STARTED = 1;
export const JOB_CANCELLED = 2;
export const STATE_BYTES = (STATE.firstJobSlot + JOB_SLOTS) * Int32Array.BYTES_PER_ELEMENT;
/** Keeps memory flat however far the helper runs ahead: a few MiB of listings. */
export const MAX_BUFFERED_ENTRIES = 1 << 16;

export function jobSlot(job: number): number {
  return STATE.firstJobSlot + (job % JOB_SLOTS);
}

/**
 * Listings as one NUL-joined string and one Float64Array: cloning a string and a buffer costs
 * far less than cloning an object per entry. NUL cannot occur in a path, a name or a link target.
 */
export interface EncodedListings {
  texts: string;
  numbers: Float64Array<ArrayBuffer>;
  entries: number;
}

const TYPES: readonly EntryType[] = ['file', 'dir', 'symlink', 'char', 'block', 'fifo', 'socket', 'unknown'];
const TYPE_INDEX = new Map(TYPES.map((type, index) => [type, index]));
/** What follows an entry's name: nothing, its link target, or the errno of reading that. */
const NO_LINK = 0;
const LINK_TARGET = 1;
const LINK_ERROR = 2;

export class ListingEncoder {
  private texts: string[] = [];
  private numbers: number[] = [];
  entries = 0;

  add(handle: string, listed: FsResult<Listing>): void {
    this.texts.push(handle);
    if (!listed.ok) {
      this.texts.push(listed.error.code);
      this.numbers.push(0, 0, 0, 0);
      return;
    }
    const { entries, failed, undecodable } = listed.value;
    this.numbers.push(1, entries.length, failed.length, undecodable.length);
    for (const { name, stat, linkTarget, linkError } of entries) {
      const link = linkTarget !== undefined ? LINK_TARGET : linkError !== undefined ? LINK_ERROR : NO_LINK;
      this.numbers.push(TYPE_INDEX.get(stat.type) ?? TYPES.length - 1, stat.mode, stat.uid, stat.gid, stat.size, link);
      this.addAcl(stat.acl);
      this.numbers.push(stat.context === undefined ? 0 : 1);
      this.texts.push(name);
      if (link !== NO_LINK) this.texts.push((linkTarget ?? linkError) as string);
      if (stat.context !== undefined) this.texts.push(stat.context);
    }
    for (const { name, code } of failed) this.texts.push(name, code);
    for (const text of undecodable) this.texts.push(text); // not push(...): a directory may hold any number
    this.entries += entries.length + failed.length;
  }

  /** 0 without an ACL; else 1, the owning group's bits, the mask (-1 for none), then the named entries. */
  private addAcl(acl: PosixAcl | undefined): void {
    if (acl === undefined) return void this.numbers.push(0);
    this.numbers.push(1, acl.owningGroup, acl.mask ?? -1, acl.users.length, acl.groups.length);
    for (const { id, perm } of [...acl.users, ...acl.groups]) this.numbers.push(id, perm);
  }

  take(): EncodedListings {
    const encoded = { texts: this.texts.join('\0'), numbers: new Float64Array(this.numbers), entries: this.entries };
    this.texts = [];
    this.numbers = [];
    this.entries = 0;
    return encoded;
  }
}

export interface DecodedListing {
  handle: string;
  listed: FsResult<Listing>;
  /** Entries and failed entries, as counted in `bufferedEntries`. */
  size: number;
}

/** Reads a chunk's listings one at a time, so that a chunk waiting its turn stays two objects. */
export class ListingDecoder {
  private readonly text: string[];
  private t = 0;
  private n = 0;

  constructor(private readonly chunk: EncodedListings) {
    // A job's closing message may carry no listing at all.
    this.text = chunk.texts === '' ? [] : chunk.texts.split('\0');
  }

  next(): DecodedListing | undefined {
    if (this.t >= this.text.length) return undefined;
    const handle = this.nextText();
    const [listedOk, entryCount, failedCount, undecodableCount] = [this.nextNumber(), this.nextNumber(), this.nextNumber(), this.nextNumber()];
    if (!listedOk) return { handle, listed: fromNodeError(handle, { code: this.nextText() }), size: 0 };
    const listing: Listing = { entries: [], failed: [], undecodable: [] };
    for (let i = 0; i < entryCount; i++) {
      const stat: EntryStat = { type: TYPES[this.nextNumber()] ?? 'unknown', mode: this.nextNumber(), uid: this.nextNumber(), gid: this.nextNumber(), size: this.nextNumber() };
      const link = this.nextNumber();
      const acl = this.nextAcl();
      if (acl !== undefined) stat.acl = acl;
      const hasContext = this.nextNumber() === 1;
      const name = this.nextText();
      listing.entries.push(link === LINK_TARGET ? { name, stat, linkTarget: this.nextText() } : link === LINK_ERROR ? { name, stat, linkError: this.nextText() } : { name, stat });
      // A label is text, NUL-free like a name: it follows the entry's other texts.
      if (hasContext) stat.context = this.nextText();
    }
    for (let i = 0; i < failedCount; i++) listing.failed.push({ name: this.nextText(), code: this.nextText() });
    for (let i = 0; i < undecodableCount; i++) listing.undecodable.push(this.nextText());
    return { handle, listed: ok(listing), size: entryCount + failedCount };
  }

  private nextAcl(): PosixAcl | undefined {
    if (this.nextNumber() === 0) return undefined;
    const [owningGroup, mask, users, groups] = [this.nextNumber(), this.nextNumber(), this.nextNumber(), this.nextNumber()];
    const named = (count: number): { id: number; perm: number }[] => Array.from({ length: count }, () => ({ id: this.nextNumber(), perm: this.nextNumber() }));
    return { owningGroup, ...(mask === -1 ? {} : { mask }), users: named(users), groups: named(groups) };
  }

  private nextText(): string {
    return this.text[this.t++] ?? '';
  }

  private nextNumber(): number {
    return this.chunk.numbers[this.n++] ?? 0;
  }
}
