import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNginx } from '../../../src/parse/nginx/index.js';
import { MAIN } from '../../../src/validate/nginx/contexts.js';
import { DIRECTIVE_ARITY_ROWS } from '../../../src/validate/nginx/directive-arity.js';
import { validateNginx } from '../../../src/validate/nginx/validate.js';
import { checkHttpSnippet, checkMainSnippet, NGINX_BINARY } from '../../../test/parse/nginx/nginx-check.js';

/**
 * The validator against the real `nginx -t` (Debian's 1.22): every fixture in
 * fixtures/validity/nginx/ is loaded by nginx in the context its name gives (`http-` inside
 * `http { }`, `main-` at the top of nginx.conf); ours must refuse exactly what nginx refuses, with
 * nginx's message, at the line nginx names, and load what nginx loads.
 */
const FIXTURES = join(import.meta.dirname, '../../../fixtures/validity/nginx');
const fixtures = readdirSync(FIXTURES).sort();

describe.skipIf(!existsSync(NGINX_BINARY))('nginx -t and the validator agree', () => {
  it('has cases of every kind', () => {
    expect(fixtures.every((f) => /^(http|main)-(valid|refused)-[a-z0-9-]+\.conf$/.test(f))).toBe(true);
    expect(fixtures.filter((f) => f.includes('-refused-')).length).toBeGreaterThanOrEqual(15);
    expect(fixtures.filter((f) => f.includes('-valid-')).length).toBeGreaterThanOrEqual(10);
  });

  it.each(fixtures)('%s', (fixture) => {
    const text = readFileSync(join(FIXTURES, fixture));
    const atMain = fixture.startsWith('main-');
    const nginx = atMain ? checkMainSnippet(text) : checkHttpSnippet(text);
    const parsed = parseNginx(text, fixture, { context: atMain ? 'main' : 'http' });
    expect(parsed.diagnostics).toEqual([]);
    const ours = validateNginx(parsed.nodes, { context: atMain ? MAIN : { name: 'http', family: 'http' }, reportUnknown: atMain });

    expect(nginx.ok ? 'valid' : 'refused', nginx.message).toBe(fixture.includes('-valid-') ? 'valid' : 'refused');
    if (nginx.ok) {
      expect(ours).toEqual([]);
    } else {
      expect(ours[0]?.message).toBe(nginx.message);
      expect(ours[0]?.loc.line).toBe(nginx.line);
    }
  });
});

/**
 * Argument counts come from the documented syntax; nginx's own are in its source. For a sample of
 * the http directives Debian's nginx is built with, every count from 0 to 9 is put to `nginx -t`:
 * where nginx says "invalid number of arguments", so must we, and where it does not, we must not
 * (a wider count of ours is allowed only in the refusing direction: we may miss, never invent).
 */
describe.skipIf(!existsSync(NGINX_BINARY))('argument counts against nginx -t', () => {
  const simple = DIRECTIVE_ARITY_ROWS.filter(([, family, contexts, isBlock]) => family === 'http' && !isBlock && contexts.some((c) => c === 'location' || c === 'server' || c === 'http'));
  // Every fifth directive: the whole table takes a minute, the sample a few seconds.
  const sample = simple.filter((_, i) => i % 5 === 0);

  it.each(sample.map(([name, , contexts, , min, max]) => ({ name, contexts, min, max })))('$name', ({ name, contexts, min, max }) => {
    const wrap = (line: string): string => (contexts.includes('location') ? `server { location /x/ { ${line} } }` : contexts.includes('server') ? `server { ${line} }` : line);
    const probe = checkHttpSnippet(wrap(`${name} x;`));
    if (probe.message?.startsWith('unknown directive')) return; // a module Debian does not build
    for (let count = 0; count <= 9; count += 1) {
      const nginx = checkHttpSnippet(wrap(`${name}${' x'.repeat(count)};`));
      const nginxRefuses = nginx.message?.startsWith('invalid number of arguments') ?? false;
      const weRefuse = count < min || (max >= 0 && count > max);
      if (weRefuse) expect(nginxRefuses, `${name} with ${count} arguments`).toBe(true);
    }
  });
});
