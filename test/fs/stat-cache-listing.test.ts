import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { LiveFs } from '../../src/fs/live-fs.js';
import { StatCache } from '../../src/fs/stat-cache.js';
import { fail, ok, type EntryStat, type FsView } from '../../src/fs/types.js';
import { makeTempRoot, removeTree } from '../helpers/tree.js';

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

it('follows a link to a name in its own directory with one lstat there, and gives what stat(2) gives for every link', () => {
  const root = makeTempRoot();
  try {
    mkdirSync(join(root, 'site/sub'), { recursive: true });
    writeFileSync(join(root, 'site/index.v2.html'), 'home');
    chmodSync(join(root, 'site/index.v2.html'), 0o640);
    symlinkSync('index.v2.html', join(root, 'site/index.html'));
    symlinkSync('index.html', join(root, 'site/home.html')); // a link to a link
    symlinkSync('sub', join(root, 'site/current'));
    symlinkSync('../site/index.v2.html', join(root, 'site/sub/up.html'));
    symlinkSync('missing.html', join(root, 'site/broken'));
    symlinkSync('self', join(root, 'site/self'));
    const live = new LiveFs(root);
    const asked: string[] = [];
    const counted: FsView = {
      description: live.description,
      lstat: (p) => (asked.push(`lstat ${p}`), live.lstat(p)),
      stat: (p) => (asked.push(`stat ${p}`), live.stat(p)),
      readlink: (p) => live.readlink(p),
      readdir: (p) => live.readdir(p),
      readFile: (p) => live.readFile(p),
    };
    const cache = new StatCache(counted);
    const links = ['/site/index.html', '/site/home.html', '/site/current', '/site/sub/up.html', '/site/broken', '/site/self'];
    for (const link of links) cache.remember(link, { type: 'symlink', mode: 0o777, uid: 0, gid: 0, size: 1 });
    expect(links.map((link) => cache.stat(link))).toEqual(links.map((link) => live.stat(link)));
    expect(cache.stat('/site/index.html')).toMatchObject({ ok: true, value: { type: 'file', mode: 0o640 } });
    expect(asked).toEqual([
      'lstat /site/index.v2.html',
      'lstat /site/index.v2.html',
      'lstat /site/sub',
      // A target with a slash, a broken link and a loop are the view's own to resolve and report.
      'stat /site/sub/up.html',
      'lstat /site/missing.html',
      'stat /site/broken',
      'stat /site/self',
    ]);
  } finally {
    removeTree(root);
  }
});
