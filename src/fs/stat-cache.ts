import type { FsDiagnostic } from './diagnostics.js';
import { fail, type EntryStat, type FsResult, type FsView } from './types.js';

/**
 * One lint's memory of the directories and symlinks it has looked at. Every access check walks
 * the path from `/` down, asking for each directory again: without this a lint of a 200k-entry
 * tree made eight `statx` calls an entry. The walk hands over what it listed (`remember`), so the
 * ancestors of an entry cost nothing, and each directory or link is asked of the view once.
 * Plain files are not kept, bar the one being walked (a rule may ask the probe about it): the
 * walk already gave their stat to the rules, and a tree of a million files should not stay in
 * memory for it. A lint makes a new one: the tree may change
 * between lints, never during one as far as the lint can tell.
 */
/** Links followed in a row before the view is asked instead: the kernel's own limit (ELOOP). */
const MAX_LINK_HOPS = 40;

function isPlainName(target: string): boolean {
  return target !== '' && target !== '.' && target !== '..' && !target.includes('/');
}

export class StatCache implements FsView {
  readonly description: string;
  private readonly lstats = new Map<string, FsResult<EntryStat>>();
  private readonly links = new Map<string, FsResult<string>>();
  /** What symlinks resolve to: several rules ask for each link. */
  private readonly targets = new Map<string, FsResult<EntryStat>>();
  /** The file the walk handed over last: rules ask the probe about it while it is being walked. */
  private current: { path: string; stat: FsResult<EntryStat> } | undefined;
  /**
   * Every name of the directories the walk listed, as `/a/b/c/` (no name holds a slash): the
   * simulator looks for index files and .htaccess in each served directory, and each name that
   * is not there costs a syscall, on sshfs a round trip, to hear so. One string a directory
   * keeps a large tree's names in a few bytes each.
   */
  private readonly listings = new Map<string, string>();

  constructor(private readonly view: FsView) {
    this.description = view.description;
  }

  /** A stat the walk read: kept when it is one a later path walk will ask for. */
  remember(path: string, stat: EntryStat): void {
    if (stat.type === 'dir' || stat.type === 'symlink') this.lstats.set(path, { ok: true, value: stat });
    else this.current = { path, stat: { ok: true, value: stat } };
  }

  /** All the names of a directory the walk listed. */
  rememberListing(dir: string, names: readonly string[]): void {
    this.listings.set(dir, `/${names.join('/')}/`);
  }

  lstat(path: string): FsResult<EntryStat> {
    if (this.current?.path === path) return this.current.stat;
    const known = this.lstats.get(path);
    if (known !== undefined) return known;
    if (this.notListed(path)) return fail('ENOENT', path, `no such file or directory: ${path}`);
    const result = this.view.lstat(path);
    if (!result.ok || result.value.type !== 'file') this.lstats.set(path, result);
    return result;
  }

  stat(path: string): FsResult<EntryStat> {
    // Not a link (those are kept in lstats): its stat is its lstat.
    if (this.current?.path === path) return this.current.stat;
    if (this.notListed(path)) return fail('ENOENT', path, `no such file or directory: ${path}`);
    const known = this.lstats.get(path);
    // A directory's stat is its lstat; a link's is its target's, asked of the view.
    if (known !== undefined && (!known.ok || known.value.type === 'dir')) return known;
    if (known === undefined) return this.view.stat(path);
    const target = this.targets.get(path) ?? this.followed(path);
    this.targets.set(path, target);
    return target;
  }

  /**
   * What a link leads to. A target that is a plain name (`index.html -> index.v2.html`, most of
   * the links a tree holds) is an entry of the link's own directory, which the kernel would
   * find there too: one lstat of that path, where a stat of the link resolves every directory
   * above it again (realpath's readlink of each). Anything else, and any failure, which must
   * name the link, is the view's to answer.
   */
  private followed(path: string, hops = 0): FsResult<EntryStat> {
    const target = this.readlink(path);
    if (!target.ok || hops >= MAX_LINK_HOPS || !isPlainName(target.value)) return this.view.stat(path);
    const cut = path.lastIndexOf('/');
    const next = `${path.slice(0, cut + 1)}${target.value}`;
    const reached = this.lstat(next);
    if (!reached.ok) return this.view.stat(path);
    return reached.value.type === 'symlink' ? this.followed(next, hops + 1) : reached;
  }

  readlink(path: string): FsResult<string> {
    const known = this.links.get(path);
    if (known !== undefined) return known;
    const result = this.view.readlink(path);
    this.links.set(path, result);
    return result;
  }

  /** Whether the walk listed the path's directory and the name was not in it. */
  private notListed(path: string): boolean {
    if (this.listings.size === 0) return false;
    const cut = path.lastIndexOf('/');
    const name = path.slice(cut + 1);
    if (name === '' || name === '.' || name === '..') return false;
    const names = this.listings.get(cut <= 0 ? '/' : path.slice(0, cut));
    return names !== undefined && !names.includes(`/${name}/`);
  }

  readdir(path: string): FsResult<string[]> {
    return this.view.readdir(path);
  }

  readFile(path: string): FsResult<Buffer> {
    return this.view.readFile(path);
  }

  loadAccessLabels(paths: readonly string[]): FsDiagnostic[] {
    return this.view.loadAccessLabels?.(paths) ?? [];
  }

  withAccessLabels(path: string, stat: EntryStat): EntryStat {
    return this.view.withAccessLabels?.(path, stat) ?? stat;
  }
}
