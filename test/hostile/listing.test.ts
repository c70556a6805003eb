import { afterAll, describe, expect, it } from 'vitest';
import { parseListing } from '../../src/fs/listing-fs.js';
import { walkTrees } from '../../src/fs/walk.js';
import { fail } from '../../src/fs/types.js';
import { runCli, tempTree } from '../cli/run-cli.js';

const noContents = (path: string) => fail<Buffer>('ENOCONTENT', path, 'no contents');

describe('listing lines that would mislead the audit are reported with file:line and skipped', () => {
  it.each([
    ['a last component ..', '755 0 0 d 4096 /srv/www/..', /web\.find:2: the path "\/srv\/www\/\.\." has a \. or \.\. component/],
    ['a last component .', '755 0 0 d 4096 /srv/www/.', /web\.find:2: the path "\/srv\/www\/\." has a \. or \.\. component/],
    ['a . in the middle', '644 0 0 f 1 /srv/./www/x', /web\.find:2: the path "\/srv\/\.\/www\/x" has a \. or \.\. component/],
    ['a CRLF line end', '644 0 0 f 1 /srv/www/index.html\r', /web\.find:2: the line ends in CR LF/],
    ['a uid past 32 bits', '644 4294967296 0 f 1 /srv/www/index.html', /web\.find:2: uid or gid above 4294967295/],
    ['a gid past 32 bits', '644 0 99999999999 f 1 /srv/www/index.html', /web\.find:2: uid or gid above 4294967295/],
    ['a name split by a newline', '644 0 0 f 1 /srv/www/a\nb.html', /web\.find:3: expected "MODE UID GID TYPE SIZE PATH<tab>TARGET"/],
  ])('%s', async (_name, line, expected) => {
    const text = `755 0 0 d 4096 /srv/www\n${line}\n644 0 0 f 3 /srv/www/ok.html\n755 0 0 d 4096 /\n755 0 0 d 4096 /srv\n`;
    const listing = parseListing(text, 'web.find', noContents);
    expect(listing.diagnostics.map((d) => d.message).join('\n')).toMatch(expected);
    // The walk of what was kept ends, and sees the good lines.
    const seen: string[] = [];
    await walkTrees(listing.fs, ['/srv/www'], { onEntry: (entry) => seen.push(entry.path) });
    expect(seen).toContain('/srv/www/ok.html');
    expect(seen.length).toBeLessThan(10);
  });

  it('the CLI prints them on stderr, one line each', async () => {
    const tree = tempTree({
      'web.find': '755 0 0 d 4096 /\n755 0 0 d 4096 /srv\n755 0 0 d 4096 /srv/www\n755 0 0 d 4096 /srv/www/..\n644 4294967296 0 f 1 /srv/www/index.html\n',
      'nginx.conf': 'events {}\nhttp {\n  server {\n    listen 80;\n    root /srv/www;\n  }\n}\n',
    });
    try {
      const run = await runCli(['nginx.conf', '--fs-listing', 'web.find', '-f', 'compact'], { cwd: tree.dir });
      expect(run.stderr).toMatch(/^forbidlint: warning: \S*web\.find:4: /m);
      expect(run.stderr).toContain('web.find:4: the path "/srv/www/.." has a . or .. component');
      expect(run.stderr).toContain('web.find:5: uid or gid above 4294967295');
    } finally {
      tree.cleanup();
    }
  });
});
