import { describe, expect, it } from 'vitest';
import { mergeOptions } from '../../src/engine/options.js';
import { normalizeRuleSetting } from '../../src/config/rule-config.js';

describe('mergeOptions', () => {
  it.each([
    [{ a: 1, nested: { x: 1, y: 2 } }, undefined, { a: 1, nested: { x: 1, y: 2 } }],
    [{ a: 1, nested: { x: 1, y: 2 } }, { nested: { y: 3 } }, { a: 1, nested: { x: 1, y: 3 } }],
    [{ list: ['a', 'b'] }, { list: ['c'] }, { list: ['c'] }],
    [{ a: 1 }, { b: 2 }, { a: 1, b: 2 }],
    [{ nested: { x: 1 } }, { nested: null }, { nested: null }],
  ])('%j + %j', (defaults, user, expected) => {
    expect(mergeOptions(defaults, user ?? undefined)).toEqual(expected);
  });

  it('does not change the defaults', () => {
    const defaults = { nested: { x: 1 } };
    mergeOptions(defaults, { nested: { x: 2 } });
    expect(defaults).toEqual({ nested: { x: 1 } });
  });
});

describe('normalizeRuleSetting', () => {
  it.each([
    ['off', { severity: 0 }],
    ['warn', { severity: 1 }],
    ['error', { severity: 2 }],
    [2, { severity: 2 }],
    [['warn'], { severity: 1 }],
    [['error', { allow: true }], { severity: 2, options: { allow: true } }],
    ['fatal', undefined],
    [3, undefined],
  ] as const)('%j', (setting, expected) => {
    expect(normalizeRuleSetting(setting as never)).toEqual(expected);
  });
});
