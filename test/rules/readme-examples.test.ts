import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../lint-rules/index.js';
import { INCLUDE_MODULES, MODULE_FILES } from '../../lint-rules/apache/tests/test-fixtures.js';
import type { Dialect } from '../../src/parse/ast.js';
import { lintCase } from '../helpers/rule-tester.js';

/**
 * Every rule's README examples run as tests: each "Incorrect" block gives the rule at least one
 * finding, each "Correct" block none. A block is completed as the servers read it: a lone nginx
 * `location` goes into a server serving /srv/www, a `server { }` into `http { }`, an Apache
 * fragment after the modules and the web user. The files an example speaks of are written
 * under it as an HTML comment (`<!-- tree` then a manifest, see docs/filesystem.md, `-->`);
 * the others are served from a small common tree. A `# with { ... }` line gives the rule's options.
 */
const RULES = builtinRules.map((rule) => rule.meta.id);
const LINT_RULES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../lint-rules');

interface Example {
  dialect: Dialect;
  code: string;
  incorrect: boolean;
  /** What a README writes after a `# /path/.htaccess` line: that file's content. */
  files: Record<string, string>;
  /** The manifest (YAML) from the `<!-- tree -->` comment under the block. */
  tree?: string;
  /** The rule's options, from a `# with { ... }` line. */
  options?: object;
}

function examplesOf(readme: string): Example[] {
  const section = readme.slice(readme.indexOf('## Examples'), readme.indexOf('## Options'));
  const correctAt = section.indexOf('### Correct');
  return [...section.matchAll(/```(nginx|apache)\n([\s\S]*?)```\n(?:\s*<!-- tree\n([\s\S]*?)-->\n)?/g)].map((m) => {
    const [code = '', file, content = ''] = (m[2] ?? '').split(/^# (\/\S+\/\.htaccess)\n/m);
    const options = /^# with (\{.*\})$/m.exec(code)?.[1];
    return { dialect: m[1] as Dialect, code, incorrect: (m.index ?? 0) < correctAt, files: file ? { [file]: content } : {}, ...(m[3] ? { tree: m[3] } : {}), ...(options ? { options: JSON.parse(options) as object } : {}) };
  });
}

/** The example as a whole config: nginx blocks inside http, Apache fragments served from a tree that exists. */
function completed(example: Example): string {
  if (example.dialect === 'nginx') {
    if (/^\s*http\s*\{/m.test(example.code)) return `events {}\n${example.code}`;
    const servers = /^\s*server\s*\{/m.test(example.code) ? example.code : `server {\n    listen 80;\n    root /srv/www;\n${example.code}}\n`;
    return `user www-data;\nevents {}\nhttp {\n${servers}}\n`;
  }
  const granted = /Require all granted|<Directory \/>/.test(example.code) ? '' : '<Directory /srv/www>\n    Require all granted\n</Directory>\n';
  // Debian enables mod_status too, which the status-page examples rely on.
  return `${INCLUDE_MODULES}LoadModule status_module /usr/lib/apache2/modules/mod_status.so\nUser www-data\nGroup www-data\nDocumentRoot /srv/www\n${granted}${example.code}`;
}

const TREE = `
  - { path: /srv/www/index.html, type: file, mode: '0644', content: "home\\n" }
  - { path: /srv/www/reports/index.html, type: file, mode: '0644', content: "r\\n" }
  - { path: /srv/www/drafts/index.html, type: file, mode: '0644', content: "d\\n" }
`;

/** The example's own tree when it states one, else the common one. */
function treeOf(example: Example): string {
  return example.tree ?? `entries:\n${TREE}`;
}

describe.each(RULES)('%s README examples', (id) => {
  const rule = builtinRules.find((r) => r.meta.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  const examples = examplesOf(readFileSync(path.join(LINT_RULES, id, 'README.md'), 'utf8'));
  it('has an incorrect and a correct example', () => {
    expect({ incorrect: examples.some((e) => e.incorrect), correct: examples.some((e) => !e.incorrect) }).toEqual({ incorrect: true, correct: true });
  });
  it.each(examples.map((e, i) => [`${e.incorrect ? 'incorrect' : 'correct'} #${i + 1}`, e] as const))('%s', async (_name, example) => {
    const findings = await lintCase(rule, { dialect: example.dialect, config: completed(example), tree: treeOf(example), ...(example.options ? { options: example.options } : {}), files: { ...(example.dialect === 'apache' ? MODULE_FILES : {}), ...example.files } });
    // httpd reads `#` after a directive as one more argument (`Illegal option #`): comments go on their own line.
    if (example.dialect === 'apache') expect(example.code.split('\n').filter((line) => /^\s*[^#\s].*\s#/.test(line))).toEqual([]);
    if (example.incorrect) expect(findings.length, example.code).toBeGreaterThan(0);
    else expect(findings.map((f) => f.message), example.code).toEqual([]);
  });
});
