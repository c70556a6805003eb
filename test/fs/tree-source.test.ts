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
