import { existsSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The top level of the git checkout holding `dir` (what `git rev-parse --show-toplevel` prints),
 * found by the `.git` directory or file (worktrees, submodules) without running git.
 */
export function repositoryRoot(dir: string): string | undefined {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    if (existsSync(path.join(current, '.git'))) return current;
    if (path.dirname(current) === current) return undefined;
  }
}
