/**
 * The one way forbidlint looks at a filesystem. Parsers read includes through it, the walker
 * lists document roots through it, access checks read modes through it. Two implementations:
 * LiveFs (a real tree, optionally confined under --root) and ListingFs (a listing taken on the
 * server). All paths given to an FsView are absolute paths *as the audited server sees them*.
 */

export type EntryType = 'file' | 'dir' | 'symlink' | 'char' | 'block' | 'fifo' | 'socket' | 'unknown';

export interface EntryStat {
  type: EntryType;
  /** Permission bits including setuid/setgid/sticky (mode & 0o7777). */
  mode: number;
  uid: number;
  gid: number;
  size: number;
}

/** Why an FsView call failed, with the errno name the server would see. */
export interface FsError {
  code: 'ENOENT' | 'EACCES' | 'ENOTDIR' | 'ELOOP' | 'EISDIR' | 'EINVAL' | 'EIO' | 'EOUTSIDE' | 'EFBIG' | string;
  message: string;
  path: string;
}

export type FsResult<T> = { ok: true; value: T } | { ok: false; error: FsError };

export interface FsView {
  /** A short description for messages: `the live filesystem under /mnt/server`, `listing ./find.txt`. */
  readonly description: string;
  /** Stat without following a final symlink. */
  lstat(path: string): FsResult<EntryStat>;
  /** Stat following symlinks (resolved inside the root). */
  stat(path: string): FsResult<EntryStat>;
  /** Names in a directory, sorted by code unit. */
  readdir(path: string): FsResult<string[]>;
  readlink(path: string): FsResult<string>;
  readFile(path: string): FsResult<Buffer>;
}

export function ok<T>(value: T): FsResult<T> {
  return { ok: true, value };
}

export function fail<T>(code: FsError['code'], path: string, message: string): FsResult<T> {
  return { ok: false, error: { code, path, message } };
}
