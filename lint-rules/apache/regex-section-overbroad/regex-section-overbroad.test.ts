import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { apacheSite } from '../../server/tests/sites.js';
import { MODULE_FILES } from '../tests/test-fixtures.js';
import rule from './index.js';

const tree = `
entries:
  - { path: /srv/www/index.html, type: file, mode: '0644', content: "home\\n" }
  - { path: /srv/www/admin/index.html, type: file, mode: '0644', content: "admin\\n" }
  - { path: /srv/www/admin-notes/index.html, type: file, mode: '0644', content: "notes\\n" }
  - { path: /srv/www/docs/admin/index.html, type: file, mode: '0644', content: "docs\\n" }
`;
const SITE = 'the server listening on *:80';
const section = (head: string, close: string, body = 'Require all denied'): string => `${head}\n    ${body}\n</${close}>\n`;

runRuleTests(rule, {
  valid: [
    { name: 'a LocationMatch anchored to whole segments', dialect: 'apache', files: MODULE_FILES, tree, config: apacheSite(section('<LocationMatch "^/admin(/|$)">', 'LocationMatch')) },
    { name: "Debian's FilesMatch on .ht names: what else it catches is hidden too", dialect: 'apache', files: MODULE_FILES, tree, config: apacheSite(section('<FilesMatch "^\\.ht">', 'FilesMatch')) },
    { name: 'a FilesMatch on an extension is meant for every name before it', dialect: 'apache', files: MODULE_FILES, tree, config: apacheSite(section('<FilesMatch "\\.php$">', 'FilesMatch')) },
    { name: 'a FilesMatch anchored to the whole name', dialect: 'apache', files: MODULE_FILES, tree, config: apacheSite(section('<FilesMatch "^config\\.php$">', 'FilesMatch')) },
    { name: 'a regex that is more than a literal or its alternatives is left alone', dialect: 'apache', files: MODULE_FILES, tree, config: apacheSite(section('<LocationMatch "/(admin|ops)/.*\\.php$">', 'LocationMatch')) },
    { name: 'an open LocationMatch on an open site lets nothing past', dialect: 'apache', files: MODULE_FILES, tree, config: apacheSite(section('<LocationMatch "^/public">', 'LocationMatch', 'Require all granted')) },
  ],
  invalid: [
    {
      name: 'an unanchored /admin LocationMatch refuses longer names and deeper paths',
      dialect: 'apache',
      files: MODULE_FILES,
      tree,
      config: apacheSite(section('<LocationMatch "/admin">', 'LocationMatch')),
      errors: [{ messageId: 'caught', severity: 'warn', data: { section: 'LocationMatch', pattern: '"/admin"', urls: '/admin-notes/, /docs/admin/', server: SITE, status: 403, elsewhere: 0 }, line: 8, column: 16, endLine: 8, endColumn: 24 }],
    },
    {
      name: 'an unanchored group of literal alternatives: each branch is judged',
      dialect: 'apache',
      files: MODULE_FILES,
      tree,
      config: apacheSite(section('<LocationMatch "/(admin|ops)">', 'LocationMatch')),
      errors: [{ messageId: 'caught', severity: 'warn', data: { section: 'LocationMatch', pattern: '"/(admin|ops)"', urls: '/admin-notes/, /docs/admin/, /ops-notes/ and 1 more', server: SITE, status: 403, elsewhere: 0 }, line: 8, column: 16, endLine: 8, endColumn: 30 }],
    },
    {
      name: 'an unanchored FilesMatch refuses every name that contains its literal',
      dialect: 'apache',
      files: MODULE_FILES,
      tree,
      config: apacheSite(section('<FilesMatch "config">', 'FilesMatch')),
      errors: [{ messageId: 'caught', severity: 'warn', data: { section: 'FilesMatch', pattern: '"config"', urls: '/xconfigx.html', server: SITE, status: 403, elsewhere: 0 }, line: 8, column: 13, endLine: 8, endColumn: 21 }],
    },
    {
      name: 'an unanchored \\.git FilesMatch refuses names that only contain .git',
      dialect: 'apache',
      files: MODULE_FILES,
      tree,
      config: apacheSite(section('<FilesMatch "\\.git">', 'FilesMatch')),
      errors: [{ messageId: 'caught', severity: 'warn', data: { section: 'FilesMatch', pattern: '"\\.git"', urls: '/x.gitx.html', server: SITE, status: 403, elsewhere: 0 }, line: 8, column: 13, endLine: 8, endColumn: 20 }],
    },
    {
      name: 'an unanchored DirectoryMatch refuses the directories that only contain its literal',
      dialect: 'apache',
      files: MODULE_FILES,
      tree,
      config: apacheSite(section('<DirectoryMatch "/admin">', 'DirectoryMatch')),
      errors: [{ messageId: 'caught', severity: 'warn', data: { section: 'DirectoryMatch', pattern: '"/admin"', urls: '/admin-notes/, /docs/admin/', server: SITE, status: 403, elsewhere: 0 }, line: 8, column: 17, endLine: 8, endColumn: 25 }],
    },
    {
      name: 'an allow-list LocationMatch on a closed site lets longer names slip past',
      dialect: 'apache',
      files: MODULE_FILES,
      tree,
      config: apacheSite('<Location />\n    Require all denied\n</Location>\n' + section('<LocationMatch "^/admin">', 'LocationMatch', 'Require all granted')),
      errors: [{ messageId: 'admitted', data: { section: 'LocationMatch', pattern: '"^/admin"', urls: '/admin-notes/', server: SITE, status: 200, elsewhere: 403 }, line: 11, column: 16, endLine: 11, endColumn: 25 }],
    },
  ],
});
