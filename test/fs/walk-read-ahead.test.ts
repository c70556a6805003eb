import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { LiveFs } from '../../src/fs/live-fs.js';
import { treeSourceFor, type TreeSource } from '../../src/fs/tree-source.js';
import { walkSource, type FsDiagnostic, type WalkEntry } from '../../src/fs/walk.js';
import { makeTempRoot, removeTree } from '../helpers/tree.js';

/**
 * On a remote filesystem the walk reads directories ahead of itself, several at once; what it
 * reports must not change: same entries, same order, same diagnostics as the sequential walk.
 */
const root = makeTempRoot();
afterAll(() => removeTree(root));
for (let a = 0; a < 12; a++) {
  for (let b = 0; b < (a % 4) + 1; b++) {
    const dir = `${root}/srv/a${a}/b${b}`;
    mkdirSync(`${dir}/c`, { recursive: true });
    for (let f = 0; f < 15; f++) writeFileSync(`${dir}/f${f}`, '');
    writeFileSync(`${dir}/c/deep`, '');
    symlinkSync('../../a0', `${dir}/up`);
  }
}
mkdirSync(`${root}/srv/a3/locked/inner`, { recursive: true });
chmodSync(`${root}/srv/a3/locked`, 0o000);
mkdirSync(`${root}/srv/cache/x`, { recursive: true });

interface Walked {
  entries: string[];
  diagnostics: FsDiagnostic[];
  /** The most listings the source was asked for at once. */
  atOnce: number;
}

async function walk(remoteLstatUs: number): Promise<Walked> {
  const live = new LiveFs(root);
  const source = treeSourceFor(live, { remoteLstatUs });
  let inFlight = 0;
  let atOnce = 0;
  const counted: TreeSource = {
    handleOf: (path) => source.handleOf(path),
    list: async (handle, identity) => {
      atOnce = Math.max(atOnce, ++inFlight);
      try {
        return await source.list(handle, identity);
      } finally {
        inFlight--;
      }
    },
    get concurrency() {
      return source.concurrency;
    },
  };
  const entries: string[] = [];
  const diagnostics: FsDiagnostic[] = [];
  await walkSource(live, counted, ['/srv'], {
    ignore: ['cache/**'],
    onEntry: (e: WalkEntry) => entries.push(`${e.path} ${e.depth} ${e.stat.type} ${e.linkTarget ?? ''}`),
    onDiagnostic: (d) => diagnostics.push(d),
  });
  return { entries, diagnostics, atOnce };
}

it('reads directories ahead on a remote filesystem, reporting exactly what the sequential walk does', async () => {
  // A threshold of 0 us makes every disk "remote" once the first 256 entries are timed.
  const [sequential, ahead] = [await walk(Number.POSITIVE_INFINITY), await walk(0)];
  expect(sequential.atOnce).toBe(1);
  expect(ahead.atOnce).toBeGreaterThan(4);
  expect(ahead.entries).toEqual(sequential.entries);
  expect(ahead.diagnostics).toEqual(sequential.diagnostics);
  expect(sequential.entries.length).toBeGreaterThan(500);
  expect(sequential.entries).toContain('/srv/a1/b1/up 3 symlink ../../a0');
  expect(sequential.entries.some((e) => e.startsWith('/srv/cache/x'))).toBe(false);
  if (process.getuid?.() !== 0) expect(sequential.diagnostics.map((d) => d.code)).toContain('walk-unreadable-dir');
});
