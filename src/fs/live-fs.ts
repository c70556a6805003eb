import * as fs from 'node:fs';
import * as posixPath from 'node:path/posix';
import { readRegularFile } from './bounded-read.js';
import type { FsDiagnostic } from './diagnostics.js';
import { LiveAcls, type AclSource } from './live-acls.js';
import { MountHealth } from './mount-health.js';
import { readSelinuxState } from './selinux.js';
import { resolvePath, type Lookup, type LookupFailure, type PathLookup } from './resolve.js';
import { fail, ok, type EntryStat, type EntryType, type FsResult, type FsView } from './types.js';
import type { LabelReader } from './xattr-acl.js';

export interface LiveFsOptions {
  /** How ACLs are read once asked for (loadAccessLabels): by path when the reader is installed, the default. */
  acls?: AclSource;
}

/**
 * The real filesystem, seen as the audited server sees it. With a root other than `/`
 * (a server mounted over sshfs at /mnt/server), every absolute path, every `..` and every
 * symlink target is resolved inside the root, as if the root were `/`: nothing outside it is
 * ever opened or stat'ed. Read-only by construction: no method writes.
 */
export class LiveFs implements FsView {
  readonly root: string;
  readonly description: string;
  /** Primitives on host paths of symlink-free server paths, for the confined path walk. */
  private readonly hostLookup: PathLookup;
  /**
   * Server paths the confined walk has seen to be real directories, all their ancestors too.
   * An access check asks for every component of a path in turn; without this each would be
   * walked again from the root, quadratic in depth and, over sshfs, in round trips.
   */
  private readonly physicalDirs = new Set<string>(['/']);
  private readonly acls: LiveAcls;
  /** Whether the audited system has SELinux (its own config, under the root): labels are read then. */
  private selinux: boolean | undefined;
  private labelsUnreadNoted = false;
  private aclsUnreadNoted = false;
  /** Whether the audit saw the whole tree: errors of a dead mount and a changed device make it incomplete. */
  readonly health: MountHealth;

  constructor(root = '/', options: LiveFsOptions = {}) {
    this.acls = new LiveAcls(options.acls);
    // Resolved once: a --root given through a symlink (or under one) is the tree it names, and
    // every later lstat under it sees real directories, never that link.
    this.root = realRoot(posixPath.resolve(root));
    this.description = this.root === '/' ? 'the live filesystem' : `the live filesystem under ${this.root}`;
    this.health = new MountHealth(this.root);
    this.hostLookup = {
      lstat: (path) => {
        const host = this.toHost(path);
        const stat = this.checked('lstat', attempt(path, () => this.entryStat(fs.lstatSync(host), host)));
        if (stat.ok && stat.value.type === 'dir') this.physicalDirs.add(path);
        return stat;
      },
      readlink: (path) => this.checked('readlink', attempt(path, () => fs.readlinkSync(this.toHost(path)))),
    };
  }

  /** The host path of a server path, following symlinks inside the root. */
  hostPath(serverPath: string, followLast = true): FsResult<string> {
    if (!serverPath.startsWith('/')) return fail('EINVAL', serverPath, `not an absolute path: ${serverPath}`);
    // Unconfined, the kernel's own walk is the reference: handing it the path untouched keeps
    // `..` after a symlinked directory physical, which posix normalize() would get wrong.
    if (this.root === '/') return ok(serverPath);
    const found = this.resolve(serverPath, followLast);
    return found.ok ? ok(this.toHost(found.path)) : lookupFailed(found.failure, serverPath);
  }

  lstat(path: string): FsResult<EntryStat> {
    return this.statOf(path, false);
  }

  stat(path: string): FsResult<EntryStat> {
    return this.statOf(path, true);
  }

  readdir(path: string): FsResult<string[]> {
    const host = this.hostPath(path);
    if (!host.ok) return host;
    return this.checked('readdir', attempt(path, () => fs.readdirSync(host.value).sort()));
  }

  readlink(path: string): FsResult<string> {
    const host = this.hostPath(path, false);
    if (!host.ok) return host;
    return this.checked('readlink', attempt(path, () => fs.readlinkSync(host.value)));
  }

  readFile(path: string): FsResult<Buffer> {
    const host = this.hostPath(path);
    if (!host.ok) return host;
    const read = this.checked('read', readRegularFile(host.value, path));
    // errno failures keep the wording of every other call; the rest say what the entry is.
    return read.ok || read.error.message !== `${read.error.code}: ${path}` ? read : fail(read.error.code, path, `${describeErrno(read.error.code)}: ${path}`);
  }

  private statOf(path: string, followLast: boolean): FsResult<EntryStat> {
    if (this.root !== '/') {
      const direct = this.inPhysicalDir(path) ? this.hostLookup.lstat(path) : undefined;
      if (direct !== undefined && (!direct.ok || !followLast || direct.value.type !== 'symlink')) return direct;
      // The confined walk stats the final component itself: no second syscall.
      const found = this.resolve(path, followLast);
      return found.ok ? ok(found.stat) : lookupFailed(found.failure, path);
    }
    if (!path.startsWith('/')) return fail('EINVAL', path, `not an absolute path: ${path}`);
    return this.checked(followLast ? 'stat' : 'lstat', attempt(path, () => (followLast ? this.followedStat(path) : this.entryStat(fs.lstatSync(path), path))));
  }

  /**
   * stat(2), with the ACL of the entry a final symlink leads to, which is read by that entry's
   * own path: realpath(3) finds it with readlinks, and its lstat is the one stat call.
   */
  private followedStat(path: string): EntryStat {
    if (this.acls.perPath === undefined) return this.entryStat(fs.statSync(path), path);
    const real = fs.realpathSync.native(path);
    return this.entryStat(fs.lstatSync(real), real);
  }

  /**
   * Reads the ACLs of the served trees (whole) and their parents, each once per view, and the
   * SELinux labels when the audited system has SELinux: a system without it pays no call for them.
   */
  loadAccessLabels(paths: readonly string[]): FsDiagnostic[] {
    const shownAs = paths[0] ?? '/';
    this.selinux ??= (readSelinuxState(this)?.mode ?? 'disabled') !== 'disabled';
    // SFTP carries no xattrs, so getfacl over sshfs sees no ACL, and it would read the whole tree
    // once more over the link before the walk (docs/filesystem.md: a snapshot captures them).
    // Nor is any read per entry: each would be a FUSE call that can only answer "none".
    if (this.health.fuse) {
      const why = 'this FUSE mount (sshfs) carries no extended attributes';
      return [...this.aclsUnread(shownAs, why), ...this.labelsUnread(shownAs, why)];
    }
    const hosts: string[] = [];
    for (const path of paths) {
      const host = this.hostPath(path);
      if (host.ok) hosts.push(host.value);
    }
    const notes = this.acls.load(hosts, this.root, shownAs, this.selinux);
    if (this.acls.perPath !== undefined) return notes;
    return [...notes, ...this.labelsUnread(shownAs, 'they are read only through the optional @napi-rs/xattr package, not in use here')];
  }

  /** Once per view: an ACL that opens (or a mask that closes) a file to the web server is not seen here. */
  private aclsUnread(shownAs: string, why: string): FsDiagnostic[] {
    if (this.aclsUnreadNoted) return [];
    this.aclsUnreadNoted = true;
    const message = `POSIX ACLs were not read (${why}): the mode bits alone decide who may read what; a snapshot (forbidlint snapshot) captures them`;
    return [{ code: 'acl-unread', path: shownAs, message, severity: 'info' }];
  }

  /** Once per view, on a system with SELinux: fs/selinux-context has nothing to judge on this tree. */
  private labelsUnread(shownAs: string, why: string): FsDiagnostic[] {
    if (!this.selinux || this.labelsUnreadNoted) return [];
    this.labelsUnreadNoted = true;
    const message = `SELinux labels were not read (${why}): fs/selinux-context judges no file here; a snapshot (forbidlint snapshot) captures them`;
    return [{ code: 'selinux-labels-unread', path: shownAs, message, severity: 'info' }];
  }

  /** What reads each walked entry's ACL (and label) beside its lstat, when ACLs are read by path. */
  get walkLabels(): LabelReader | undefined {
    return this.acls.perPath;
  }

  /** Whether the walk reads SELinux labels beside each lstat. */
  get readsContexts(): boolean {
    return this.selinux === true && this.acls.perPath !== undefined;
  }

  withAccessLabels(path: string, stat: EntryStat): EntryStat {
    if (this.acls.empty || stat.type === 'symlink') return stat;
    const again = this.lstat(path);
    return again.ok ? again.value : stat;
  }

  /** `host`: where `st` was read, not through a final symlink. */
  private entryStat(st: fs.Stats, host: string): EntryStat {
    const stat = toEntryStat(st);
    const labels = this.acls.of(st, host);
    return labels?.acl === undefined && labels?.context === undefined ? stat : { ...stat, ...labels };
  }

  /** A result, after telling the mount's health about a failure. */
  private checked<T>(call: 'readlink' | 'lstat' | 'stat' | 'readdir' | 'read', result: FsResult<T>): FsResult<T> {
    if (!result.ok) this.health.noteFailure(call, result.error.path, result.error.code);
    return result;
  }

  /** A normalized path whose directory is known to be real needs one lstat, not a walk. */
  private inPhysicalDir(path: string): boolean {
    const cut = path.lastIndexOf('/');
    if (cut < 0 || cut === path.length - 1 || /\/\.{0,2}(?:\/|$)/.test(path)) return false;
    return this.physicalDirs.has(cut === 0 ? '/' : path.slice(0, cut));
  }

  private resolve(serverPath: string, followLast: boolean): Lookup {
    return resolvePath(serverPath, followLast, this.hostLookup);
  }

  private toHost(serverPath: string): string {
    return this.root === '/' ? serverPath : serverPath === '/' ? this.root : this.root + serverPath;
  }
}

function realRoot(root: string): string {
  try {
    return fs.realpathSync(root);
  } catch {
    return root; // a missing root fails each lookup with its own ENOENT
  }
}

/** The failure of a lookup, saying which path was asked for when a component above it failed. */
function lookupFailed<T>(failure: LookupFailure, path: string): FsResult<T> {
  return fail(failure.code, path, failure.path === path ? failure.message : `${failure.message} (looking up ${path})`);
}

export function toEntryStat(st: fs.Stats): EntryStat {
  return { type: entryType(st), mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, size: st.size };
}

function entryType(st: fs.Stats): EntryType {
  if (st.isFile()) return 'file';
  if (st.isDirectory()) return 'dir';
  if (st.isSymbolicLink()) return 'symlink';
  if (st.isCharacterDevice()) return 'char';
  if (st.isBlockDevice()) return 'block';
  if (st.isFIFO()) return 'fifo';
  if (st.isSocket()) return 'socket';
  return 'unknown';
}

function attempt<T>(path: string, read: () => T): FsResult<T> {
  try {
    return ok(read());
  } catch (e) {
    return fromNodeError(path, e);
  }
}

export function fromNodeError<T>(path: string, e: unknown): FsResult<T> {
  const err = e as NodeJS.ErrnoException;
  const code = typeof err.code === 'string' ? err.code : 'EIO';
  return fail(code, path, `${describeErrno(code)}: ${path}`);
}

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  ENOTDIR: 'not a directory',
  ELOOP: 'too many levels of symbolic links',
  EISDIR: 'is a directory',
};

export function describeErrno(code: string): string {
  return ERRNO_TEXT[code] ?? code;
}
