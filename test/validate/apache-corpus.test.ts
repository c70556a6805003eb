import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseApache } from '../../src/parse/apache/index.js';
import { validateApache, type ApacheContext } from '../../src/validate/apache/validate.js';
import { symlinkTarget, validationRows } from '../helpers/corpus.js';
import { CORPUS_DIR } from '../helpers/shared-dir.js';

/**
 * The Apache validator on the corpus files Debian's `apache2 -t` loaded (with every module it
 * ships), each read alone in the context it was loaded in: not one refusal. A file read alone
 * loads no module, so this holds the section rules to account, not "Invalid command".
 */
const rows = validationRows('apache').filter(
  (row) => (row.kind === 'snippet' || row.kind === 'full') && (row.status === 'ok' || row.status === 'ok-with-stubs') && !symlinkTarget(join(CORPUS_DIR, row.file)),
);

describe('the Apache validator on the corpus', () => {
  it('covers the corpus', () => {
    expect(rows.length).toBeGreaterThan(150);
  });

  it('refuses nothing httpd loads', () => {
    const wrong = rows.flatMap((row) => {
      const context = (row.context || 'server') as ApacheContext;
      const parsed = parseApache(readFileSync(join(CORPUS_DIR, row.file), 'utf8'), row.file);
      return validateApache(parsed.nodes, context).map((r) => `${row.file}:${r.directive.nameLoc.line} ${r.message}`);
    });
    expect(wrong).toEqual([]);
  });
});
