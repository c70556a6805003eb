import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { LiveFs } from '../../src/fs/live-fs.js';
import { treeSourceFor, type Listing } from '../../src/fs/tree-source.js';
import { makeTempRoot, removeTree } from '../helpers/tree.js';

const root = makeTempRoot();
afterAll(() => removeTree(root));
for (let d = 0; d < 3; d++) {
  mkdirSync(`${root}/d${d}`);
  for (let f = 0; f < 150; f++) writeFileSync(`${root}/d${d}/f${f}`, 'x'.repeat(f));
  symlinkSync('f1', `${root}/d${d}/link`);
}

async function listAll(remoteLstatUs: number): Promise<Listing[]> {
  const source = treeSourceFor(new LiveFs(root), { remoteLstatUs });
  const listings: Listing[] = [];
  for (let d = 0; d < 3; d++) {
    const listed = await source.list(`${root}/d${d}`);
    if (!listed.ok) throw new Error(listed.error.message);
    listings.push(listed.value);
  }
  return listings;
}

// A remote disk is detected by timing; a threshold of 0 us makes every disk "remote", so the
// parallel path runs here once the first 256 entries are timed, and must list exactly the same.
it('lists the same through parallel lstats on the pool as through synchronous ones', async () => {
  const local = await listAll(Number.POSITIVE_INFINITY);
  const remote = await listAll(0);
  expect(remote).toEqual(local);
  expect(local[2]?.entries).toHaveLength(151);
  expect(local[2]?.entries.find((e) => e.name === 'link')).toMatchObject({ stat: { type: 'symlink' }, linkTarget: 'f1' });
});

// An in-memory table lists off its child index; the same entries as asking the view name by name.
it('lists an entry table as its readdir, lstat and readlink answer, through a symlinked directory too', async () => {
  const { parseManifest, manifestFs } = await import('../../src/fs/manifest-fs.js');
  const parsed = parseManifest(
    `entries:
  - { path: /srv/www, type: dir, mode: '0755' }
  - { path: /srv/www/b.html, type: file, mode: '0600', owner: 1000, group: 1000 }
  - { path: /srv/www/a, type: dir, mode: '0700' }
  - { path: /srv/www/latest, type: symlink, target: a }
  - { path: /srv/current, type: symlink, target: www }
`,
    'tree.yaml',
  );
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const fs = manifestFs(parsed.tree, 'tree.yaml');
  const { EntryTable } = await import('../../src/fs/entry-table.js');
  expect(fs).toBeInstanceOf(EntryTable);
  const byName = (dir: string): Listing => {
    const names = fs.readdir(dir);
    if (!names.ok) throw new Error(names.error.message);
    const entries = names.value.map((name) => {
      const stat = fs.lstat(`${dir}/${name}`);
      if (!stat.ok) throw new Error(stat.error.message);
      const target = fs.readlink(`${dir}/${name}`);
      return target.ok ? { name, stat: stat.value, linkTarget: target.value } : { name, stat: stat.value };
    });
    return { entries, failed: [], undecodable: [] };
  };
  const source = treeSourceFor(fs);
  for (const dir of ['/srv/www', '/srv/current']) expect(await source.list(dir)).toEqual({ ok: true, value: byName(dir) });
  expect((await source.list('/srv/www')).ok && byName('/srv/www').entries.map((e) => e.name)).toEqual(['a', 'b.html', 'latest']);
  expect(await source.list('/srv/www/b.html')).toMatchObject({ ok: false, error: { code: 'ENOTDIR' } });
});
