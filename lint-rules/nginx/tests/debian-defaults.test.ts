import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../index.js';
import { lintCase } from '../../../test/helpers/rule-tester.js';
import { corpusCase } from './corpus-case.js';
import { CORPUS_DIR } from '../../../test/helpers/shared-dir.js';

/**
 * A stock Debian nginx with its default site must give the recommended rules of this folder
 * (and exposure/sensitive-files) nothing to report: the config from the corpus, the tree
 * nginx-common and the default site install.
 */
const { files, links } = corpusCase(`${CORPUS_DIR}/nginx/debian`, '/etc/nginx');
const tree = `
entries:
  - { path: /var/www/html/index.nginx-debian.html, type: file, mode: '0644', content: "<h1>Welcome to nginx!</h1>\\n" }
  - { path: /usr/share/nginx/html/index.html, type: file, mode: '0644', content: "<h1>Welcome to nginx!</h1>\\n" }
${links}`;

const recommended = builtinRules.filter((r) => (r.meta.id.startsWith('nginx/') || r.meta.id.startsWith('exposure/')) && r.meta.docs.recommended === 'recommended');

describe('stock Debian nginx under the recommended preset', () => {
  it('covers the recommended nginx and exposure rules', () => {
    expect(recommended.map((r) => r.meta.id)).toContain('nginx/deny-all');
    expect(recommended.map((r) => r.meta.id)).toContain('exposure/sensitive-files');
  });
  it('serves the default site from the tree: a .git there is reported', async () => {
    const exposure = recommended.find((r) => r.meta.id === 'exposure/sensitive-files');
    const withRepository = `${tree}  - { path: /var/www/html/.git/HEAD, type: file, mode: '0644' }\n`;
    const findings = exposure ? await lintCase(exposure, { dialect: 'nginx', config: files['/etc/nginx/nginx.conf'] ?? '', files, tree: withRepository }) : [];
    expect(findings.map((f) => [f.loc.file, f.loc.line, f.path])).toEqual([['/etc/nginx/sites-enabled/default', 41, '/var/www/html/.git']]);
  });
  it.each(recommended.map((r) => [r.meta.id, r] as const))('%s reports nothing', async (_id, rule) => {
    expect(await lintCase(rule, { dialect: 'nginx', config: files['/etc/nginx/nginx.conf'] ?? '', files, tree })).toEqual([]);
  });
});
