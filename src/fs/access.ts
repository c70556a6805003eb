import { aclPermits } from './acl.js';
import { resolvePath, type LookupFailure } from './resolve.js';
import { describeOwner, loadUserDb } from './users.js';
import type { AccessDenial, AccessNeed, AccessResult, EntryStat, FsView, Principal, UserDb } from './types.js';

const BIT: Record<AccessNeed, number> = { read: 4, write: 2, search: 1 };
const CLASS_SHIFT = { u: 6, g: 3, o: 0 } as const;

/**
 * Decides, as the kernel does, whether `who` can reach `path` and then `need` it: search (x)
 * on every directory from `/` down, including directories reached through symlinks and before
 * each `..`; then `need` on the final entry, symlinks followed. The modes of symlinks
 * themselves never matter on Linux. The denial names the first component that stops the walk.
 *
 * `users` names owners in messages; by default the audited system's own, read once per view.
 */
export function checkAccess(fs: FsView, who: Principal, path: string, need: AccessNeed, users?: UserDb): AccessResult {
  const found = resolvePath(path, true, fs, (_dir, stat) => permits(stat, who, 'search'));
  if (!found.ok) return { ok: false, denial: fromFailure(found.failure, need, () => users ?? usersOf(fs), who) };
  if (!permits(found.stat, who, need)) {
    return { ok: false, denial: permissionDenial(found.path, found.stat, need, users ?? usersOf(fs), who) };
  }
  return { ok: true, stat: found.stat };
}

/**
 * checkAccess for the entries of a walk, which come parents first with their stat: the
 * directories above an entry are checked once per directory, not once per entry, and the entry
 * is not looked up again. A symlink is followed as checkAccess does.
 */
export class WalkedAccess {
  /** Whether each directory seen can be searched, as checkAccess(dir, 'search') would say. */
  private readonly searchable = new Map<string, AccessResult>();
  /** The directory asked last, and its answer: the walk hands over a directory's entries in a row. */
  private lastDir = '';
  private lastSearch: AccessResult | undefined;

  constructor(
    private readonly fs: FsView,
    private readonly who: Principal,
    private readonly users?: UserDb,
  ) {}

  check(path: string, stat: EntryStat, need: AccessNeed): AccessResult {
    const cut = path.lastIndexOf('/');
    if (stat.type === 'symlink' || cut < 0 || path === '/') return checkAccess(this.fs, this.who, path, need, this.users);
    const parent = this.searchParent(path, cut);
    const own: AccessResult = !parent.ok ? parent : permits(stat, this.who, need) ? { ok: true, stat } : { ok: false, denial: this.denial(path, stat, need) };
    if (stat.type === 'dir' && need === 'search') this.remember(path, own);
    return own;
  }

  /** check's denial, or undefined when `who` may: without an answer built for every entry that passes. */
  refusal(path: string, stat: EntryStat, need: AccessNeed): AccessDenial | undefined {
    const cut = path.lastIndexOf('/');
    if (stat.type === 'symlink' || cut < 0 || path === '/' || (stat.type === 'dir' && need === 'search')) {
      const result = this.check(path, stat, need);
      return result.ok ? undefined : result.denial;
    }
    const parent = this.searchParent(path, cut);
    if (!parent.ok) return parent.denial;
    return permits(stat, this.who, need) ? undefined : this.denial(path, stat, need);
  }

  private denial(path: string, stat: EntryStat, need: AccessNeed): AccessDenial {
    return permissionDenial(path, stat, need, this.users ?? usersOf(this.fs), this.who);
  }

  private remember(dir: string, result: AccessResult): void {
    this.searchable.set(dir, result);
    if (dir === this.lastDir) this.lastSearch = result;
  }

  /** Whether the directory holding `path` (its last slash at `cut`) can be searched. */
  private searchParent(path: string, cut: number): AccessResult {
    // lastIndexOf at 0 is startsWith, several times faster on a walked path (see util/has-prefix.ts).
    const same = cut === 0 ? this.lastDir === '/' : cut === this.lastDir.length && path.lastIndexOf(this.lastDir, 0) === 0;
    if (same && this.lastSearch !== undefined) return this.lastSearch;
    const dir = cut === 0 ? '/' : path.slice(0, cut);
    let known = this.searchable.get(dir);
    if (known === undefined) {
      known = checkAccess(this.fs, this.who, dir, 'search', this.users);
      this.searchable.set(dir, known);
    }
    this.lastDir = dir;
    this.lastSearch = known;
    return known;
  }
}

/**
 * POSIX class selection: the owner bits alone when the uid matches (even when group or other
 * would grant more), else the group bits when any held gid matches, else the other bits; an
 * extended ACL decides instead when the entry has one (acl.ts).
 * uid 0 gets no bypass here: the workers that serve files are never root.
 */
export function permits(stat: EntryStat, who: Principal, need: AccessNeed): boolean {
  if (stat.acl !== undefined) return aclPermits(stat, stat.acl, who, BIT[need]);
  return ((stat.mode >> CLASS_SHIFT[permissionClass(stat, who)]) & BIT[need]) !== 0;
}

/** Which permission bits apply to `who`: the first class that matches, as the kernel decides. */
export function permissionClass(stat: EntryStat, who: Principal): 'u' | 'g' | 'o' {
  return stat.uid === who.uid ? 'u' : who.gids.includes(stat.gid) ? 'g' : 'o';
}

function permissionDenial(path: string, stat: EntryStat, need: AccessNeed, users: UserDb, who: Principal, via?: string): AccessDenial {
  return { path, need, reason: 'permission', stat, message: `${path} is ${describeOwner(stat, users)}: ${who.name} cannot ${need} it${viaText(via)}` };
}

function fromFailure(failure: LookupFailure, need: AccessNeed, users: () => UserDb, who: Principal): AccessDenial {
  const { path, stat, via } = failure;
  const withStat = stat === undefined ? {} : { stat };
  switch (failure.code) {
    case 'EACCES':
      // With a stat, the principal was refused; without one, the view itself could not look.
      if (stat !== undefined) return permissionDenial(path, stat, 'search', users(), who, via);
      return { path, need, reason: 'unreadable', message: `cannot inspect ${path}: ${failure.message}` };
    case 'ENOENT':
      return { path, need, reason: 'missing', ...withStat, message: `${path} does not exist${viaText(via)}` };
    case 'ENOTDIR':
      return { path, need: 'search', reason: 'not-a-directory', ...withStat, message: `${path} is not a directory${viaText(via)}` };
    case 'ELOOP':
      return { path, need, reason: 'symlink-loop', ...withStat, message: `too many levels of symbolic links at ${path}${viaText(via)}` };
    default:
      return { path, need, reason: 'unreadable', ...withStat, message: `cannot inspect ${path}: ${failure.message}` };
  }
}

function viaText(via: string | undefined): string {
  return via === undefined ? '' : ` (reached through ${via})`;
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
