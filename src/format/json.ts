import type { Formatter } from './types.js';

/**
 * ESLint's JSON shape (what nvim-lint, ALE and CI scripts parse): one object per file with its
 * messages and counts. File paths stay absolute, as ESLint's do; the file text is left out.
 */
export const json: Formatter = (results) =>
  JSON.stringify(
    results.map(({ source: _source, ...result }) => result),
  );
