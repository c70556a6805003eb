import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../lint-rules/index.js';
import { INCLUDE_MODULES, MODULE_FILES } from '../../lint-rules/apache/tests/test-fixtures.js';
import type { Dialect } from '../../src/parse/ast.js';
import { lintCase } from '../helpers/rule-tester.js';

/**
 * The README examples of the rules the configuration alone decides run as tests: each
 * "Incorrect" block gives the rule at least one finding, each "Correct" block none. A block is
 * completed as the servers read it: an nginx `server { }` goes into `http { }`, an Apache
 * fragment after the modules and the web user.
 */
const RULES = ['nginx/deny-all', 'nginx/map-default-missing', 'nginx/referer-gate', 'nginx/regex-location-overbroad', 'server/access-restricted', 'server/forbidden-response', 'apache/require-all-denied'];
const LINT_RULES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../lint-rules');

interface Example {
  dialect: Dialect;
  code: string;
  incorrect: boolean;
  /** What a README writes after a `# /path/.htaccess` line: that file's content. */
  files: Record<string, string>;
}

function examplesOf(readme: string): Example[] {
  const section = readme.slice(readme.indexOf('## Examples'), readme.indexOf('## Options'));
  const correctAt = section.indexOf('### Correct');
  return [...section.matchAll(/```(nginx|apache)\n([\s\S]*?)```/g)].map((m) => {
    const [code = '', file, content = ''] = (m[2] ?? '').split(/^# (\/\S+\/\.htaccess)\n/m);
    return { dialect: m[1] as Dialect, code, incorrect: (m.index ?? 0) < correctAt, files: file ? { [file]: content } : {} };
  });
}

/** The example as a whole config: nginx blocks inside http, Apache fragments served from a tree that exists. */
function completed(example: Example): string {
  if (example.dialect === 'nginx') return /^\s*http\s*\{/m.test(example.code) ? `events {}\n${example.code}` : `user www-data;\nevents {}\nhttp {\n${example.code}}\n`;
  const granted = /Require all granted|<Directory \/>/.test(example.code) ? '' : '<Directory /srv/www>\n    Require all granted\n</Directory>\n';
  return `${INCLUDE_MODULES}User www-data\nGroup www-data\nDocumentRoot /srv/www\n${granted}${example.code}`;
}

const TREE = `
entries:
  - { path: /srv/www/index.html, type: file, mode: '0644', content: "home\\n" }
  - { path: /srv/www/reports/index.html, type: file, mode: '0644', content: "r\\n" }
  - { path: /srv/www/drafts/index.html, type: file, mode: '0644', content: "d\\n" }
`;

describe.each(RULES)('%s README examples', (id) => {
  const rule = builtinRules.find((r) => r.meta.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  const examples = examplesOf(readFileSync(path.join(LINT_RULES, id, 'README.md'), 'utf8'));
  it.each(examples.map((e, i) => [`${e.incorrect ? 'incorrect' : 'correct'} #${i + 1}`, e] as const))('%s', async (_name, example) => {
    const findings = await lintCase(rule, { dialect: example.dialect, config: completed(example), tree: TREE, files: { ...(example.dialect === 'apache' ? MODULE_FILES : {}), ...example.files } });
    if (example.incorrect) expect(findings.length, example.code).toBeGreaterThan(0);
    else expect(findings.map((f) => f.message), example.code).toEqual([]);
  });
});
