import { createWriteStream, existsSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatComparison, repeat, timeCommand, type Sample } from './lib.js';

/**
 * Loading a 1M-line `find -printf` listing (src/fs/listing-fs.ts), including the first
 * readdir that groups entries by directory, next to `wc -l` reading the same file. Each
 * directory's children are sorted on first use, so a second line times a lookup in every
 * directory of the listing, as a walk of all of it would.
 */
const LINES = 1_000_000;

export default async function listingBench(): Promise<void> {
  const file = await ensureListing(LINES);
  const wc = repeat(3, () => sample(timeCommand('wc', ['-l', file])));
  for (const everyDirectory of [false, true]) {
    const ours = repeat(3, () => sample(loadInChild(file, everyDirectory)));
    const name = `listing ${LINES / 1000}k lines${everyDirectory ? ', every directory sorted' : ''}`;
    console.log(formatComparison({ name, ours, baselineName: 'wc -l', baseline: wc, goalRssMb: 400 }));
    console.log(`${name}: goal < 3000 ms ${ours.ms < 3000 ? 'met' : 'missed'}`);
  }
}

function loadInChild(file: string, everyDirectory: boolean): ReturnType<typeof timeCommand> {
  const listing = new URL('../src/fs/listing-fs.js', import.meta.url).href;
  const script = `import { loadListing } from '${listing}';
const loaded = loadListing(${JSON.stringify(file)});
if (!loaded.ok) throw new Error(loaded.message);
const top = loaded.listing.fs.readdir('/');
if (!top.ok || loaded.listing.diagnostics.length > 0) throw new Error('listing did not load cleanly');
console.log(${everyDirectory ? 'loaded.listing.fs.size' : 'loaded.listing.lines'});`;
  return timeCommand(process.execPath, ['--input-type=module', '-e', script]);
}

function sample(result: ReturnType<typeof timeCommand>): Sample {
  if (result.status !== 0) throw new Error(`benchmark command failed: ${result.stderr}`);
  return result.maxRssKb === undefined ? { ms: result.ms } : { ms: result.ms, maxRssKb: result.maxRssKb };
}

/** A server-like listing: directories of 10-50 entries three levels down, one entry in 20 a symlink. */
async function ensureListing(lines: number): Promise<string> {
  const file = join(tmpdir(), `forbidlint-bench-listing-${lines}.txt`);
  if (existsSync(file)) return file;
  const partial = `${file}.partial`;
  const out = createWriteStream(partial);
  let chunk = '755 0 0 d 4096 /\t\n755 0 0 d 4096 /srv\t\n';
  let count = 2;
  let seed = 7;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  for (let site = 0; count < lines; site++) {
    chunk += `2750 0 33 d 4096 /srv/site-${site}\t\n`;
    count++;
    for (let dir = 0; dir < 40 && count < lines; dir++) {
      const path = `/srv/site-${site}/assets dir ${dir}`;
      chunk += `755 33 33 d 4096 ${path}\t\n`;
      count++;
      const files = 10 + (next() % 41);
      for (let f = 0; f < files && count < lines; f++, count++) {
        chunk += f % 20 === 19 ? `777 33 33 l 12 ${path}/link-${f}.css\tstyle-${f - 1}.css\n` : `644 33 33 f ${next() % 100000} ${path}/style-${f}.css\t\n`;
      }
      if (chunk.length > 1 << 20) {
        if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
        chunk = '';
      }
    }
  }
  out.end(chunk);
  await new Promise<void>((resolve) => out.once('finish', () => resolve()));
  renameSync(partial, file);
  return file;
}
