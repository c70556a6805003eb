import picomatch from 'picomatch';

/** Whether the walk skips `path` (and, for a directory, everything under it). */
export type IgnoreRule = (path: string, root: string) => boolean;

/**
 * The walk's ignore globs as one rule: picomatch globs, matched against the path relative to
 * its root and against the absolute path; a root itself is never ignored. Walks import this
 * module only when given globs: most have none, and loading picomatch shows on a small tree.
 */
export function ignoreRule(globs: readonly string[]): IgnoreRule {
  const matches = picomatch([...globs], { dot: true });
  return (path, root) => {
    if (path === root) return false;
    const relative = root === '/' ? path.slice(1) : path.slice(root.length + 1);
    return matches(relative) || matches(path);
  };
}
