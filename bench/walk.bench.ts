import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatComparison, repeat, timeCommand, type Sample } from './lib.js';

/**
 * The live walk (src/fs/walk.ts over LiveFs) against GNU find printing the same columns, on
 * generated trees of 100k and 1M entries: directories of 10-50 files, one entry in 20 a
 * symlink. Trees are cached under the temp dir since creating a million files takes minutes.
 *
 * Where the time goes (Node 20, 2 cores, warm cache): `node -e 0` takes 80-110 ms, about half
 * of find's whole 100k run; an lstatSync costs 2.5-3 us against find's 1.7 us per entry (the
 * Stats object and its four Dates, a full path to resolve instead of find's fstatat on a
 * directory fd), and readdirSync about 0.7 us per entry. From 2048 entries on, a helper thread
 * lists every other subtree (src/fs/walk-helper.ts), which needs about 60 ms to start: at 1M
 * it takes half the lstat calls and cuts the walk by about a quarter; at 100k it takes half
 * too but gains nothing measurable, starting late and with cold code. Both threads need a
 * core: on a loaded machine the helper gains nothing.
 * Medians of several runs on a shared 2-core machine: 1M ratio 1.1-1.3 (1.5-1.7 on one
 * thread), 100k ratio 2.2-2.9 as on one thread; peak RSS at 1M 127 MiB (60 on one thread:
 * the second isolate and the listings in flight).
 * With the native addon (native/), which lists a directory in one call by its descriptor, runs
 * interleaved with the JavaScript listing at a load average of 9-13: CPU 0.96 -> 0.56 s at 100k
 * and 7.0-7.3 -> 3.3 s at 1M (find: 0.23 and 2.33 s); wall ratio 3.4 -> 2.2 at 100k and
 * 2.5-2.8 -> 1.3 at 1M.
 */
const SIZES = [100_000, 1_000_000];

export default async function walkBench(): Promise<void> {
  for (const size of SIZES) {
    const root = ensureTree(size);
    const runs = size >= 1_000_000 ? 3 : 5;
    const ours = repeat(runs, () => sample(walkInChild(root), size));
    const find = repeat(runs, () => sample(timeCommand('sh', ['-c', `find '${root}' -printf '%m %U %G %y %p\\n' > /dev/null`]), undefined));
    console.log(formatComparison({ name: `walk ${size / 1000}k entries`, ours, baselineName: 'find -printf', baseline: find, goalRatio: 1.0, goalRssMb: 250 }));
  }
}

/** A node process that only walks, so its peak RSS is the walker's. */
function walkInChild(root: string): ReturnType<typeof timeCommand> {
  const walk = new URL('../src/fs/walk.js', import.meta.url).href;
  const live = new URL('../src/fs/live-fs.js', import.meta.url).href;
  const script = `import { walkTrees } from '${walk}'; import { LiveFs } from '${live}';
const { entries } = await walkTrees(new LiveFs('/'), [${JSON.stringify(root)}], { onEntry() {} });
console.log(entries);`;
  return timeCommand(process.execPath, ['--input-type=module', '-e', script]);
}

function sample(result: ReturnType<typeof timeCommand>, expectedEntries: number | undefined): Sample {
  if (result.status !== 0) throw new Error(`benchmark command failed: ${result.stderr}`);
  if (expectedEntries !== undefined && Number(result.stdout.trim()) < expectedEntries) throw new Error(`walked ${result.stdout.trim()} entries, expected at least ${expectedEntries}`);
  return result.maxRssKb === undefined ? { ms: result.ms } : { ms: result.ms, maxRssKb: result.maxRssKb };
}

/** Deterministic: the same size always yields the same tree, so cached trees stay comparable. */
export function ensureTree(size: number, root = join(tmpdir(), `forbidlint-bench-tree-${size}`)): string {
  fillTree(root, size);
  return root;
}

/** The generated tree of `size` entries at `root`, made once (a `.complete` marker says so). */
export function fillTree(root: string, size: number): void {
  const done = join(root, '.complete');
  if (existsSync(done)) return;
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  let seed = 42;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  let count = 1;
  for (let top = 0; count < size; top++) {
    const topDir = join(root, `d${top}`);
    mkdirSync(topDir);
    count++;
    for (let leaf = 0; leaf < 40 && count < size; leaf++) {
      const dir = join(topDir, `sub ${leaf}`);
      mkdirSync(dir);
      count++;
      const files = 10 + (next() % 41);
      for (let f = 0; f < files && count < size; f++, count++) {
        const path = join(dir, `file-${f}.html`);
        if (f % 20 === 19) symlinkSync(`file-${f - 1}.html`, path);
        else writeFileSync(path, '');
      }
    }
  }
  writeFileSync(done, '');
}
