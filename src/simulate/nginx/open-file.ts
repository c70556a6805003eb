import { checkAccess } from '../../fs/access.js';
import type { AccessDenial, EntryStat, FsView, Principal, UserDb } from '../../fs/types.js';
import type { DisableSymlinks } from '../../model/nginx/types.js';

/** The errno nginx logs, and the component the kernel stopped at. */
export type OpenFailure = {
  errno: 'ENOENT' | 'ENOTDIR' | 'EACCES' | 'ELOOP';
  /** The component that failed (a directory without search, the missing entry, the symlink refused). */
  component: string;
  message: string;
  denial?: AccessDenial;
  /** Set when disable_symlinks refused the component rather than the kernel. */
  refusedSymlink?: true;
};

export type OpenResult = { ok: true; stat: EntryStat } | { ok: false; failure: OpenFailure };

export interface OpenOptions {
  /**
   * `read` is open(O_RDONLY) as the static and autoindex handlers do (a directory needs `r`
   * too); `stat` is the existence test of try_files and index, which needs only search on the
   * parents.
   */
  need: 'read' | 'stat';
  disableSymlinks: DisableSymlinks;
  /** `from=` with its variables already expanded. */
  symlinksFrom?: string;
}

/**
 * What ngx_open_cached_file answers for `path` when the workers run as `who`. With
 * `disable_symlinks` nginx opens every component after the `from=` part with O_NOFOLLOW
 * (`on`), or compares a symlink's owner with its target's (`if_not_owner`); a refused final
 * component is ELOOP: "(40: Too many levels of symbolic links)".
 */
export function openLikeNginx(fs: FsView, who: Principal, users: UserDb, path: string, options: OpenOptions): OpenResult {
  if (options.disableSymlinks.mode !== 'off') {
    const refused = refusedSymlink(fs, who, users, path, options);
    if (refused) return { ok: false, failure: refused };
  }
  const access = checkAccess(fs, who, path, 'read', users);
  if (access.ok) return { ok: true, stat: access.stat };
  const { denial } = access;
  // A stat needs no permission on the entry itself: only a refusal on the way there counts.
  if (options.need === 'stat' && denial.reason === 'permission' && denial.need === 'read' && denial.stat) return { ok: true, stat: denial.stat };
  return { ok: false, failure: fromDenial(denial) };
}

function refusedSymlink(fs: FsView, who: Principal, users: UserDb, path: string, options: OpenOptions): OpenFailure | undefined {
  const from = options.symlinksFrom?.replace(/\/+$/, '');
  const checkedFrom = from !== undefined && (path === from || path.startsWith(`${from}/`)) ? from : '';
  const names = path.slice(checkedFrom.length).split('/').filter((n) => n !== '');
  let current = checkedFrom;
  for (const [i, name] of names.entries()) {
    // The component is looked up only once its parent is reachable: a search failure comes first.
    const parent = checkAccess(fs, who, current || '/', 'search', users);
    if (!parent.ok) return fromDenial(parent.denial);
    current = `${current}/${name}`;
    const link = fs.lstat(current);
    if (!link.ok || link.value.type !== 'symlink') continue;
    if (options.disableSymlinks.mode === 'if_not_owner') {
      const target = fs.stat(current);
      if (!target.ok || target.value.uid === link.value.uid) continue;
      return { errno: 'ELOOP', component: current, message: `${current} is a symlink owned by uid ${link.value.uid} to a target owned by uid ${target.value.uid}, refused by disable_symlinks if_not_owner`, refusedSymlink: true };
    }
    // `on` opens the directories on the way with O_NOFOLLOW|O_DIRECTORY, which fails with ENOTDIR
    // on a link: a symlink mid-path is "(20: Not a directory)", a final one "(40: Too many levels...)".
    return i < names.length - 1
      ? { errno: 'ENOTDIR', component: current, message: `${current} is a symlink on the way to the file, refused by disable_symlinks`, refusedSymlink: true }
      : { errno: 'ELOOP', component: current, message: `${current} is a symlink, refused by disable_symlinks`, refusedSymlink: true };
  }
  return undefined;
}

function fromDenial(denial: AccessDenial): OpenFailure {
  const errno = denial.reason === 'missing' ? 'ENOENT' : denial.reason === 'not-a-directory' ? 'ENOTDIR' : denial.reason === 'symlink-loop' ? 'ELOOP' : 'EACCES';
  return { errno, component: denial.path, message: denial.message, denial };
}
