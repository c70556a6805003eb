import picomatch from 'picomatch';
import type { FsView } from '../../fs/types.js';

/**
 * nginx expands an `include` that contains `*`, `?` or `[` with glob(3) (`ngx_open_glob`):
 * no brace or `**` expansion, a wildcard never matches a leading dot unless the pattern spells
 * it, unreadable directories are skipped, and the matches come back sorted (nginx runs in the C
 * locale, so byte order). A pattern that matches nothing is not an error.
 */
export function hasGlobMagic(path: string): boolean {
  return /[*?[]/.test(path);
}

export function expandIncludeGlob(pattern: string, fs: FsView): string[] {
  let candidates = [''];
  for (const segment of pattern.split('/')) {
    if (segment === '') continue;
    if (!hasGlobMagic(segment)) {
      candidates = candidates.map((dir) => `${dir}/${segment}`);
      continue;
    }
    const matches = picomatch(segment, { dot: false, nobrace: true, noextglob: true, noglobstar: true });
    candidates = candidates.flatMap((dir) => {
      const listing = fs.readdir(dir === '' ? '/' : dir);
      return listing.ok ? listing.value.filter((name) => matches(name)).map((name) => `${dir}/${name}`) : [];
    });
  }
  return candidates.filter((path) => fs.lstat(path).ok).sort(compareBytes);
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
