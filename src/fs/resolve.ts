import type { EntryStat, FsResult } from './types.js';

/** Linux gives up after 40 symlinks in one lookup (MAXSYMLINKS). */
export const MAX_SYMLINK_HOPS = 40;

/** The two primitives a path walk needs, on paths already free of symlinks. */
export interface PathLookup {
  lstat(path: string): FsResult<EntryStat>;
  readlink(path: string): FsResult<string>;
}

/** Why a lookup stopped: the errno the kernel would return and the component it stopped at. */
export interface LookupFailure {
  code: 'ENOENT' | 'ENOTDIR' | 'ELOOP' | 'EACCES' | 'EINVAL' | string;
  /** The symlink-free path of the component that failed. */
  path: string;
  message: string;
  /** The failing component's stat, when it exists (the unsearchable or non-directory one). */
  stat?: EntryStat;
  /** The last symlink followed on the way, `link -> target`, for messages. */
  via?: string;
}

export type Lookup = { ok: true; path: string; stat: EntryStat } | { ok: false; failure: LookupFailure };

/**
 * Resolves an absolute path one component at a time, as the kernel's link_path_walk does,
 * with `/` pinned to the view's root: `..` at the top stays at the top, absolute link targets
 * restart at the root, and `..` after a symlinked directory goes to the target's parent (it is
 * physical, not textual). `canSearch` is asked before every lookup in a directory, `..`
 * included, which is where the kernel checks search permission.
 */
export function resolvePath(
  path: string,
  followLast: boolean,
  lookup: PathLookup,
  canSearch?: (dir: string, stat: EntryStat) => boolean,
): Lookup {
  if (!path.startsWith('/')) return failed({ code: 'EINVAL', path, message: `not an absolute path: ${path}` });
  const pending = components(path);
  // The symlink-free path of each component resolved so far: the last is where the walk stands.
  const done: string[] = [];
  const here = (): string => done[done.length - 1] ?? '/';
  const root = lookup.lstat('/');
  if (!root.ok) return failed({ code: root.error.code, path: '/', message: root.error.message });
  let current: EntryStat = root.value;
  let hops = 0;
  let via: string | undefined;
  while (pending.length > 0) {
    const dirPath = here();
    if (current.type !== 'dir') {
      return failed({ code: 'ENOTDIR', path: dirPath, stat: current, via, message: `${dirPath} is not a directory` });
    }
    if (canSearch && !canSearch(dirPath, current)) {
      return failed({ code: 'EACCES', path: dirPath, stat: current, via, message: `${dirPath} is not searchable` });
    }
    const name = pending.shift() as string;
    if (name === '..') {
      done.pop();
      const parent = lookup.lstat(here());
      if (!parent.ok) return failed({ code: parent.error.code, path: here(), via, message: parent.error.message });
      current = parent.value;
      continue;
    }
    const childPath = dirPath === '/' ? `/${name}` : `${dirPath}/${name}`;
    const child = lookup.lstat(childPath);
    if (!child.ok) return failed({ code: child.error.code, path: childPath, via, message: child.error.message });
    if (child.value.type === 'symlink' && (followLast || pending.length > 0)) {
      if (++hops > MAX_SYMLINK_HOPS) {
        return failed({ code: 'ELOOP', path: childPath, stat: child.value, via, message: `too many levels of symbolic links at ${childPath}` });
      }
      const target = lookup.readlink(childPath);
      if (!target.ok) return failed({ code: target.error.code, path: childPath, via, message: target.error.message });
      via = `${childPath} -> ${target.value}`;
      pending.unshift(...components(target.value));
      if (target.value.startsWith('/')) {
        done.length = 0;
        current = root.value;
      }
      continue;
    }
    done.push(childPath);
    current = child.value;
  }
  return { ok: true, path: here(), stat: current };
}

function failed(failure: LookupFailure): Lookup {
  if (failure.via === undefined) delete failure.via;
  return { ok: false, failure };
}

function components(path: string): string[] {
  return path.split('/').filter((c) => c !== '' && c !== '.');
}
