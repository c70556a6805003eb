import { describe, expect, it } from 'vitest';
import { getDirectives } from '@nginx/reference-lib';
import { DIRECTIVE_ROWS } from '../../../src/parse/nginx/directive-table.js';

/**
 * The parser's table of block and simple directives is generated from NGINX's directive
 * database; when the database changes (a dependency upgrade), this fails until the table is
 * generated again: node scripts/generate-directive-table.mjs > src/parse/nginx/directive-table.ts
 */
describe('the generated nginx directive table', () => {
  it('holds exactly what @nginx/reference-lib says', () => {
    const fromDatabase = getDirectives()
      .map(({ name, isBlock, contexts }) => JSON.stringify([name, isBlock, [...contexts]]))
      .sort();
    expect(DIRECTIVE_ROWS.map((row) => JSON.stringify(row)).sort()).toEqual(fromDatabase);
  });

  it('knows the blocks the parser relies on', () => {
    const blocks = new Set(DIRECTIVE_ROWS.filter(([, isBlock]) => isBlock).map(([name]) => name));
    for (const name of ['http', 'server', 'location', 'events', 'upstream', 'map', 'types', 'if', 'limit_except']) expect(blocks).toContain(name);
    expect(blocks).not.toContain('root');
  });
});
