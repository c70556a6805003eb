import { describe, expect, test } from 'vitest';
import { lintCase, runRuleTests } from '../../../test/helpers/rule-tester.js';
import { INCLUDE_MODULES, MODULE_FILES } from '../tests/test-fixtures.js';
import rule from './index.js';

/** Laravel's public/.htaccess (shortened) and DokuWiki's data/.htaccess, as shipped. */
const LARAVEL_REWRITE = `<IfModule mod_rewrite.c>
    RewriteEngine On
    RewriteCond %{REQUEST_FILENAME} !-d
    RewriteCond %{REQUEST_FILENAME} !-f
    RewriteRule ^ index.php [L]
</IfModule>
`;
const DOKUWIKI_DENY = `<IfModule mod_authz_core.c>
    Require all denied
</IfModule>
<IfModule !mod_authz_core.c>
    Order allow,deny
    Deny from all
</IfModule>
`;

const tree = `
entries:
  - { path: /srv/www, type: dir, mode: '0755' }
  - { path: /srv/www/index.php, type: file, mode: '0644' }
`;

const site = (allowOverride: string): string => `${INCLUDE_MODULES}User www-data
DocumentRoot /srv/www
<Directory /srv/www>
    ${allowOverride}
    Require all granted
</Directory>
`;

const HTACCESS = '/srv/www/.htaccess';
const url = { file: HTACCESS, dir: '/srv/www', url: '/' };
const fileInfo = (directive: string, allowOverride: string, more = '') => ({ ...url, directive, more, category: 'FileInfo', allowOverride });

runRuleTests(rule, {
  valid: [
    {
      name: 'AllowOverride FileInfo grants the rewrites of a front controller',
      dialect: 'apache',
      tree,
      files: { ...MODULE_FILES, [HTACCESS]: LARAVEL_REWRITE },
      config: site('AllowOverride FileInfo'),
    },
    {
      name: 'AuthConfig grants DokuWiki’s Require; the mod_access_compat branch is never read',
      dialect: 'apache',
      tree,
      files: { ...MODULE_FILES, [HTACCESS]: DOKUWIKI_DENY },
      config: site('AllowOverride AuthConfig'),
    },
    {
      name: 'AllowOverride None: httpd never opens the file (apache/htaccess-ignored)',
      dialect: 'apache',
      tree,
      files: { ...MODULE_FILES, [HTACCESS]: LARAVEL_REWRITE },
      config: site('AllowOverride None'),
    },
    {
      name: 'AllowOverrideList admits single directives',
      dialect: 'apache',
      tree,
      files: { ...MODULE_FILES, [HTACCESS]: 'Redirect 301 /old /new\n' },
      config: site('AllowOverrideList Redirect'),
    },
    {
      // mod_php registers php_value; the server loads a module the tables do not describe, so nothing is judged.
      name: 'a directive of a module forbidlint has no table for is left alone',
      dialect: 'apache',
      tree,
      files: { ...MODULE_FILES, [HTACCESS]: 'php_value upload_max_filesize 64M\n' },
      config: site('AllowOverride All').replace(INCLUDE_MODULES, `${INCLUDE_MODULES}LoadModule php_module /usr/lib/apache2/modules/libphp8.2.so\n`),
    },
  ],
  invalid: [
    {
      // PHP through PHP-FPM: no module registers php_value, and httpd answers 500 for the whole site.
      name: 'php_value where no loaded module registers it: Invalid command',
      dialect: 'apache',
      tree,
      files: { ...MODULE_FILES, [HTACCESS]: 'php_value upload_max_filesize 64M\n' },
      config: site('AllowOverride All'),
      errors: [{ messageId: 'invalidCommand', data: { ...url, directive: 'php_value', why: 'no module registers (misspelt?)' }, file: HTACCESS, line: 1, column: 1, endLine: 1, endColumn: 34 }],
    },
    {
      name: 'AuthConfig alone refuses the rewrites: one finding for the FileInfo class, at its first line',
      dialect: 'apache',
      tree,
      files: { ...MODULE_FILES, [HTACCESS]: LARAVEL_REWRITE },
      config: site('AllowOverride AuthConfig'),
      errors: [
        {
          messageId: 'notAllowed',
          data: fileInfo('RewriteEngine', '`AllowOverride AuthConfig` (/etc/apache2/apache2.conf:5)', ' (and 3 more FileInfo lines of this file)'),
          file: HTACCESS,
          line: 2,
          column: 5,
          endLine: 2,
          endColumn: 21,
        },
      ],
    },
    {
      name: 'two classes missing: AuthConfig for Require, FileInfo for Redirect',
      dialect: 'apache',
      tree,
      files: { ...MODULE_FILES, [HTACCESS]: 'Redirect 301 /old /new\nRequire all denied\n' },
      config: site('AllowOverride Indexes'),
      errors: [
        { messageId: 'notAllowed', data: fileInfo('Redirect', '`AllowOverride Indexes` (/etc/apache2/apache2.conf:5)'), file: HTACCESS, line: 1, column: 1, endLine: 1, endColumn: 23 },
        {
          messageId: 'notAllowed',
          data: { ...url, directive: 'Require', more: '', category: 'AuthConfig', allowOverride: '`AllowOverride Indexes` (/etc/apache2/apache2.conf:5)' },
          file: HTACCESS,
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 19,
        },
      ],
    },
    {
      name: 'no AllowOverride at all: httpd opens the file and allows nothing',
      dialect: 'apache',
      tree,
      files: { ...MODULE_FILES, [HTACCESS]: 'Require all denied\n' },
      config: site('# AllowOverride left out'),
      errors: [
        {
          messageId: 'notAllowed',
          data: { ...url, directive: 'Require', more: '', category: 'AuthConfig', allowOverride: 'no AllowOverride (httpd opens the file and allows nothing in it)' },
          file: HTACCESS,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 19,
        },
      ],
    },
    {
      name: 'a <Directory> section belongs in the server config',
      dialect: 'apache',
      tree,
      files: { ...MODULE_FILES, [HTACCESS]: '<Directory /srv/www/uploads>\n    Require all denied\n</Directory>\n' },
      config: site('AllowOverride All'),
      errors: [{ messageId: 'serverOnly', data: { ...url, directive: 'Directory' }, file: HTACCESS, line: 1, column: 1, endLine: 3, endColumn: 13 }],
    },
    {
      name: 'AllowOverride Options=Indexes does not admit FollowSymLinks',
      dialect: 'apache',
      tree,
      files: { ...MODULE_FILES, [HTACCESS]: 'Options +Indexes +FollowSymLinks\n' },
      config: site('AllowOverride Options=Indexes'),
      errors: [
        {
          messageId: 'optionRefused',
          data: { ...url, directive: 'Options', allowOverride: 'Options=Indexes', reason: 'Option FollowSymLinks not allowed here' },
          file: HTACCESS,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 33,
        },
      ],
    },
    {
      name: 'an Options line mixing +/- with bare words',
      dialect: 'apache',
      tree,
      files: { ...MODULE_FILES, [HTACCESS]: 'Options +Indexes FollowSymLinks\n' },
      config: site('AllowOverride Options'),
      errors: [
        {
          messageId: 'optionRefused',
          data: { ...url, directive: 'Options', allowOverride: 'Options', reason: 'Either all Options must start with + or -, or no Option may.' },
          file: HTACCESS,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 32,
        },
      ],
    },
  ],
});

describe('the suggested AllowOverride line', () => {
  test.each([
    ['AllowOverride AuthConfig', 'AllowOverride AuthConfig FileInfo'],
    ['AllowOverride None', 'AllowOverride FileInfo'],
  ])('%s becomes %s', async (line, fixed) => {
    const config = site(line === 'AllowOverride None' ? `${line}\n    AllowOverrideList Redirect` : line);
    const findings = await lintCase(rule, { dialect: 'apache', tree, files: { ...MODULE_FILES, [HTACCESS]: 'RewriteEngine On\n' }, config });
    expect(findings.map((f) => f.suggestions?.map((s) => s.fix?.text))).toEqual([[fixed]]);
  });
});
