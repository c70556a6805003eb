import { describe, expect, it } from 'vitest';
import { createRule, NO_OPTIONS_SCHEMA, type Severity } from '../../src/engine/rule.js';
import { configWith, lintParsed, parsedFile } from './lint-text.js';

/** Reports each `autoindex`, asking for the severity its argument names (`auto` asks for none). */
const weighted = createRule({
  meta: {
    id: 'test/weighted',
    type: 'problem',
    docs: { description: 'Reports autoindex at the severity its argument asks for' },
    messages: { found: 'autoindex {{value}}' },
    schema: NO_OPTIONS_SCHEMA,
    defaultSeverity: 'error',
  },
  defaultOptions: {},
  create(context) {
    return {
      'nginx:autoindex'(directive) {
        const value = directive.args[0]?.value ?? '';
        const severity = value === 'warn' || value === 'error' ? value : undefined;
        context.report({ node: directive, messageId: 'found', data: { value }, ...(severity ? { severity } : {}) });
      },
    };
  },
});

const TEXT = 'autoindex auto;\nautoindex warn;\nautoindex error;\n';

describe('a report’s own severity only lowers the configured one', () => {
  it.each<{ configured: Severity; found: string[] }>([
    { configured: 2, found: ['1 autoindex auto: 2', '2 autoindex warn: 1', '3 autoindex error: 2'] },
    { configured: 1, found: ['1 autoindex auto: 1', '2 autoindex warn: 1', '3 autoindex error: 1'] },
    { configured: 0, found: [] },
  ])('rule configured at $configured', async ({ configured, found }) => {
    const outcome = await lintParsed(parsedFile('nginx', TEXT), configWith([weighted], { 'test/weighted': { severity: configured } }));
    expect(outcome.findings.map((f) => `${f.loc.line} ${f.message}: ${f.severity}`)).toEqual(found);
  });
});
