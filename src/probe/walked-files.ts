import type { WalkEntry } from '../fs/walk.js';

/**
 * The paths one server's walk reached, in walk order (depth first, parents before children, so
 * a directory's subtree is one run after it), kept so that patterns learnt later in the walk
 * can still be matched against what came before them.
 */
export class WalkedFiles {
  private readonly paths: string[] = [];
  /** Whether each path is a directory. */
  private readonly directories: boolean[] = [];
  /** Where each directory stands in `paths`. */
  private readonly at = new Map<string, number>();

  note(entry: WalkEntry): void {
    const isDirectory = entry.stat.type === 'dir';
    if (isDirectory) this.at.set(entry.path, this.paths.length);
    this.paths.push(entry.path);
    this.directories.push(isDirectory);
  }

  /** Every path below `dir` that is not a directory, in walk order. */
  *filesBelow(dir: string): Generator<string> {
    const start = this.at.get(dir);
    if (start === undefined) return;
    const prefix = dir === '/' ? '/' : `${dir}/`;
    for (let i = start + 1; i < this.paths.length; i++) {
      const path = this.paths[i] as string;
      if (!path.startsWith(prefix)) return;
      if (!this.directories[i]) yield path;
    }
  }
}
