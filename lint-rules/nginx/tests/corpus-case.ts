import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Directories whose entries Debian ships as symlinks; the corpus stores each link's target as its text. */
const LINK_DIRECTORIES = /\/(?:sites|mods|conf)-enabled\/[^/]+$/;

/**
 * A configuration directory of the corpus laid out at `serverPath` for a rule case: its files
 * as `files`, and the `*-enabled` links as symlink entries of a tree manifest fragment.
 */
export function corpusCase(directory: string, serverPath: string): { files: Record<string, string>; links: string } {
  const files: Record<string, string> = {};
  const links: string[] = [];
  const visit = (relative: string): void => {
    const host = join(directory, relative);
    if (statSync(host).isDirectory()) {
      for (const name of readdirSync(host)) visit(relative === '' ? name : `${relative}/${name}`);
      return;
    }
    const path = `${serverPath}/${relative}`;
    const text = readFileSync(host, 'utf8');
    if (LINK_DIRECTORIES.test(path) && /^\.\.\/[^\n]*$/.test(text)) links.push(`  - { path: ${path}, type: symlink, target: ${text} }\n`);
    else files[path] = text;
  };
  visit('');
  return { files, links: links.join('') };
}
