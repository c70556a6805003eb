import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveFs } from '../../../src/fs/live-fs.js';
import { parseManifest } from '../../../src/fs/manifest-fs.js';
import { loadUserDb } from '../../../src/fs/users.js';
import { buildApacheModel } from '../../../src/model/apache/index.js';
import { pcreRegex } from '../../../src/regex/pcre.js';
import { loadApacheConfig } from '../../../src/parse/apache/index.js';
import { createApacheSimulator } from '../../../src/simulate/apache/index.js';
import { parseRequestUrl, type Verdict } from '../../../src/simulate/types.js';
import { makeTempRoot, materializeManifest, removeTree } from '../../helpers/tree.js';

/**
 * Where the Apache simulator guesses (a RewriteMap, a -U sub-request, an <If> it cannot read,
 * a Require it cannot decide) the verdict says so in `uncertain`, naming the line; an exact
 * verdict has none.
 */

let root = '';
let conf = '';

beforeAll(() => {
  root = makeTempRoot('forbidlint-apache-uncertain-');
  const manifest = parseManifest(
    JSON.stringify({
      users: [{ name: 'www-data', uid: 33, gid: 33 }],
      groups: [{ name: 'www-data', gid: 33 }],
      entries: [
        { path: '/www', type: 'dir' },
        { path: '/www/index.html', type: 'file', content: 'i\n' },
        { path: '/www/app', type: 'dir' },
        { path: '/www/app/index.html', type: 'file', content: 'i\n' },
      ],
    }),
    'uncertain.test',
  );
  if (!manifest.ok) throw new Error(manifest.errors.join('\n'));
  materializeManifest(manifest.tree, root);
  conf = join(root, 'httpd.conf');
  writeFileSync(
    conf,
    [
      'User www-data',
      'Group www-data',
      'LoadModule rewrite_module /usr/lib/apache2/modules/mod_rewrite.so',
      'Listen 127.0.0.1:80',
      '<VirtualHost 127.0.0.1:80>',
      '  ServerName site.test',
      `  DocumentRoot ${root}/www`,
      '  RewriteEngine On',
      '  RewriteMap lower int:tolower',
      '  RewriteRule ^/map/(.*)$ /${lower:$1} [PT]',
      '  RewriteCond %{REQUEST_URI} -U',
      '  RewriteRule ^/probe$ - [F]',
      `  <Directory ${root}/www>`,
      '    AllowOverride None',
      '  </Directory>',
      `  <Directory ${root}/www/app>`,
      '    <If "-z %{QUERY_STRING}">',
      '      Require all granted',
      '    </If>',
      '  </Directory>',
      '</VirtualHost>',
      '',
    ].join('\n'),
  );
});

afterAll(() => {
  if (root) removeTree(root);
});

function explain(url: string): Verdict {
  const fs = new LiveFs('/');
  const model = buildApacheModel(loadApacheConfig(conf, { fs }));
  return createApacheSimulator(model, { fs, users: loadUserDb(fs).users }).explain(parseRequestUrl(url));
}

describe('uncertain', () => {
  it('names a RewriteMap lookup taken as empty', () => {
    const verdict = explain('http://site.test/map/App/');
    expect(verdict.uncertain?.some((u) => u.includes('${lower:$1}') && u.includes('not modelled'))).toBe(true);
  });

  it('names a -U condition taken as false, and the rule it gated is not applied', () => {
    const verdict = explain('http://site.test/probe');
    expect(verdict.status).toBe(404);
    expect(verdict.uncertain?.some((u) => u.includes('-U') && u.includes(`${conf}:11`))).toBe(true);
  });

  it('names an <If> it cannot evaluate', () => {
    const verdict = explain('http://site.test/app/index.html');
    expect(verdict.uncertain?.some((u) => u.includes('-z %{QUERY_STRING}') && u.includes('taken as false'))).toBe(true);
  });

  it('is absent from a verdict the simulator decided exactly', () => {
    const verdict = explain('http://site.test/index.html');
    expect(verdict.status).toBe(200);
    expect(verdict.uncertain).toBeUndefined();
  });
});

describe('pcreRegex', () => {
  it("turns PCRE's leading (?i) into a flag, as Grav's <FilesMatch> needs", () => {
    expect(pcreRegex('(?i)\\.(png|css)$').test('LOGO.PNG')).toBe(true);
    expect(pcreRegex('\\.(png|css)$').test('LOGO.PNG')).toBe(false);
  });
});
