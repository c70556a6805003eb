import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Directive, Node } from '../../../src/parse/ast.js';
import { parseNginx } from '../../../src/parse/nginx/index.js';
import { checkHttpSnippet, NGINX_BINARY } from './nginx-check.js';

/**
 * Every fixture in fixtures/syntax/nginx/ through the real `nginx -t` (Debian's 1.22, included in
 * `http { }`) and through our reader in the same context. We must report a syntax error exactly
 * when nginx refuses the file for a syntax reason, with nginx's message, at the line nginx names.
 * File name prefixes say what each fixture was written to show, and nginx must agree:
 * `valid-` loads, `broken-` is refused for syntax, `nonsyntax-` is refused for another reason
 * (an unknown directive: its name, as nginx prints it, shows how nginx decoded the escapes).
 */
const FIXTURES = join(import.meta.dirname, '../../../fixtures/syntax/nginx');

const SYNTAX_ERROR = /^(unexpected |directive "[^"]*" (has no opening|is not terminated)|too long parameter)/;

const fixtures = readdirSync(FIXTURES).sort();

describe.skipIf(!existsSync(NGINX_BINARY))('syntax errors agree with nginx -t', () => {
  it('has a table worth the name', () => {
    expect(fixtures.filter((f) => f.startsWith('valid-')).length).toBeGreaterThanOrEqual(15);
    expect(fixtures.filter((f) => f.startsWith('broken-')).length).toBeGreaterThanOrEqual(20);
    expect(fixtures.every((f) => /^(valid|broken|nonsyntax)-[a-z0-9-]+\.conf$/.test(f))).toBe(true);
  });

  it.each(fixtures)('%s', (fixture) => {
    const bytes = readFileSync(join(FIXTURES, fixture));
    const nginx = checkHttpSnippet(bytes);
    const ours = parseNginx(bytes, fixture, { context: 'http' });
    const syntaxRefusal = !nginx.ok && SYNTAX_ERROR.test(nginx.message ?? '');

    const expected = fixture.startsWith('valid-') ? 'loads' : fixture.startsWith('broken-') ? 'syntax error' : 'other error';
    expect(nginx.ok ? 'loads' : syntaxRefusal ? 'syntax error' : 'other error', nginx.message).toBe(expected);

    if (!syntaxRefusal) {
      expect(ours.diagnostics).toEqual([]);
    } else {
      const [first] = ours.diagnostics;
      expect(nginx.file).toBe('<prefix>/snippet.conf');
      expect(first?.loc.line).toBe(nginx.line);
      // Our unterminated-quote message adds where the quote opened after nginx's wording.
      expect(first?.message.startsWith(nginx.message as string)).toBe(true);
    }

    const unknown = /^unknown directive "([^]*)"$/.exec(nginx.message ?? '');
    if (unknown) {
      // nginx prints names as C strings: a NUL byte ends what it shows.
      const names = directivesAtLine(ours.nodes, nginx.line as number).map((d) => d.name.split('\0')[0]);
      expect(names).toContain(unknown[1]);
    }
  });
});

function directivesAtLine(nodes: readonly Node[], line: number): Directive[] {
  return nodes.flatMap((node) =>
    node.type !== 'directive' ? [] : [...(node.nameLoc.line === line ? [node] : []), ...directivesAtLine(node.children ?? [], line)],
  );
}
