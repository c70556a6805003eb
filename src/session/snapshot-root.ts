import * as path from 'node:path';
import type { FsView } from '../fs/types.js';
import { InputError } from './errors.js';

/** The configuration trees a snapshot captures, in the order they are linted when no path is named. */
const CONFIG_TREES = ['/etc/nginx', '/etc/apache2', '/etc/httpd'];

/**
 * Where a snapshot's files are shown: under the snapshot's own name (`web1.snap/etc/nginx/nginx.conf`),
 * a path on this machine that is no directory, so nothing of this machine is mistaken for them.
 */
export function snapshotRoot(snapshot: string, cwd: string): string {
  return path.resolve(cwd, snapshot === '-' ? '(stdin)' : snapshot);
}

/** Where each tree's main file is: the one file that tells whether the tree's contents were captured. */
const MAIN_FILES = ['nginx.conf', 'apache2.conf', 'httpd.conf', 'conf/httpd.conf'];

/** Without paths, a snapshot lints each server configuration it holds. */
export function snapshotConfigs(fs: FsView): string[] {
  const present = CONFIG_TREES.filter((dir) => fs.stat(dir).ok && captured(fs, dir));
  if (present.length === 0) throw new InputError(`the snapshot holds none of ${CONFIG_TREES.join(', ')}: name the configuration inside it (forbidlint --snapshot FILE /opt/nginx/conf/nginx.conf)`);
  return present;
}

/**
 * Whether a listed configuration tree's files are in the snapshot: one taken with --nginx lists
 * /etc/apache2 with the rest of `/` but archives none of it.
 */
function captured(fs: FsView, dir: string): boolean {
  for (const name of MAIN_FILES) {
    const file = `${dir}/${name}`;
    if (!fs.stat(file).ok) continue;
    const read = fs.readFile(file);
    return read.ok || read.error.code !== 'ENOCONTENT';
  }
  return true;
}
