import picomatch from 'picomatch';

/**
 * A matcher for gitignore-style globs on `/`-separated relative paths: a glob without `/`
 * matches a name at any depth (`*.conf`), one with `/` matches from the base directory
 * (`conf.d/**`). picomatch's own `basename` option misreads globs that contain `/`, so the
 * two kinds are compiled apart.
 */
export function globMatcher(globs: readonly string[]): (relative: string) => boolean {
  const anywhere = globs.filter((g) => !g.includes('/'));
  const anchored = globs.filter((g) => g.includes('/')).map((g) => g.replace(/^\//, ''));
  const byName = anywhere.length ? picomatch(anywhere, { dot: true, basename: true }) : () => false;
  const byPath = anchored.length ? picomatch(anchored, { dot: true }) : () => false;
  return (relative) => byName(relative) || byPath(relative);
}
