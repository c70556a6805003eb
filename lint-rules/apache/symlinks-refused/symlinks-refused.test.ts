import { describe, expect, test } from 'vitest';
import { lintCase, runRuleTests } from '../../../test/helpers/rule-tester.js';
import { INCLUDE_MODULES, MODULE_FILES } from '../tests/test-fixtures.js';
import rule from './index.js';

/** A release layout: the site links to shared uploads and to the current release. */
const tree = `
users:
  - { name: root, uid: 0, gid: 0 }
  - { name: www-data, uid: 33, gid: 33 }
  - { name: deploy, uid: 1001, gid: 1001 }
groups:
  - { name: root, gid: 0 }
  - { name: www-data, gid: 33 }
  - { name: deploy, gid: 1001 }
entries:
  - { path: /srv/www, type: dir, mode: '0755' }
  - { path: /srv/www/index.html, type: file, mode: '0644' }
  - { path: /srv/shared/uploads, type: dir, mode: '0755', owner: deploy, group: deploy }
  - { path: /srv/shared/logo.png, type: file, mode: '0644' }
  - { path: /srv/www/uploads, type: symlink, target: ../shared/uploads }
  - { path: /srv/www/logo.png, type: symlink, target: /srv/shared/logo.png }
  - { path: /srv/www/gone, type: symlink, target: /srv/shared/removed.txt }
`;

const site = (options: string): string => `${INCLUDE_MODULES}User www-data
DocumentRoot /srv/www
<Directory /srv/www>
    ${options}
    Require all granted
</Directory>
`;

const refused = (path: string, url: string) => ({ path, url, dir: '/srv/www', where: '/etc/apache2/apache2.conf:5' });

runRuleTests(rule, {
  valid: [
    { name: "Debian's Options FollowSymLinks", dialect: 'apache', tree, files: MODULE_FILES, config: site('Options Indexes FollowSymLinks') },
    { name: "httpd 2.4's compiled-in Options (FollowSymLinks)", dialect: 'apache', tree, files: MODULE_FILES, config: site('# no Options') },
    {
      name: 'SymLinksIfOwnerMatch where link and target share an owner (a dangling link is another problem)',
      dialect: 'apache',
      tree: tree.replace(/  - \{ path: \/srv\/www\/uploads.*\n/, ''),
      files: MODULE_FILES,
      config: site('Options SymLinksIfOwnerMatch'),
    },
  ],
  invalid: [
    {
      name: 'Options Indexes resets the set: both links are refused, one finding for the line to change',
      dialect: 'apache',
      tree: tree.replace(/  - \{ path: \/srv\/www\/gone.*\n/, ''),
      files: MODULE_FILES,
      config: site('Options Indexes'),
      errors: [
        {
          messageId: 'notFollowed',
          data: { links: '/srv/www/logo.png, /srv/www/uploads are symlinks', urls: '/logo.png, /uploads', path: '/srv/www/logo.png', where: '/etc/apache2/apache2.conf:5' },
          line: 5,
          column: 5,
          endLine: 5,
          endColumn: 20,
        },
      ],
    },
    {
      name: 'two directories, two Options lines: one without FollowSymLinks, one checking owners',
      dialect: 'apache',
      tree: tree.replace(/  - \{ path: \/srv\/www\/(gone|logo).*\n/g, '').concat(`
  - { path: /srv/www/blog, type: dir, mode: '0755' }
  - { path: /srv/www/blog/logo.png, type: symlink, target: /srv/shared/logo.png }
`),
      files: MODULE_FILES,
      config: `${site('Options +SymLinksIfOwnerMatch')}<Directory /srv/www/blog>
    Options -FollowSymLinks -SymLinksIfOwnerMatch
</Directory>
`,
      errors: [
        {
          messageId: 'ownerMismatch',
          data: { ...refused('/srv/www/uploads', '/uploads'), linkOwner: 'root', targetOwner: 'deploy' },
          path: '/srv/www/uploads',
          line: 5,
          column: 5,
          endLine: 5,
          endColumn: 34,
        },
        {
          messageId: 'notFollowed',
          data: { links: '/srv/www/blog/logo.png is a symlink', urls: '/blog/logo.png', path: '/srv/www/blog/logo.png', where: '/etc/apache2/apache2.conf:9' },
          path: '/srv/www/blog/logo.png',
          line: 9,
          column: 5,
          endLine: 9,
          endColumn: 50,
        },
      ],
    },
    {
      name: 'SymLinksIfOwnerMatch and a link root made to a directory deploy owns',
      dialect: 'apache',
      tree,
      files: MODULE_FILES,
      config: site('Options +SymLinksIfOwnerMatch'),
      errors: [
        {
          messageId: 'ownerMismatch',
          data: { ...refused('/srv/www/uploads', '/uploads'), linkOwner: 'root', targetOwner: 'deploy' },
          path: '/srv/www/uploads',
          line: 5,
          column: 5,
          endLine: 5,
          endColumn: 34,
        },
      ],
    },
    {
      name: 'a .htaccess takes FollowSymLinks away',
      dialect: 'apache',
      tree: tree.replace(/  - \{ path: \/srv\/www\/(gone|uploads).*\n/g, ''),
      files: { ...MODULE_FILES, '/srv/www/.htaccess': 'Options -FollowSymLinks\n' },
      config: site('AllowOverride Options'),
      errors: [
        {
          messageId: 'notFollowed',
          data: { links: '/srv/www/logo.png is a symlink', urls: '/logo.png', path: '/srv/www/logo.png', where: '/srv/www/.htaccess:1' },
          path: '/srv/www/logo.png',
          file: '/srv/www/.htaccess',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 24,
        },
      ],
    },
  ],
});

describe('the suggested Options line', () => {
  const oneLink = tree.replace(/  - \{ path: \/srv\/www\/(gone|uploads).*\n/g, '');
  test.each([
    ['Options Indexes', 'Options Indexes FollowSymLinks'],
    ['Options -FollowSymLinks +Indexes', 'Options +Indexes +FollowSymLinks'],
    ['Options None', 'Options FollowSymLinks'],
  ])('%s becomes %s', async (line, fixed) => {
    const findings = await lintCase(rule, { dialect: 'apache', tree: oneLink, files: MODULE_FILES, config: site(line) });
    expect(findings.map((f) => f.suggestions?.map((s) => s.fix?.text))).toEqual([[fixed]]);
  });
});
