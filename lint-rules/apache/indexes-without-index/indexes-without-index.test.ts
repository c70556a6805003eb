import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { INCLUDE_MODULES, MODULE_FILES } from '../tests/test-fixtures.js';
import rule from './index.js';

const tree = `
entries:
  - { path: /srv/www, type: dir, mode: '0755' }
  - { path: /srv/www/style.css, type: file, mode: '0644' }
  - { path: /srv/app, type: dir, mode: '0755' }
  - { path: /srv/app/index.php, type: file, mode: '0644' }
  - { path: /srv/docs, type: dir, mode: '0755' }
  - { path: /srv/docs/index.html, type: file, mode: '0644' }
  - { path: /srv/docs/img, type: dir, mode: '0755' }
  - { path: /srv/docs/img/logo.png, type: file, mode: '0644' }
  - { path: /srv/docs/guide, type: dir, mode: '0755' }
  - { path: /srv/docs/guide/index.html, type: file, mode: '0644' }
  - { path: /srv/docs/guide/old, type: dir, mode: '0755' }
  - { path: /srv/docs/private, type: dir, mode: '0755' }
  - { path: /srv/docs/listed, type: dir, mode: '0755' }
  - { path: /srv/docs/compat, type: dir, mode: '0755' }
`;

const preamble = `${INCLUDE_MODULES}User www-data
<Directory />
    Require all denied
</Directory>
`;

/** Directories below /srv/docs: one closed by Require, one by Deny, one listed, one without Indexes. */
const docsSubdirectories = `${preamble}DocumentRoot /srv/docs
<Directory /srv/docs>
    Options -Indexes
    Require all granted
</Directory>
<Directory /srv/docs/private>
    Require all denied
</Directory>
<Directory /srv/docs/listed>
    Options +Indexes
</Directory>
<Directory /srv/docs/compat>
    Order deny,allow
    Deny from all
</Directory>
<Directory /srv/docs/guide/old>
    Options FollowSymLinks
</Directory>
`;

const below = (root: string, names: string, urls: string, count: number) => ({ count, directories: count === 1 ? 'directory' : 'directories', hold: count === 1 ? 'holds' : 'hold', root, names, urls });
const errorLine = (path: string, names: string, url: string, servedBy = 'DocumentRoot') => ({ path, names, url, servedBy });

runRuleTests(rule, {
  valid: [
    {
      name: 'an Alias to assets nobody lists is left alone by default',
      dialect: 'apache',
      tree: `
entries:
  - { path: /srv/docs/index.html, type: file, mode: '0644' }
  - { path: /srv/www/img, type: dir, mode: '0755' }
  - { path: /srv/www/img/logo.png, type: file, mode: '0644' }
`,
      files: MODULE_FILES,
      config: `${preamble}DocumentRoot /srv/docs
<Directory /srv>
    Options FollowSymLinks
    Require all granted
</Directory>
Alias /assets/ /srv/www/
`,
    },
    {
      name: "Debian's /var/www/ keeps Indexes: an empty site is listed, not refused",
      dialect: 'apache',
      tree: `
entries:
  - { path: /var/www/html, type: dir, mode: '0755' }
`,
      files: MODULE_FILES,
      config: `${preamble}<Directory /var/www/>
    Options Indexes FollowSymLinks
    Require all granted
</Directory>
DocumentRoot /var/www/html
`,
    },
    {
      name: "a DirectoryIndex at server level (Debian's dir.conf lists index.php) finds the application's index",
      dialect: 'apache',
      tree,
      files: MODULE_FILES,
      config: `${preamble}DirectoryIndex index.html index.cgi index.pl index.php index.xhtml index.htm
<VirtualHost *:80>
    DocumentRoot /srv/app
    <Directory /srv/app>
        Options -Indexes
        Require all granted
    </Directory>
</VirtualHost>
`,
    },
    {
      name: 'DirectoryIndex names the file the application ships',
      dialect: 'apache',
      tree,
      files: MODULE_FILES,
      config: `${preamble}DocumentRoot /srv/app
<Directory /srv/app>
    Options FollowSymLinks
    DirectoryIndex index.php index.html
    Require all granted
</Directory>
`,
    },
    {
      name: 'a front controller given as a URL is looked up as a URL',
      dialect: 'apache',
      tree,
      files: { ...MODULE_FILES, '/srv/www/app.php': '<?php\n' },
      config: `${preamble}DocumentRoot /srv/www
<Directory /srv/www>
    DirectoryIndex /app.php
    Require all granted
</Directory>
`,
    },
    {
      name: 'with subdirectories: directories closed to every client, and one listed, answer no AH01276',
      dialect: 'apache',
      options: { subdirectories: true },
      tree: `
entries:
  - { path: /srv/docs, type: dir, mode: '0755' }
  - { path: /srv/docs/index.html, type: file, mode: '0644' }
  - { path: /srv/docs/private, type: dir, mode: '0755' }
  - { path: /srv/docs/listed, type: dir, mode: '0755' }
  - { path: /srv/docs/compat, type: dir, mode: '0755' }
`,
      files: MODULE_FILES,
      config: docsSubdirectories,
    },
  ],
  invalid: [
    {
      name: 'the default index.html is there; the subdirectories without one give one warning, at the Options line',
      dialect: 'apache',
      tree,
      files: MODULE_FILES,
      config: `${preamble}DocumentRoot /srv/docs
<Directory /srv/docs>
    Options -Indexes
    Require all granted
</Directory>
`,
      errors: [{ messageId: 'indexesBelow', data: below('/srv/docs', 'index.html', '/compat/, /guide/old/, /img/ and 2 more', 5), line: 8, column: 5, endLine: 8, endColumn: 21, severity: 'warn' }],
    },
    {
      name: 'a front controller URL that maps to nothing: mod_dir finds no index',
      dialect: 'apache',
      tree,
      files: MODULE_FILES,
      config: `${preamble}DocumentRoot /srv/www
<Directory /srv/www>
    DirectoryIndex /app.php
    Require all granted
</Directory>
`,
      errors: [{ messageId: 'indexesNeverEnabled', data: errorLine('/srv/www', '/app.php', '/'), line: 8, column: 5, endLine: 8, endColumn: 28, path: '/srv/www' }],
    },
    {
      name: 'Options -Indexes on a tree without index.html',
      dialect: 'apache',
      tree,
      files: MODULE_FILES,
      config: `${preamble}DocumentRoot /srv/www
<Directory /srv/www>
    Options -Indexes
    Require all granted
</Directory>
`,
      errors: [{ messageId: 'indexesRemoved', data: errorLine('/srv/www', 'index.html', '/'), line: 8, column: 5, endLine: 8, endColumn: 21, path: '/srv/www' }],
    },
    {
      name: 'the compiled-in Options (FollowSymLinks), and an Alias whose DirectoryIndex names a missing file',
      dialect: 'apache',
      options: { aliases: true },
      tree,
      files: MODULE_FILES,
      config: `${preamble}DocumentRoot /srv/www
<Directory /srv>
    Require all granted
</Directory>
Alias /manual /srv/docs
<Directory /srv/docs>
    Options FollowSymLinks
    DirectoryIndex README.html
</Directory>
`,
      errors: [
        { messageId: 'indexesNeverEnabled', data: errorLine('/srv/www', 'index.html', '/'), line: 6, column: 1, endLine: 6, endColumn: 22, path: '/srv/www' },
        { messageId: 'indexesRemoved', data: errorLine('/srv/docs', 'README.html', '/manual/', 'Alias /manual'), line: 12, column: 5, endLine: 12, endColumn: 27, path: '/srv/docs' },
        { messageId: 'indexesBelow', data: below('/srv/docs', 'README.html', '/manual/compat/, /manual/guide/, /manual/guide/old/ and 3 more', 6), line: 12, column: 5, endLine: 12, endColumn: 27, severity: 'warn' },
      ],
    },
    {
      name: 'a .htaccess takes Indexes away where AllowOverride Options lets it',
      dialect: 'apache',
      tree,
      files: { ...MODULE_FILES, '/srv/www/.htaccess': 'Options -Indexes\n' },
      config: `${preamble}DocumentRoot /srv/www
<Directory /srv/www>
    Options Indexes FollowSymLinks
    AllowOverride Options
    Require all granted
</Directory>
`,
      errors: [{ messageId: 'indexesRemoved', data: errorLine('/srv/www', 'index.html', '/'), file: '/srv/www/.htaccess', line: 1, column: 1, endLine: 1, endColumn: 17, path: '/srv/www' }],
    },
    {
      name: 'with subdirectories: each directory below the top without an index file, at the Options in force for it',
      dialect: 'apache',
      options: { subdirectories: true },
      tree,
      files: MODULE_FILES,
      config: docsSubdirectories,
      errors: [
        { messageId: 'indexesRemoved', data: errorLine('/srv/docs/img', 'index.html', '/img/'), line: 8, column: 5, endLine: 8, endColumn: 21, path: '/srv/docs/img' },
        { messageId: 'indexesRemoved', data: errorLine('/srv/docs/guide/old', 'index.html', '/guide/old/'), line: 22, column: 5, endLine: 22, endColumn: 27, path: '/srv/docs/guide/old' },
      ],
    },
  ],
});
