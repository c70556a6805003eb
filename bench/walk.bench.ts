import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatComparison, repeat, timeCommand, type Sample } from './lib.js';

/**
 * The live walk (src/fs/walk.ts over LiveFs) against GNU find printing the same columns, on
 * generated trees of 100k and 1M entries: directories of 10-50 files, one entry in 20 a
 * symlink. Trees are cached under the temp dir since creating a million files takes minutes.
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
export function ensureTree(size: number): string {
  const root = join(tmpdir(), `forbidlint-bench-tree-${size}`);
  const done = join(root, '.complete');
  if (existsSync(done)) return root;
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root);
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
  return root;
}
