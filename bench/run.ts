import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Runs every `bench/*.bench.ts` (compiled to dist/bench) in name order, or only those whose
 * name contains one of the command-line words: `npm run bench -- walk parse`.
 * Each module's default export is an async function that prints its own comparisons.
 */
const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const modules = readdirSync(here)
  .filter((f) => f.endsWith('.bench.js'))
  .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
  .sort();

for (const file of modules) {
  console.log(`\n## ${file.replace(/\.bench\.js$/, '')}`);
  const mod = (await import(pathToFileURL(`${here}/${file}`).href)) as { default: () => Promise<void> };
  await mod.default();
}
