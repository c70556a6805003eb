import { describe, expect, it } from 'vitest';
import { normalizeUri } from '../../../src/simulate/nginx/index.js';

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
