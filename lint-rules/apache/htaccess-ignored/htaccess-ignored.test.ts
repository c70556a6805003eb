import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { INCLUDE_MODULES, MODULE_FILES } from '../tests/test-fixtures.js';
import rule from './index.js';

/** DokuWiki's data/.htaccess and Laravel's public/.htaccess, as the applications ship them. */
const DOKUWIKI_DENY = `<IfModule mod_authz_core.c>
    Require all denied
</IfModule>
<IfModule !mod_authz_core.c>
    Order allow,deny
    Deny from all
</IfModule>
`;
const LARAVEL_REWRITE = `<IfModule mod_rewrite.c>
    RewriteEngine On
    RewriteCond %{REQUEST_FILENAME} !-d
    RewriteCond %{REQUEST_FILENAME} !-f
    RewriteRule ^ index.php [L]
</IfModule>
`;

const tree = `
entries:
  - { path: /srv/wiki, type: dir, mode: '0755' }
  - { path: /srv/wiki/doku.php, type: file, mode: '0644' }
  - { path: /srv/wiki/data, type: dir, mode: '0755' }
  - { path: /srv/wiki/conf, type: dir, mode: '0755' }
  - { path: /srv/app/public, type: dir, mode: '0755' }
  - { path: /srv/app/public/index.php, type: file, mode: '0644' }
`;

const debianDefaults = `${INCLUDE_MODULES}User www-data
<Directory />
    AllowOverride None
    Require all denied
</Directory>
`;

const wikiFiles = { ...MODULE_FILES, '/srv/wiki/data/.htaccess': DOKUWIKI_DENY, '/srv/wiki/conf/.htaccess': DOKUWIKI_DENY };

runRuleTests(rule, {
  valid: [
    {
      name: 'AllowOverride All lets the application protect its data directory',
      dialect: 'apache',
      tree,
      files: wikiFiles,
      config: `${debianDefaults}DocumentRoot /srv/wiki
<Directory /srv/wiki>
    AllowOverride All
    Require all granted
</Directory>
`,
    },
    {
      name: 'AllowOverrideList opens the file for the directives it names',
      dialect: 'apache',
      tree,
      files: { ...MODULE_FILES, '/srv/app/public/.htaccess': LARAVEL_REWRITE },
      config: `${debianDefaults}DocumentRoot /srv/app/public
<Directory /srv/app/public>
    AllowOverrideList RewriteEngine RewriteCond RewriteRule
    Require all granted
</Directory>
`,
    },
    {
      name: 'a .htaccess of comments only loses nothing',
      dialect: 'apache',
      tree,
      files: { ...MODULE_FILES, '/srv/app/public/.htaccess': '# rules moved to the vhost\n' },
      config: `${debianDefaults}DocumentRoot /srv/app/public
<Directory /srv/app/public>
    Require all granted
</Directory>
`,
    },
    {
      name: 'a .htaccess outside every served tree is none of the server’s business',
      dialect: 'apache',
      tree,
      files: wikiFiles,
      config: `${debianDefaults}DocumentRoot /srv/app/public
<Directory /srv/app/public>
    Require all granted
</Directory>
`,
    },
    {
      name: 'the deny rules moved into the server config: the ignored copies lose nothing',
      dialect: 'apache',
      tree,
      files: wikiFiles,
      config: `${debianDefaults}DocumentRoot /srv/wiki
<Directory /srv/wiki>
    Require all granted
</Directory>
<Directory /srv/wiki/data>
    Require all denied
</Directory>
<Directory /srv/wiki/conf>
    Require all denied
</Directory>
`,
    },
  ],
  invalid: [
    {
      name: 'AccessFileName names the file httpd would open: only .webconfig counts, and a tree two virtual hosts serve is read once',
      dialect: 'apache',
      tree,
      files: { ...MODULE_FILES, '/srv/wiki/data/.webconfig': DOKUWIKI_DENY, '/srv/wiki/conf/.htaccess': DOKUWIKI_DENY },
      config: `${debianDefaults}AccessFileName .webconfig
<VirtualHost *:80>
    DocumentRoot /srv/wiki
</VirtualHost>
<VirtualHost *:80>
    ServerName other.example
    DocumentRoot /srv/wiki
</VirtualHost>
<Directory /srv/wiki>
    Require all granted
</Directory>
`,
      errors: [{ messageId: 'ignored', data: { files: '/srv/wiki/data/.webconfig', dirs: '/srv/wiki/data', directives: '`Require`, `Order`, `Deny`' }, line: 4, column: 5, endLine: 4, endColumn: 23 }],
    },
    {
      name: "Debian's AllowOverride None under DokuWiki: both deny files are ignored, one finding",
      dialect: 'apache',
      tree,
      files: wikiFiles,
      config: `${debianDefaults}DocumentRoot /srv/wiki
<Directory /srv/wiki>
    Require all granted
</Directory>
`,
      errors: [
        {
          messageId: 'ignored',
          data: {
            files: '/srv/wiki/conf/.htaccess, /srv/wiki/data/.htaccess',
            dirs: '/srv/wiki/conf, /srv/wiki/data',
            directives: '`Require`, `Order`, `Deny`',
          },
          line: 4,
          column: 5,
          endLine: 4,
          endColumn: 23,
        },
      ],
    },
    {
      name: 'two sections each switch overrides off for a tree with a .htaccess',
      dialect: 'apache',
      tree,
      files: { ...wikiFiles, '/srv/app/public/.htaccess': LARAVEL_REWRITE },
      config: `${debianDefaults}DocumentRoot /srv/app/public
<Directory /srv/app/public>
    AllowOverride None
    Require all granted
</Directory>
Alias /wiki /srv/wiki
<Directory /srv/wiki>
    AllowOverride None
    Require all granted
</Directory>
`,
      errors: [
        {
          messageId: 'ignored',
          data: { files: '/srv/app/public/.htaccess', dirs: '/srv/app/public', directives: '`RewriteEngine`, `RewriteCond`, `RewriteRule`' },
          line: 9,
          column: 5,
          endLine: 9,
          endColumn: 23,
        },
        {
          messageId: 'ignored',
          data: {
            files: '/srv/wiki/conf/.htaccess, /srv/wiki/data/.htaccess',
            dirs: '/srv/wiki/conf, /srv/wiki/data',
            directives: '`Require`, `Order`, `Deny`',
          },
          line: 14,
          column: 5,
          endLine: 14,
          endColumn: 23,
        },
      ],
    },
  ],
});
