import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinRules } from '../../lint-rules/index.js';
import { RULE_ID_PATTERN } from '../../src/engine/rule.js';

/**
 * The conventions every built-in rule keeps (stylelint's "a rule is a folder"): one folder per
 * id holding the code, its README and its tests; the registry lists every folder; each README
 * has the same sections; every option is documented.
 */
const rulesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../lint-rules');

function ruleFolders(): string[] {
  return readdirSync(rulesDir)
    .filter((namespace) => statSync(path.join(rulesDir, namespace)).isDirectory())
    .flatMap((namespace) =>
      readdirSync(path.join(rulesDir, namespace))
        .filter((name) => existsSync(path.join(rulesDir, namespace, name, 'index.ts')))
        .map((name) => `${namespace}/${name}`),
    )
    .sort();
}

const REQUIRED_SECTIONS = ['## Examples', '### Incorrect', '### Correct', '## Options', '## How to fix', '## When not to use it', '## Further reading'];
/** A rule says why it matters in one of these, depending on what it guards against. */
const WHY_SECTIONS = ['## Why this causes 403', '## Why this exposes data', '## Why this is a risk'];

describe('built-in rules', () => {
  it('the registry holds exactly the rule folders, each once, sorted by id', () => {
    const ids = builtinRules.map((r) => r.meta.id);
    expect(ids).toEqual(ruleFolders());
    expect(new Set(ids).size).toBe(ids.length);
  });

  describe.each(builtinRules.map((rule) => [rule.meta.id, rule] as const))('%s', (id, rule) => {
    const folder = path.join(rulesDir, id);
    const readme = readFileSync(path.join(folder, 'README.md'), 'utf8');

    it('has a namespaced kebab-case id and a docs url to its README', () => {
      expect(id).toMatch(RULE_ID_PATTERN);
      expect(rule.meta.docs.url.endsWith(`lint-rules/${id}/README.md`)).toBe(true);
      expect(rule.meta.docs.description.length).toBeGreaterThan(10);
    });

    it('has a README with the shared sections, in order', () => {
      const lines = readme.split('\n');
      expect(lines[0]).toBe(`# ${id}`);
      const headings = lines.filter((l) => l.startsWith('## ') || l.startsWith('### '));
      const why = headings.find((h) => WHY_SECTIONS.includes(h));
      expect(why, `one of ${WHY_SECTIONS.join(' / ')}`).toBeDefined();
      const expected = [why, ...REQUIRED_SECTIONS];
      expect(headings.filter((h) => expected.includes(h))).toEqual(expected);
      // Examples are code, not prose.
      const examples = readme.slice(readme.indexOf('## Examples'), readme.indexOf('## Options'));
      expect(examples.match(/```/g)?.length ?? 0).toBeGreaterThanOrEqual(4);
    });

    it('documents every option', () => {
      const properties = Object.keys((rule.meta.schema as { properties?: Record<string, unknown> }).properties ?? {});
      const options = readme.slice(readme.indexOf('## Options'), readme.indexOf('## How to fix'));
      if (properties.length === 0) expect(options).toMatch(/None\./);
      for (const property of properties) expect(options).toContain(`\`${property}\``);
    });

    it('keeps tests beside its code', () => {
      const tests = readdirSync(folder).filter((f) => f.endsWith('.test.ts'));
      expect(tests.length).toBeGreaterThan(0);
    });

    it('names every message with placeholders the rule fills', () => {
      for (const template of Object.values(rule.meta.messages)) expect(template).not.toMatch(/\{\{\s*\}\}/);
    });
  });
});
