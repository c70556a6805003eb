import { expect, it } from 'vitest';
import { sweepCorpus } from '../helpers/corpus-sweep.js';

/**
 * Every nginx file of the shared corpus (real configurations written elsewhere), linted alone as a
 * user hands it over: no crash, no stack trace, every diagnostic at a file and line.
 */
it('lints every nginx corpus file alone without a crash, and every diagnostic has a file and line', async () => {
  const { files, problems } = await sweepCorpus('nginx');
  expect(files).toBeGreaterThan(600);
  expect(problems).toEqual([]);
}, 60_000);
