import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadListing, parseListing } from '../../src/fs/listing-fs.js';
import { fail } from '../../src/fs/types.js';
import { makeTempRoot, removeTree } from '../helpers/tree.js';

const noContents = (path: string) => fail<Buffer>('ENOCONTENT', path, 'no contents');

describe('parseListing', () => {
  it.each([
    { line: '755 0 0 d 4096 /\t', path: '/', stat: { type: 'dir', mode: 0o755, uid: 0, gid: 0, size: 4096 } },
    { line: '644 33 33 f 12 /srv/a b.html\t', path: '/srv/a b.html', stat: { type: 'file', mode: 0o644, uid: 33, gid: 33, size: 12 } },
    { line: '1777 0 0 d 4096 /tmp\t', path: '/tmp', stat: { type: 'dir', mode: 0o1777 } },
    { line: '4755 0 0 f 0 /usr/bin/su\t', path: '/usr/bin/su', stat: { mode: 0o4755 } },
    { line: '777 0 0 l 9 /srv/my link\t/srv/a b/', path: '/srv/my link', stat: { type: 'symlink' }, target: '/srv/a b/' },
    { line: '640 0 0 f 3 /srv/tab\there\t', path: '/srv/tab\there', stat: { type: 'file' } },
    { line: '755 0 0 d /srv/www', path: '/srv/www', stat: { type: 'dir', size: 0 } },
    { line: '755 0 0 d 4096 /srv/www/\t', path: '/srv/www', stat: { type: 'dir' } },
    { line: '660 0 6 b 0 /dev/sda\t', path: '/dev/sda', stat: { type: 'block' } },
    { line: '644 0 0 p 0 /run/fifo\t', path: '/run/fifo', stat: { type: 'fifo' } },
  ])('$line', ({ line, path, stat, target }) => {
    const { fs, diagnostics } = parseListing(`${line}\n`, 'find.txt', noContents);
    expect(diagnostics).toEqual([]);
    expect(fs.lstat(path)).toMatchObject({ ok: true, value: stat });
    if (target !== undefined) expect(fs.readlink(path)).toEqual({ ok: true, value: target });
  });

  it('reports each malformed line with its number and keeps the rest', () => {
    const text = [
      '755 0 0 d 4096 /\t',
      '755 root root d 4096 /etc\t',
      '999 0 0 f 1 /a\t',
      '644 0 0 Z 1 /b\t',
      '644 0 0 f 1 relative/c\t',
      '644 0 0 f x /d\t',
      '',
      '644 0 0 f 1 /ok\t',
    ].join('\n');
    const { fs, diagnostics } = parseListing(text, 'find.txt', noContents);
    expect(diagnostics.map((d) => d.message)).toEqual([
      'find.txt:2: expected "MODE UID GID TYPE SIZE PATH<tab>TARGET" (octal mode, numeric ids), got "755 root root d 4096 /etc\\t", line skipped',
      'find.txt:3: expected "MODE UID GID TYPE SIZE PATH<tab>TARGET" (octal mode, numeric ids), got "999 0 0 f 1 /a\\t", line skipped',
      'find.txt:4: unknown type letter "Z" (expected one of f d l c b p s), line skipped',
      'find.txt:5: the path is not absolute (run find on /, not on a relative directory), line skipped',
      'find.txt:6: expected a size in bytes before the path, line skipped',
    ]);
    expect(fs.size).toBe(2);
    expect(fs.readdir('/')).toEqual({ ok: true, value: ['ok'] });
  });

  it('keeps the later line of a path listed twice, in any order', () => {
    const text = [
      '644 0 0 f 1 /srv/www/b.html\t',
      '755 0 0 d 4096 /srv/www\t',
      '700 0 0 d 4096 /srv\t',
      '755 0 0 d 4096 /\t',
      '600 0 0 f 1 /srv/www/a.html\t',
      '755 0 0 d 4096 /srv\t',
      '640 0 0 f 1 /srv/www/a.html\t',
    ].join('\n');
    const { fs } = parseListing(text, 'find.txt', noContents);
    expect(fs.size).toBe(5);
    expect(fs.readdir('/srv/www')).toEqual({ ok: true, value: ['a.html', 'b.html'] });
    expect(fs.lstat('/srv')).toMatchObject({ ok: true, value: { mode: 0o755 } });
    expect(fs.lstat('/srv/www/a.html')).toMatchObject({ ok: true, value: { mode: 0o640 } });
  });

  it('summarizes past twenty malformed lines', () => {
    const { diagnostics } = parseListing('junk\n'.repeat(25), 'find.txt', noContents);
    expect(diagnostics).toHaveLength(21);
    expect(diagnostics[20]?.message).toBe('find.txt: 5 more malformed lines skipped');
  });
});

describe('loadListing with a content root', () => {
  const dir = makeTempRoot();
  afterAll(() => removeTree(dir));
  const listingFile = join(dir, 'find.txt');
  const contentRoot = join(dir, 'copy');
  mkdirSync(join(contentRoot, 'etc/nginx'), { recursive: true });
  writeFileSync(join(contentRoot, 'etc/nginx/nginx.conf'), 'user www-data;\n');
  writeFileSync(
    listingFile,
    ['755 0 0 d 4096 /\t', '755 0 0 d 4096 /etc\t', '755 0 0 d 4096 /etc/nginx\t', '644 0 0 f 15 /etc/nginx/nginx.conf\t', '777 0 0 l 10 /etc/nginx/site.conf\tnginx.conf', '644 0 0 f 9 /etc/passwd\t', ''].join('\n'),
  );

  it('reads files from the content root, through the listing\'s symlinks', () => {
    const loaded = loadListing(listingFile, contentRoot);
    if (!loaded.ok) throw new Error(loaded.message);
    expect(loaded.listing.fs.readFile('/etc/nginx/site.conf')).toMatchObject({ ok: true, value: Buffer.from('user www-data;\n') });
  });

  it.each([
    { contentRoot, path: '/etc/passwd', code: 'ENOCONTENT', message: `/etc/passwd is in listing ${listingFile} but not in the content root ${contentRoot}; copy it there to let forbidlint read it` },
    { contentRoot: undefined, path: '/etc/nginx/nginx.conf', code: 'ENOCONTENT', message: `listing ${listingFile} records no file contents; give a content root holding a copy of /etc/nginx/nginx.conf` },
    { contentRoot, path: '/etc/shadow', code: 'ENOENT', message: `no such file or directory in listing ${listingFile}: /etc/shadow` },
    { contentRoot, path: '/etc/nginx', code: 'EISDIR', message: 'is a directory: /etc/nginx' },
  ])('readFile $path (content root $contentRoot) -> $code', ({ contentRoot: content, path, code, message }) => {
    const loaded = loadListing(listingFile, content);
    if (!loaded.ok) throw new Error(loaded.message);
    expect(loaded.listing.fs.readFile(path)).toEqual({ ok: false, error: { code, path, message } });
  });

  it('fails with a message for an unreadable or empty listing', () => {
    expect(loadListing(join(dir, 'nope.txt'))).toMatchObject({ ok: false, message: expect.stringContaining(`cannot read listing ${dir}/nope.txt`) });
    writeFileSync(join(dir, 'empty.txt'), 'not a listing\n');
    expect(loadListing(join(dir, 'empty.txt'))).toMatchObject({ ok: false, message: expect.stringMatching(/has no valid entries; first problem: .*empty.txt:1/) });
  });
});
