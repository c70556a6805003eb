import { describe, expect, it } from 'vitest';
import { lintCase, type RuleCase } from '../../../test/helpers/rule-tester.js';
import { corpusCase } from '../../nginx/tests/corpus-case.js';
import rule from './index.js';
import { CORPUS_DIR } from '../../../test/helpers/shared-dir.js';

/**
 * A stock Debian apache2 with its default site serves nothing sensitive: the config from the
 * corpus (envvars, mods-enabled and sites-enabled links), the tree the package installs.
 */
const { files, links } = corpusCase(`${CORPUS_DIR}/apache/debian`, '/etc/apache2');
const tree = `
entries:
  - { path: /var/www/html/index.html, type: file, mode: '0644', content: "<title>Apache2 Debian Default Page</title>\\n" }
${links}`;
const debian = (extra = ''): RuleCase => ({ dialect: 'apache', config: files['/etc/apache2/apache2.conf'] ?? '', files, tree: tree + extra });

describe('exposure/sensitive-files on a stock Debian apache2', () => {
  it('reports nothing', async () => {
    expect(await lintCase(rule, debian())).toEqual([]);
  });
  it('keeps .htpasswd behind the stock FilesMatch "^\\.ht" guard and reports a .env beside it', async () => {
    const findings = await lintCase(rule, debian("  - { path: /var/www/html/.htpasswd, type: file, mode: '0644' }\n  - { path: /var/www/html/.env, type: file, mode: '0644' }\n"));
    expect(findings.map((f) => f.path)).toEqual(['/var/www/html/.env']);
  });
});
