import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNginx } from '../../src/parse/nginx/index.js';
import { MAIN, type BlockContext } from '../../src/validate/nginx/contexts.js';
import { validateNginx } from '../../src/validate/nginx/validate.js';
import { symlinkTarget, validationRows } from '../helpers/corpus.js';
import { CORPUS_DIR } from '../helpers/shared-dir.js';

/**
 * The validator on ~600 real files the corpus's validation table ran through Debian's `nginx -t`,
 * each in the context it was loaded in: a file nginx loads gets no refusal at all (unknown
 * directives included: a whole config that loads no third-party module); a file nginx refused for
 * a reason the validator knows gets that refusal first, at nginx's line, in nginx's words.
 */
const CONTEXTS: Readonly<Record<string, BlockContext>> = {
  main: MAIN,
  http: { name: 'http', family: 'http' },
  server: { name: 'server', family: 'http' },
  location: { name: 'location', family: 'http' },
};
const KNOWN_REFUSAL = /^("[^"]+" directive is not allowed here|invalid number of arguments in "[^"]+" directive|"[^"]+" directive is duplicate.*|invalid value "[^"]*" in "[^"]+" directive, it must be "on" or "off") (?:t\/\S+):(\d+)$/;

const rows = validationRows('nginx').filter((row) => (row.kind === 'full' || row.kind === 'snippet') && !symlinkTarget(join(CORPUS_DIR, row.file)));

function refusalsOf(row: (typeof rows)[number]) {
  const context = row.kind === 'full' ? 'main' : row.context || 'http';
  const parsed = parseNginx(readFileSync(join(CORPUS_DIR, row.file)), row.file, { context });
  return validateNginx(parsed.nodes, { context: CONTEXTS[context], reportUnknown: context === 'main' });
}

describe('the nginx validator on the corpus', () => {
  const loaded = rows.filter((row) => row.status === 'ok' || row.status === 'ok-with-stubs');
  const refused = rows.flatMap((row) => {
    const known = row.status === 'fail' ? KNOWN_REFUSAL.exec(row.error) : null;
    return known ? [{ row, message: known[1] as string, line: Number(known[2]) }] : [];
  });

  it('covers the corpus', () => {
    expect(loaded.length).toBeGreaterThan(400);
    expect(refused.length).toBeGreaterThanOrEqual(10);
  });

  it('refuses nothing nginx loads', () => {
    const wrong = loaded.flatMap((row) => refusalsOf(row).map((r) => `${row.file}:${r.loc.line} ${r.message}`));
    expect(wrong).toEqual([]);
  });

  it.each(refused.map(({ row, message, line }) => ({ file: row.file, row, message, line })))('$file: $message', ({ row, message, line }) => {
    const [first] = refusalsOf(row);
    expect({ message: first?.message, line: first?.loc.line }).toEqual({ message, line });
  });
});
