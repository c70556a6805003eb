import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LiveFs } from '../../src/fs/live-fs.js';
import { nativeListing } from '../../src/fs/native-listing.js';
import { treeSourceFor } from '../../src/fs/tree-source.js';
import { walkSource } from '../../src/fs/walk.js';
import { makeTempRoot, removeTree } from '../helpers/tree.js';

/**
 * A release switch under a running walk: a served directory is swapped, again and again, for a
 * symlink to a directory outside --root, between the walk's listing of its parent and its
 * descent. The walk must never list what lies outside.
 */
const outer = makeTempRoot();
afterAll(() => removeTree(outer));
const root = path.join(outer, 'root');
const www = path.join(root, 'srv/www');
mkdirSync(path.join(outer, 'host'), { recursive: true });
writeFileSync(path.join(outer, 'host/OUTSIDE-MARKER'), 'host file\n');
for (let i = 0; i < 40; i++) {
  mkdirSync(path.join(www, `release-${i}/assets`), { recursive: true });
  writeFileSync(path.join(www, `release-${i}/assets/app.js`), '');
}

// Both ways of listing: the native addon's, where it is built, and JavaScript's.
const routes = nativeListing() === undefined ? [false] : [true, false];

describe.each(routes)('a directory swapped for a symlink during the walk (native listing: %s)', (native) => {
  it('never leads the walk out of --root, under a racing renamer', async () => {
    // mv -T swaps atomically: release-N is a directory, then a symlink to the host, then a directory again.
    const script = `
      cd '${www}'
      while :; do
        for i in $(seq 0 39); do
          mv -T release-$i release-$i.real 2>/dev/null && ln -s '${path.join(outer, 'host')}' release-$i && rm release-$i && mv -T release-$i.real release-$i
        done
      done`;
    const renamer = spawn('sh', ['-c', script], { stdio: 'ignore', detached: false });
    try {
      const fs = new LiveFs(root);
      const seen: string[] = [];
      let changed = 0;
      const deadline = Date.now() + 4_000;
      let walks = 0;
      while (Date.now() < deadline || walks < 20) {
        await walkSource(fs, treeSourceFor(fs, { native }), ['/srv/www'], {
          onEntry: (entry) => seen.push(entry.path),
          onDiagnostic: (d) => {
            if (d.code === 'walk-changed') changed++;
          },
        });
        walks++;
        if (seen.some((p) => p.includes('OUTSIDE-MARKER'))) break;
      }
      expect(seen.filter((p) => p.includes('OUTSIDE-MARKER'))).toEqual([]);
      // The race was really run: some descents found their directory swapped.
      expect(changed).toBeGreaterThan(0);
    } finally {
      const exited = new Promise((resolve) => renamer.once('exit', resolve));
      renamer.kill();
      await exited;
    }
  }, 30_000);
});
