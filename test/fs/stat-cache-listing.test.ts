import { expect, it } from 'vitest';
import { StatCache } from '../../src/fs/stat-cache.js';
import { fail, ok, type EntryStat, type FsView } from '../../src/fs/types.js';

/** A view that records what it is asked and knows one directory with one file. */
function countingView(asked: string[]): FsView {
  const file: EntryStat = { type: 'file', mode: 0o644, uid: 0, gid: 0, size: 1 };
  const dir: EntryStat = { ...file, type: 'dir', mode: 0o755 };
  const lookup = (path: string) => {
    asked.push(path);
    return path === '/d/a' ? ok(file) : path === '/d' ? ok(dir) : fail<EntryStat>('ENOENT', path, `no such file or directory: ${path}`);
  };
  return { description: 'test', lstat: lookup, stat: lookup, readdir: () => ok(['a']), readlink: (p) => fail('EINVAL', p, 'not a link'), readFile: (p) => fail('ENOENT', p, 'none') };
}

it('a name missing from a directory the walk listed is not looked up again', () => {
  const asked: string[] = [];
  const cache = new StatCache(countingView(asked));
  cache.rememberListing('/d', ['a']);
  expect(cache.lstat('/d/index.html')).toMatchObject({ ok: false, error: { code: 'ENOENT', message: 'no such file or directory: /d/index.html' } });
  expect(cache.stat('/d/.htaccess')).toMatchObject({ ok: false, error: { code: 'ENOENT' } });
  expect(asked).toEqual([]);
  // Names that are there, directories not listed and paths that are not plain names are asked.
  expect(cache.lstat('/d/a').ok).toBe(true);
  expect(cache.lstat('/e/x').ok).toBe(false);
  expect(cache.lstat('/d/..').ok).toBe(false);
  expect(asked).toEqual(['/d/a', '/e/x', '/d/..']);
});
