import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { lintCase, type RuleCase } from '../../../test/helpers/rule-tester.js';
import { builtinRules } from '../../index.js';
import { CORPUS_DIR } from '../../../test/helpers/shared-dir.js';

/**
 * The recommended preset must stay silent on a stock Debian apache2 install: the packaged
 * /etc/apache2 (mods, confs and the default site enabled as Debian enables them) over the tree
 * the package creates, with its default page in /var/www/html.
 */
const DEBIAN = `${CORPUS_DIR}/apache/debian`;

/** The corpus keeps Debian's `*-enabled` symlinks as files holding the link; the server sees the target's text. */
function debianFiles(dir = DEBIAN, at = '/etc/apache2'): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      Object.assign(files, debianFiles(path, `${at}/${name}`));
      continue;
    }
    const text = readFileSync(path, 'utf8');
    const target = text.trim();
    const linked = /^\.\.\/[\w.-]+\/[\w.-]+$/.test(target) && existsSync(join(dir, target));
    files[`${at}/${name}`] = linked ? readFileSync(join(dir, target), 'utf8') : text;
  }
  return files;
}

const tree = `
users:
  - { name: root, uid: 0, gid: 0 }
  - { name: www-data, uid: 33, gid: 33 }
groups:
  - { name: root, gid: 0 }
  - { name: www-data, gid: 33 }
entries:
  - { path: /var/www/html, type: dir, mode: '0755' }
  - { path: /var/www/html/index.html, type: file, mode: '0644', content: "<h1>It works!</h1>\\n" }
  - { path: /usr/share/apache2/icons, type: dir, mode: '0755' }
  - { path: /usr/share/apache2/icons/apache_pb.png, type: file, mode: '0644' }
  - { path: /usr/lib/cgi-bin, type: dir, mode: '0755' }
`;

const { '/etc/apache2/apache2.conf': config = '', ...files } = debianFiles();
const debian: RuleCase = { dialect: 'apache', tree, config, files };
const recommended = builtinRules.filter((r) => r.meta.id.startsWith('apache/') && r.meta.docs.recommended === 'recommended');

describe('the recommended Apache rules on a stock Debian install', () => {
  test('every Apache rule with recommended in its docs is checked', () => {
    expect(recommended.length).toBeGreaterThanOrEqual(6);
  });

  test.each(recommended.map((r) => [r.meta.id, r] as const))('%s reports nothing', async (_id, rule) => {
    expect((await lintCase(rule, debian)).map((f) => `${f.loc.file}:${f.loc.line} ${f.message}`)).toEqual([]);
  });
});
