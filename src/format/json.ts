import type { Formatter } from './types.js';

/**
 * ESLint's JSON shape (what nvim-lint, ALE and CI scripts parse): one object per file with its
 * messages and counts. File paths stay absolute, as ESLint's do; the file text is left out.
 * `complete` is false when the audit the result comes from did not finish (a mount that failed,
 * a fleet's server that could not be audited): the findings are partial.
 */
export const json: Formatter = (results, context) => {
  const lintComplete = (context.incomplete?.length ?? 0) === 0;
  const serverComplete = new Map((context.servers ?? []).map((server) => [server.name, server.complete]));
  return JSON.stringify(results.map(({ source: _source, ...result }) => ({ ...result, complete: (result.server !== undefined ? serverComplete.get(result.server) : undefined) ?? lintComplete })));
};
