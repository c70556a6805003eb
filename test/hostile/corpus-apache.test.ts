import { expect, it } from 'vitest';
import { sweepCorpus } from '../helpers/corpus-sweep.js';

/**
 * Every apache file of the shared corpus (real configurations written elsewhere), linted alone as a
 * user hands it over: no crash, no stack trace, every diagnostic at a file and line.
 */
it('lints every apache corpus file alone without a crash, and every diagnostic has a file and line', async () => {
  const { files, problems } = await sweepCorpus('apache');
  expect(files).toBeGreaterThan(200);
  expect(problems).toEqual([]);
}, 60_000);
