import type { FsDiagnostic } from './diagnostics.js';

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
  /**
   * The extended POSIX ACL, when the entry has one (`getfacl` shows more than `user::`, `group::`
   * and `other::`). Absent means the mode bits alone decide.
   */
  acl?: PosixAcl;
  /** The SELinux label (`system_u:object_r:httpd_sys_content_t:s0`) when the view knows it. */
  context?: string;
}

/** Permission bits of one ACL entry: 4 read, 2 write, 1 search/execute. */
export type AclPerm = number;

/**
 * An extended ACL as the kernel holds it. The owner's and others' permissions are the mode's
 * `u` and `o` bits (the kernel keeps `user::` and `other::` equal to them), and with an
 * extended ACL the mode's `g` bits are the mask; the owning group's own entry lives here.
 */
export interface PosixAcl {
  /** `group::`: the owning group's permissions, before the mask. */
  owningGroup: AclPerm;
  /** `user:NAME:`, resolved to uids of the audited system (NaN when a name resolves to nobody). */
  users: readonly { id: number; perm: AclPerm }[];
  /** `group:NAME:`, resolved to gids. */
  groups: readonly { id: number; perm: AclPerm }[];
  /** `mask::`; when absent the mode's group bits stand in for it. */
  mask?: AclPerm;
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
  /**
   * Views that read ACLs and labels apart from stat (the live filesystem) read them once for
   * these served trees and their parents, before any access question. Returns notes (a missing
   * `getfacl`) as diagnostics.
   */
  loadAccessLabels?(paths: readonly string[]): FsDiagnostic[];
  /** A stat read outside the view (the walk's own listing) with the ACL and label the view knows for it. */
  withAccessLabels?(path: string, stat: EntryStat): EntryStat;
}

export function ok<T>(value: T): FsResult<T> {
  return { ok: true, value };
}

export function fail<T>(code: FsError['code'], path: string, message: string): FsResult<T> {
  return { ok: false, error: { code, path, message } };
}

/** An account of the audited system, from its own /etc/passwd. */
export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  home: string;
  shell: string;
}

/** A group of the audited system, from its own /etc/group. */
export interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

/**
 * Users and groups of the audited system (never of the machine forbidlint runs on).
 * Implemented in users.ts from /etc/passwd and /etc/group read through an FsView.
 */
export interface UserDb {
  userByName(name: string): PasswdEntry | undefined;
  userById(uid: number): PasswdEntry | undefined;
  groupByName(name: string): GroupEntry | undefined;
  groupById(gid: number): GroupEntry | undefined;
  /** `root`, or the number itself when the audited system has no such user. */
  userName(uid: number): string;
  groupName(gid: number): string;
  /** Groups whose /etc/group member list names `user` (initgroups(3)'s supplementary groups). */
  memberOf?(user: string): readonly GroupEntry[];
}

/** Who the server's workers run as: a resolved uid with every group it holds. */
export interface Principal {
  name: string;
  uid: number;
  /** Primary group. */
  gid: number;
  /** Primary and supplementary groups. */
  gids: readonly number[];
}

export type AccessNeed = 'read' | 'write' | 'search';

/** The first path component that stops a principal, and why, as the kernel would decide. */
export interface AccessDenial {
  /** The component that failed: a directory missing search permission, or the final entry. */
  path: string;
  need: AccessNeed;
  reason: 'permission' | 'missing' | 'not-a-directory' | 'symlink-loop' | 'unreadable';
  /** The failing entry's stat when it exists. */
  stat?: EntryStat;
  message: string;
}

export type AccessResult = { ok: true; stat: EntryStat } | { ok: false; denial: AccessDenial };
