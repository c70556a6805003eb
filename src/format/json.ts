import type { Formatter } from './types.js';

/**
 * ESLint's JSON shape (what nvim-lint, ALE and CI scripts parse): one object per file with its
 * messages and counts. File paths stay absolute, as ESLint's do; the file text is left out.
 * `complete` is false on every result when a mount failed during the audit: the findings are partial.
 */
export const json: Formatter = (results, context) => {
  const complete = (context.incomplete?.length ?? 0) === 0;
  return JSON.stringify(results.map(({ source: _source, ...result }) => ({ ...result, complete })));
};
