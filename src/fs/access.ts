import { describeOwner, loadUserDb } from './users.js';
import type { AccessDenial, AccessNeed, AccessResult, EntryStat, FsError, FsView, Principal, UserDb } from './types.js';

/** Linux gives up after 40 symlinks in one lookup (MAXSYMLINKS). */
const MAX_SYMLINK_HOPS = 40;

const BIT: Record<AccessNeed, number> = { read: 4, write: 2, search: 1 };
const VERB: Record<AccessNeed, string> = { read: 'read', write: 'write', search: 'search' };

/**
 * Decides, as the kernel's path walk does, whether `who` can reach `path` and then `need` it:
 * search (x) on every directory from `/` down, including directories reached through symlinks
 * and before each `..`; then `need` on the final entry, symlinks followed. Symlinks' own modes
 * never matter on Linux. The denial names the first component that stops the walk.
 *
 * `users` only names owners in messages; by default the audited system's own, read once per view.
 */
export function checkAccess(fs: FsView, who: Principal, path: string, need: AccessNeed, users?: UserDb): AccessResult {
  if (!path.startsWith('/')) return deny({ path, need, reason: 'missing', message: `not an absolute path: ${path}` });
  const pending = components(path);
  const done: string[] = [];
  let current = statOrDeny(fs, '/', need);
  if (!current.ok) return current;
  let hops = 0;
  let via: string | undefined;
  while (pending.length > 0) {
    const dir = current.stat;
    const dirPath = join(done);
    if (dir.type !== 'dir') {
      return deny({ path: dirPath, need: 'search', reason: 'not-a-directory', stat: dir, message: `${dirPath} is not a directory${viaText(via)}` });
    }
    if (!permits(dir, who, 'search')) return deny(permissionDenial(dirPath, dir, who, 'search', users ?? usersOf(fs)));
    const name = pending.shift() as string;
    if (name === '..') {
      done.pop();
      current = statOrDeny(fs, join(done), need);
      if (!current.ok) return current;
      continue;
    }
    const childPath = join([...done, name]);
    const child = fs.lstat(childPath);
    if (!child.ok) return deny(fromFsError(child.error, childPath, need, via));
    if (child.value.type === 'symlink') {
      if (++hops > MAX_SYMLINK_HOPS) {
        return deny({ path: childPath, need, reason: 'symlink-loop', stat: child.value, message: `too many levels of symbolic links at ${childPath} (more than ${MAX_SYMLINK_HOPS})` });
      }
      const target = fs.readlink(childPath);
      if (!target.ok) return deny(fromFsError(target.error, childPath, need, via));
      via = `${childPath} -> ${target.value}`;
      pending.unshift(...components(target.value));
      if (target.value.startsWith('/')) {
        done.length = 0;
        current = statOrDeny(fs, '/', need);
        if (!current.ok) return current;
      }
      continue;
    }
    done.push(name);
    current = { ok: true, stat: child.value };
  }
  const finalPath = join(done);
  if (!permits(current.stat, who, need)) return deny(permissionDenial(finalPath, current.stat, who, need, users ?? usersOf(fs)));
  return current;
}

/**
 * POSIX class selection: the owner bits alone when the uid matches (even when group or other
 * would grant more), else the group bits when any held gid matches, else the other bits.
 * uid 0 gets no bypass here: the workers that serve files are never root.
 */
export function permits(stat: EntryStat, who: Principal, need: AccessNeed): boolean {
  const shift = stat.uid === who.uid ? 6 : who.gids.includes(stat.gid) ? 3 : 0;
  return ((stat.mode >> shift) & BIT[need]) !== 0;
}

function permissionDenial(path: string, stat: EntryStat, who: Principal, need: AccessNeed, users: UserDb): AccessDenial {
  return { path, need, reason: 'permission', stat, message: `${path} is ${describeOwner(stat, users)}: ${who.name} cannot ${VERB[need]} it` };
}

const userDbs = new WeakMap<FsView, UserDb>();

/** Denials are rare, so the view's passwd/group are only read when one needs naming. */
function usersOf(fs: FsView): UserDb {
  let users = userDbs.get(fs);
  if (users === undefined) {
    users = loadUserDb(fs).users;
    userDbs.set(fs, users);
  }
  return users;
}

function fromFsError(error: FsError, path: string, need: AccessNeed, via: string | undefined): AccessDenial {
  switch (error.code) {
    case 'ENOENT':
      return { path, need, reason: 'missing', message: `${path} does not exist${viaText(via)}` };
    case 'ENOTDIR':
      return { path, need, reason: 'not-a-directory', message: `a component of ${path} is not a directory${viaText(via)}` };
    case 'ELOOP':
      return { path, need, reason: 'symlink-loop', message: `too many levels of symbolic links at ${path}` };
    default:
      return { path, need, reason: 'unreadable', message: `cannot inspect ${path}: ${error.message}` };
  }
}

function statOrDeny(fs: FsView, path: string, need: AccessNeed): AccessResult {
  const st = fs.lstat(path);
  return st.ok ? { ok: true, stat: st.value } : deny(fromFsError(st.error, path, need, undefined));
}

function viaText(via: string | undefined): string {
  return via === undefined ? '' : ` (reached through ${via})`;
}

function deny(denial: AccessDenial): AccessResult {
  return { ok: false, denial };
}

function components(path: string): string[] {
  return path.split('/').filter((c) => c !== '' && c !== '.');
}

function join(parts: readonly string[]): string {
  return '/' + parts.join('/');
}
