import * as nodeFs from 'node:fs';

/**
 * Whether a live audit saw the whole tree. A mount that dies under the walk (sshfs losing its
 * link, an NFS server going away) answers with errors that look like a tree that changes while
 * walked: "vanished" entries, unreadable directories. Those are warnings for a local tree; for a
 * dead mount they would pass a partial audit off as a complete one. So the root's device and
 * filesystem type are recorded when the audit starts, and the errors only a broken mount gives,
 * or a different device at the root, make the audit incomplete.
 */
export class MountHealth {
  /** The root's device when the audit started; undefined when it could not be stat'ed. */
  readonly device: number | undefined;
  /** statfs(2)'s f_type of the root: a magic number (0x65735546 for FUSE). */
  readonly fsType: number | undefined;
  private readonly reasons: string[] = [];
  /** A dead mount answers every later call with the same error: a walk stops reading it. */
  private dead = false;

  constructor(readonly root: string) {
    this.device = attempt(() => nodeFs.statSync(root).dev);
    this.fsType = attempt(() => nodeFs.statfsSync(root).type);
  }

  get fuse(): boolean {
    return this.fsType === FUSE_MAGIC;
  }

  /** A network or FUSE filesystem, where each call is a round trip: directories are worth reading several at once. */
  get remote(): boolean {
    return this.fsType !== undefined && REMOTE_FILESYSTEMS.has(this.fsType);
  }

  /** Why the audit is incomplete: the first reason met, with how many more; undefined when it is complete. */
  get incomplete(): string | undefined {
    const [first] = this.reasons;
    if (first === undefined) return undefined;
    const more = this.reasons.length - 1;
    return more === 0 ? first : `${first} (and ${more} more ${more === 1 ? 'problem' : 'problems'} of the mount)`;
  }

  /** Whether the mount still answers: false once an error of a dead mount or a changed device was met. */
  get alive(): boolean {
    return !this.dead;
  }

  /**
   * Looks at a failed call: `path` is the server path, `call` the system call. Returns whether the
   * failure is one of the mount rather than of the tree.
   */
  noteFailure(call: 'readlink' | 'lstat' | 'stat' | 'readdir' | 'open' | 'read', path: string, code: string): boolean {
    if (MOUNT_ERRORS.has(code)) {
      this.dead = true;
      this.add(`${call} ${path} failed with ${code} (${MOUNT_ERRORS.get(code)})`);
      return true;
    }
    if (code === 'EPERM' && call === 'readlink' && this.fuse) {
      this.add(`the FUSE mount refused to read the symlink ${path} (EPERM): sshfs hides absolute and ".." link targets by default; mount with -o no_contain_symlinks`);
      return true;
    }
    return false;
  }

  /**
   * Compares the root's device with the one at the start: another device means the mount went
   * away or was replaced (a lazy unmount leaves an empty mount point, where every directory
   * still to be read "vanished"). Asked when a listed directory vanished and when a walk ends.
   */
  checkDevice(): void {
    if (this.device === undefined || !this.alive) return;
    let now: number;
    try {
      now = nodeFs.statSync(this.root).dev;
    } catch (e) {
      this.dead = true;
      this.add(`${this.root} cannot be stat'ed any more (${(e as NodeJS.ErrnoException).code ?? 'EIO'})`);
      return;
    }
    if (now === this.device) return;
    this.dead = true;
    this.add(`${DEVICE_CHANGED}: ${this.root} is on device ${now}, not ${this.device} (unmounted during the audit?)`);
  }

  private add(reason: string): void {
    if (!this.reasons.includes(reason)) this.reasons.push(reason);
  }
}

const DEVICE_CHANGED = 'the filesystem changed under the root';

const FUSE_MAGIC = 0x65735546;

/** statfs(2) magic numbers of filesystems whose calls go over a network or through a FUSE daemon. */
const REMOTE_FILESYSTEMS = new Set([
  FUSE_MAGIC,
  0x6969, // NFS
  0xff534d42, // CIFS
  0xfe534d42, // SMB2
  0x517b, // SMB
  0x01021997, // 9P
  0x00c36400, // Ceph
  0x5346414f, // AFS
  0x47504653, // GPFS
  0x0bd00bd0, // Lustre
]);

/** Errors a broken mount gives, never a tree that merely changes while walked. */
const MOUNT_ERRORS = new Map([
  ['EIO', 'input/output error'],
  ['ENOTCONN', 'the mount lost its connection'],
  ['ECONNABORTED', 'the connection was aborted'],
  ['ETIMEDOUT', 'the server did not answer in time'],
  ['ESTALE', 'stale file handle'],
]);

function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
