import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { builtinRules } from '../../lint-rules/index.js';
import { RULE_DOCS_BASE_URL, RULE_ID_PATTERN } from '../../src/engine/rule.js';
import { presetRuleConfigs } from '../../src/config/presets.js';

const RULES_DIR = path.resolve(import.meta.dirname, '../../lint-rules');

/** Every `lint-rules/<namespace>/<name>/index.ts`. */
function ruleFolders(): string[] {
  return readdirSync(RULES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((ns) =>
      readdirSync(path.join(RULES_DIR, ns.name), { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(path.join(RULES_DIR, ns.name, d.name, 'index.ts')))
        .map((d) => `${ns.name}/${d.name}`),
    )
    .sort();
}

describe('built-in rules follow the engine’s contract', () => {
  it('every rule folder is registered, once, in id order, and its id is its folder', () => {
    const ids = builtinRules.map((r) => r.meta.id);
    expect(ids).toEqual(ruleFolders());
    expect(ids).toEqual([...ids].sort());
  });

  it.each(builtinRules.map((r) => [r.meta.id, r] as const))('%s', (id, rule) => {
    expect(RULE_ID_PATTERN.test(id)).toBe(true);
    expect(rule.meta.docs.url).toBe(`${RULE_DOCS_BASE_URL}${id}/README.md`);
    expect(rule.meta.docs.description.length).toBeGreaterThan(10);
    expect(Object.keys(rule.meta.messages).length).toBeGreaterThan(0);
    // Rules use the context: the engine owns the hooks and the filesystem.
    const source = readFileSync(path.join(RULES_DIR, id, 'index.ts'), 'utf8');
    expect(source).not.toMatch(/from ['"](tapable|node:fs|fs|node:fs\/promises)['"]/);
  });

  it('the recommended preset is part of the strict one', () => {
    const recommended = presetRuleConfigs('recommended', builtinRules);
    const strict = presetRuleConfigs('strict', builtinRules);
    for (const [id, setting] of Object.entries(recommended)) expect(strict[id]).toEqual(setting);
  });
});
