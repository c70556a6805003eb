import { checkAccess, permissionClass } from '../../fs/access.js';
import { chmodFix } from '../../fs/remedy.js';
import type { AccessDenial, AccessNeed, EntryStat, FsView, Principal, UserDb } from '../../fs/types.js';

/** What a system call made by httpd's worker would return: the errno, or the entry. */
export type SyscallResult = { ok: true; stat: EntryStat; readable: boolean } | { ok: false; errno: 'EACCES' | 'ENOENT' | 'ENOTDIR' | 'ELOOP'; denial: AccessDenial };

/**
 * The filesystem as the worker process sees it: every answer is what stat(2), lstat(2) or
 * open(2) would give the web user, decided by the kernel's rules (search on each directory).
 */
export class UserFs {
  constructor(
    readonly fs: FsView,
    readonly who: Principal,
    readonly users: UserDb,
  ) {}

  /** stat(2), symlinks followed; `readable` tells whether open(O_RDONLY) would succeed too. */
  stat(path: string): SyscallResult {
    const result = checkAccess(this.fs, this.who, path, 'read', this.users);
    if (result.ok) return { ok: true, stat: result.stat, readable: true };
    const { denial } = result;
    if (denial.reason === 'permission' && denial.need === 'read' && denial.stat) return { ok: true, stat: denial.stat, readable: false };
    return { ok: false, errno: errnoOf(denial), denial };
  }

  /** lstat(2): search permission on the parent chain, the entry itself not followed. */
  lstat(path: string): SyscallResult {
    const parent = path.replace(/\/[^/]+\/?$/, '') || '/';
    const reach = checkAccess(this.fs, this.who, parent, 'search', this.users);
    if (!reach.ok) return { ok: false, errno: errnoOf(reach.denial), denial: reach.denial };
    const st = this.fs.lstat(path);
    if (!st.ok) {
      const errno = st.error.code === 'ENOTDIR' ? 'ENOTDIR' : st.error.code === 'ELOOP' ? 'ELOOP' : 'ENOENT';
      return { ok: false, errno, denial: { path, need: 'search', reason: errno === 'ENOENT' ? 'missing' : 'not-a-directory', message: `${path}: ${st.error.message}` } };
    }
    return { ok: true, stat: st.value, readable: false };
  }
}

const GRANTED: Readonly<Record<AccessNeed, string>> = { read: 'read', write: 'write', search: 'search permission' };

/**
 * The `chmod` that lets the web user past a denial; when only "other" would be widened, the
 * narrower way (the web user's group) is named beside it.
 */
export function permissionFix(denial: Pick<AccessDenial, 'path' | 'need' | 'stat'>, who: Principal): string {
  const fix = chmodFix(denial, who);
  if (denial.stat !== undefined && permissionClass(denial.stat, who) !== 'o') return fix;
  return `${fix} (or give ${who.name} ${GRANTED[denial.need]} through its group)`;
}

function errnoOf(denial: AccessDenial): 'EACCES' | 'ENOENT' | 'ENOTDIR' | 'ELOOP' {
  switch (denial.reason) {
    case 'permission':
    case 'unreadable':
      return 'EACCES';
    case 'missing':
      return 'ENOENT';
    case 'not-a-directory':
      return 'ENOTDIR';
    case 'symlink-loop':
      return 'ELOOP';
  }
}
