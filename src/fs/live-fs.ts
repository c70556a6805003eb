import * as fs from 'node:fs';
import * as posixPath from 'node:path/posix';
import { fail, ok, type EntryStat, type EntryType, type FsResult, type FsView } from './types.js';

/** Linux gives up after 40 symlinks in one lookup (MAXSYMLINKS); so do we. */
const MAX_SYMLINK_HOPS = 40;

/**
 * The real filesystem, seen as the audited server sees it. With a root other than `/`
 * (a server mounted over sshfs at /mnt/server), every absolute path, every `..` and every
 * symlink target is resolved inside the root, as if the root were `/`: nothing outside it is
 * ever opened or stat'ed. Read-only by construction: no method writes.
 */
export class LiveFs implements FsView {
  readonly root: string;
  readonly description: string;

  constructor(root = '/') {
    this.root = posixPath.resolve(root);
    this.description = this.root === '/' ? 'the live filesystem' : `the live filesystem under ${this.root}`;
  }

  /** The host path of a server path, following symlinks inside the root. */
  hostPath(serverPath: string, followLast = true): FsResult<string> {
    const resolved = this.resolve(serverPath, followLast);
    return resolved.ok ? ok(this.toHost(resolved.value)) : resolved;
  }

  lstat(path: string): FsResult<EntryStat> {
    return this.statResolved(path, false);
  }

  stat(path: string): FsResult<EntryStat> {
    return this.statResolved(path, true);
  }

  readdir(path: string): FsResult<string[]> {
    const host = this.hostPath(path);
    if (!host.ok) return host;
    return attempt(path, () => fs.readdirSync(host.value).sort());
  }

  readlink(path: string): FsResult<string> {
    const host = this.hostPath(path, false);
    if (!host.ok) return host;
    return attempt(path, () => fs.readlinkSync(host.value));
  }

  readFile(path: string): FsResult<Buffer> {
    const host = this.hostPath(path);
    if (!host.ok) return host;
    return attempt(path, () => fs.readFileSync(host.value));
  }

  private statResolved(path: string, followLast: boolean): FsResult<EntryStat> {
    const host = this.hostPath(path, followLast);
    if (!host.ok) return host;
    return attempt(path, () => toEntryStat(fs.lstatSync(host.value)));
  }

  private toHost(serverPath: string): string {
    return this.root === '/' ? serverPath : serverPath === '/' ? this.root : this.root + serverPath;
  }

  /**
   * Resolves a server path to a symlink-free server path, one component at a time, the way
   * the kernel's path walk does, but with `/` pinned to the root: `..` at the top stays at the
   * top and absolute link targets restart at the root.
   */
  private resolve(serverPath: string, followLast: boolean): FsResult<string> {
    if (!serverPath.startsWith('/')) return fail('EINVAL', serverPath, `not an absolute path: ${serverPath}`);
    if (this.root === '/') return ok(posixPath.normalize(serverPath));
    const pending = serverPath.split('/').filter((c) => c !== '' && c !== '.');
    const done: string[] = [];
    let hops = 0;
    while (pending.length > 0) {
      const component = pending.shift() as string;
      if (component === '..') {
        done.pop();
        continue;
      }
      if (component === '.') continue;
      done.push(component);
      const isLast = pending.length === 0;
      if (isLast && !followLast) break;
      let st: fs.Stats;
      try {
        st = fs.lstatSync(this.toHost('/' + done.join('/')));
      } catch (e) {
        // A missing final component is the caller's ENOENT to report; a missing middle one too.
        return fromNodeError(serverPath, e);
      }
      if (!st.isSymbolicLink()) continue;
      if (++hops > MAX_SYMLINK_HOPS) return fail('ELOOP', serverPath, `too many levels of symbolic links: ${serverPath}`);
      const target = fs.readlinkSync(this.toHost('/' + done.join('/')));
      done.pop();
      if (target.startsWith('/')) done.length = 0;
      pending.unshift(...target.split('/').filter((c) => c !== '' && c !== '.'));
    }
    return ok('/' + done.join('/'));
  }
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

function fromNodeError<T>(path: string, e: unknown): FsResult<T> {
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
