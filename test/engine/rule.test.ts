import { describe, expect, it } from 'vitest';
import { createRule, interpolate, NO_OPTIONS_SCHEMA, RULE_ID_PATTERN, type Rule } from '../../src/engine/rule.js';

const rule = createRule({
  meta: {
    id: 'nginx/no-autoindex',
    type: 'problem',
    docs: { description: 'autoindex exposes listings', recommended: 'recommended' },
    messages: { found: '`autoindex {{value}}` lists {{dir}}' },
    schema: { type: 'object', properties: { allow: { type: 'boolean' } }, additionalProperties: false },
    defaultSeverity: 'warn',
  },
  defaultOptions: { allow: false },
  create(context) {
    return {
      'nginx:autoindex'(directive) {
        if (context.options.allow) return;
        context.report({ node: directive, messageId: 'found', data: { value: 'on', dir: '/srv' } });
        // @ts-expect-error a message id that `meta.messages` does not declare does not compile
        context.report({ node: directive, messageId: 'typo' });
        // @ts-expect-error every report needs an anchor: a node, a span or a server path
        context.report({ messageId: 'found' });
      },
    };
  },
});

describe('createRule', () => {
  it('fills docs.url from the rule id and keeps the rest of meta', () => {
    expect(rule.meta.docs.url).toBe('https://github.com/forbidlint/forbidlint/blob/main/lint-rules/nginx/no-autoindex/README.md');
    expect(rule.meta.docs.recommended).toBe('recommended');
    expect(rule.defaultOptions).toEqual({ allow: false });
  });

  it('keeps a url a plugin gives', () => {
    const own = createRule({
      meta: {
        id: 'example/x',
        type: 'suggestion',
        docs: { description: 'x', url: 'https://example.org/x' },
        messages: { m: 'm' },
        schema: NO_OPTIONS_SCHEMA,
        defaultSeverity: 'error',
      },
      defaultOptions: {},
      create: () => ({}),
    });
    expect(own.meta.docs.url).toBe('https://example.org/x');
  });

  it('erases to the registry type', () => {
    const registry: Rule[] = [rule];
    expect(registry.map((r) => r.meta.id)).toEqual(['nginx/no-autoindex']);
  });
});

describe('RULE_ID_PATTERN', () => {
  it.each([
    ['nginx/deny-all', true],
    ['apache/require-all-denied', true],
    ['fs/world-writable', true],
    ['deny-all', false],
    ['nginx/Deny-All', false],
    ['nginx/deny--all', false],
    ['nginx/deny/all', false],
  ])('%s -> %s', (id, valid) => {
    expect(RULE_ID_PATTERN.test(id)).toBe(valid);
  });
});

describe('interpolate', () => {
  it.each([
    ['{{path}} is {{mode}}', { path: '/srv', mode: '0700' }, '/srv is 0700'],
    ['{{ path }} twice {{path}}', { path: '/a' }, '/a twice /a'],
    ['{{missing}} stays', {}, '{{missing}} stays'],
    ['count {{n}}', { n: 3 }, 'count 3'],
  ])('%s', (template, data, expected) => {
    expect(interpolate(template, data)).toBe(expected);
  });
});
