import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as posixPath from 'node:path/posix';
import { parseGetfacl } from './acl.js';
import type { FsDiagnostic } from './diagnostics.js';
import type { PosixAcl } from './types.js';
import { nativeLabelReader, type LabelReader, type XattrLabels } from './xattr-acl.js';

/** Enough for every ACL of a large tree; the text is a few lines per entry that has one. */
const MAX_OUTPUT = 256 * 1024 * 1024;

/** How a live view reads ACLs: by path with each stat (xattr-acl.ts), or with getfacl up front. */
export type AclSource = 'xattr' | 'getfacl';

/**
 * The extended ACLs of a live tree. Read per path where the xattr reader is installed: the
 * walk and every lstat then read the entry's ACL beside its stat, one lgetxattr each.
 * Otherwise read without a process per file: `getfacl -R --skip-base` lists, in one process per
 * batch, only the entries that have one (on a tree without ACLs it prints nothing), at the cost
 * of its own two stats per entry. `-P` keeps it from following symlinks, `-n` prints ids, which
 * are the audited system's whatever this machine's passwd says. Those ACLs are keyed by device
 * and inode, so an entry reached through a symlinked directory or under --root finds its ACL
 * whatever path names it. The per-path reader also reads SELinux labels when asked to.
 */
export class LiveAcls {
  /** Set by load() when ACLs are read by path: from then on every stat reads its entry's. */
  private reader: LabelReader | undefined;
  private readonly byInode = new Map<string, PosixAcl>();
  /** Host directories read with their whole subtree. */
  private readonly trees = new Set<string>();
  /** Host paths read on their own (the parents of served trees). */
  private readonly single = new Set<string>();
  private missingTool = false;

  constructor(private readonly source: AclSource = 'xattr') {}

  /** Whether stats read outside the view need their ACL looked up again (getfacl's, by inode). */
  get empty(): boolean {
    return this.byInode.size === 0;
  }

  /** The reader a walk uses beside each lstat, once ACLs are wanted and read by path. */
  get perPath(): LabelReader | undefined {
    return this.reader;
  }

  /** The ACL (and label) of an entry stat'ed by the view at `host`, a path that is not a symlink to it. */
  of(st: fs.Stats, host: string): XattrLabels | undefined {
    if (this.reader !== undefined) return st.isSymbolicLink() ? undefined : this.reader.read(host);
    const acl = this.byInode.size === 0 ? undefined : this.byInode.get(`${st.dev}:${st.ino}`);
    return acl === undefined ? undefined : { acl };
  }

  /**
   * Reads the ACLs of `trees` (recursively) and of every directory above them up to `top` (the
   * --root): a 0700 home directory opened to www-data by an ACL is a parent of the served tree.
   * Read by path, every entry's ACL is read with its stat from now on, whatever tree holds it,
   * and its SELinux label too with `contexts`.
   */
  load(trees: readonly string[], top: string, shownAs: string, contexts = false): FsDiagnostic[] {
    if (this.source === 'xattr') this.reader ??= nativeLabelReader(contexts);
    if (this.reader !== undefined || this.missingTool) return [];
    const wanted = new Set([...trees.map((t) => posixPath.normalize(t))].filter((t) => !this.covered(t)));
    // A tree inside another wanted one is read with it (a config of 1,000 sites names 1,000 trees).
    const outermost = [...wanted].filter((t) => !ancestorsOf(t).some((dir) => wanted.has(dir)));
    const parents = [...new Set(outermost.flatMap((t) => parentsOf(t, top)))].filter((p) => !this.covered(p) && !this.single.has(p));
    for (const t of outermost) this.trees.add(t);
    for (const p of parents) this.single.add(p);
    return [...this.run(outermost, true, shownAs), ...this.run(parents, false, shownAs)];
  }

  private covered(path: string): boolean {
    return this.trees.has(path) || ancestorsOf(path).some((dir) => this.trees.has(dir));
  }

  private run(paths: readonly string[], recursive: boolean, shownAs: string): FsDiagnostic[] {
    const existing = paths.filter((p) => fs.existsSync(p));
    if (existing.length === 0 || this.missingTool) return [];
    const args = ['--skip-base', '-P', '--absolute-names', '-n', ...(recursive ? ['-R'] : []), '--', ...existing];
    const result = spawnSync('getfacl', args, { encoding: 'utf8', maxBuffer: MAX_OUTPUT });
    if (result.error !== undefined) {
      if ((result.error as NodeJS.ErrnoException).code === 'ENOENT') {
        this.missingTool = true;
        return [{ code: 'acl-unavailable', path: shownAs, message: 'getfacl is not installed (Debian: apt install acl): POSIX ACLs are not read, the mode bits alone decide who may read what', severity: 'info' }];
      }
      return [{ code: 'acl-unreadable', path: shownAs, message: `cannot read ACLs with getfacl: ${result.error.message}`, severity: 'warning' }];
    }
    // getfacl goes on past entries it cannot read (exit 1, a line on stderr); what it printed holds.
    for (const [host, acl] of parseGetfacl(result.stdout)) {
      try {
        const st = fs.lstatSync(host);
        this.byInode.set(`${st.dev}:${st.ino}`, acl);
      } catch {
        // vanished since getfacl saw it: nothing to judge
      }
    }
    return [];
  }
}

/** `/a/b/c`: `/a/b`, `/a`, `/`. */
function ancestorsOf(path: string): string[] {
  const dirs: string[] = [];
  for (let dir = posixPath.dirname(path); dir !== path; path = dir, dir = posixPath.dirname(dir)) dirs.push(dir);
  return dirs;
}

function isBelow(path: string, dir: string): boolean {
  return path.startsWith(dir === '/' ? '/' : `${dir}/`);
}

/** `/mnt/s/srv/www` under top `/mnt/s`: `/mnt/s`, `/mnt/s/srv`. */
function parentsOf(path: string, top: string): string[] {
  const parents: string[] = [];
  for (let dir = posixPath.dirname(path); isBelow(dir, top) || dir === top; dir = posixPath.dirname(dir)) {
    parents.push(dir);
    if (dir === top || dir === '/') break;
  }
  return parents;
}
