import { describe, expect, it } from 'vitest';
import { normalizeUri } from '../../../src/simulate/nginx/index.js';
import fc from 'fast-check';
import { percentDecode } from '../../../src/simulate/nginx/normalize-uri.js';

describe('normalizeUri', () => {
  it.each([
    ['/', '/'],
    ['/a/b', '/a/b'],
    ['//a///b//', '/a/b/'],
    ['/a/./b', '/a/b'],
    ['/a/.', '/a/'],
    ['/a/b/..', '/a/'],
    ['/a/../b', '/b'],
    ['/a/..b', '/a/..b'],
    ['/%61%2Fb', '/a/b'],
    ['/a/%2e%2e/b', '/b'],
    ['/%25', '/%'],
    ['/caf%C3%A9', '/café'],
    ['/a%20b', '/a b'],
  ])('%s is matched as %s', (raw, uri) => {
    expect(normalizeUri(raw)).toEqual({ ok: true, uri });
  });

  it.each(['/..', '/a/../..', '/%2e%2e/', '/%zz', '/%4', '/a%00b', 'relative'])('%s is a 400', (raw) => {
    expect(normalizeUri(raw).ok).toBe(false);
  });

  it.each([
    ['//admin/', '//admin/'],
    ['/a//b', '/a//b'],
    ['/a//../b', '/a/b'],
    ['/a/./b', '/a/b'],
  ])('with merge_slashes off, %s is matched as %s', (raw, uri) => {
    expect(normalizeUri(raw, { mergeSlashes: false })).toEqual({ ok: true, uri });
  });
});

describe('percentDecode', () => {
  /** nginx's byte copy spelt out: each UTF-16 unit encoded on its own, each escape one byte. */
  const byUnit = (path: string): string | undefined => {
    const bytes: number[] = [];
    for (let i = 0; i < path.length; i++) {
      const ch = path[i] as string;
      if (ch === '%') {
        const hex = path.slice(i + 1, i + 3);
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) return undefined;
        bytes.push(parseInt(hex, 16));
        i += 2;
      } else bytes.push(...Buffer.from(ch, 'utf8'));
    }
    return Buffer.from(bytes).toString('utf8');
  };
  const pieces = fc.oneof(fc.constantFrom('%', '%2', '%2e', '%2F', '%c3%a9', '%e9', '%zz', '%%', '/', 'é', '😀', '\ud800', 'sub 0', 'a'), fc.string({ maxLength: 3, unit: 'grapheme' }), fc.string({ maxLength: 2, unit: 'binary' }));

  it('decodes as the byte copy does, whatever the path holds', () => {
    fc.assert(fc.property(fc.array(pieces, { maxLength: 8 }), (parts) => {
      const path = `/${parts.join('')}`;
      expect(percentDecode(path)).toBe(byUnit(path));
    }), { numRuns: 3000 });
  });
});
