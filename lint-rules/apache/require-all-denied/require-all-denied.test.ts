import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { INCLUDE_MODULES, MODULE_FILES } from '../tests/test-fixtures.js';
import { apacheSiteReadingHtaccess, APPLICATION_TREE, FILES_MATCH_GUARDS } from '../../server/tests/sites.js';
import rule from './index.js';

const tree = `
entries:
  - { path: /srv/www, type: dir, mode: '0755' }
  - { path: /srv/www/index.html, type: file, mode: '0644', content: "home\\n" }
  - { path: /srv/private, type: dir, mode: '0755' }
  - { path: /srv/old, type: dir, mode: '0755' }
`;

const rootDenied = `${INCLUDE_MODULES}User www-data
Group www-data
<Directory />
    AllowOverride None
    Require all denied
</Directory>
`;

runRuleTests(rule, {
  valid: [
    {
      name: "Debian's layout: / denied, /var/www/ granted, the site under it",
      dialect: 'apache',
      tree: "entries:\n  - { path: /var/www/html/index.html, type: file, mode: '0644', content: \"home\\n\" }\n",
      files: MODULE_FILES,
      config: `${rootDenied}<Directory /var/www/>
    Require all granted
</Directory>
DocumentRoot /var/www/html
`,
    },
    {
      name: 'a tree restricted to an address range is a choice, not a mistake',
      dialect: 'apache',
      files: MODULE_FILES,
      tree,
      config: `${rootDenied}DocumentRoot /srv/www
<Directory /srv/www>
    Require ip 10.0.0.0/8
</Directory>
`,
    },
    {
      name: 'a .htaccess that AllowOverride lets in grants the tree',
      dialect: 'apache',
      tree,
      config: `${rootDenied}DocumentRoot /srv/www
<Directory /srv/www>
    AllowOverride AuthConfig
</Directory>
`,
      files: { ...MODULE_FILES, '/srv/www/.htaccess': 'Require all granted\n' },
    },
    {
      name: 'a later <Location /> that grants wins over the <Directory> denial',
      dialect: 'apache',
      files: MODULE_FILES,
      tree,
      config: `${rootDenied}DocumentRoot /srv/www
<Location />
    Require all granted
</Location>
`,
    },
    {
      name: 'Deny from all reopened for an address range is a choice, not a mistake',
      dialect: 'apache',
      files: MODULE_FILES,
      tree,
      config: `${INCLUDE_MODULES}User www-data
DocumentRoot /srv/www
<Directory /srv/www>
    Order Deny,Allow
    Deny from all
    Allow from 10.0.0.0/8
</Directory>
`,
    },
    {
      name: 'Satisfy Any lets Require all granted open what Deny from all closes',
      dialect: 'apache',
      files: MODULE_FILES,
      tree,
      config: `${INCLUDE_MODULES}User www-data
DocumentRoot /srv/www
<Directory /srv/www>
    Require all granted
    Order Deny,Allow
    Deny from all
    Satisfy Any
</Directory>
`,
    },
    {
      name: "2.2's Order Allow,Deny with Allow from all serves the tree",
      dialect: 'apache',
      files: MODULE_FILES,
      tree,
      config: `${INCLUDE_MODULES}User www-data
DocumentRoot /srv/www
<Directory /srv/www>
    Order Allow,Deny
    Allow from all
</Directory>
`,
    },
  ],
  invalid: [
    {
      name: 'mod_access_compat refuses everyone: a Deny from all, and an Order Allow,Deny with no Allow line',
      dialect: 'apache',
      files: MODULE_FILES,
      tree,
      config: `${INCLUDE_MODULES}User www-data
DocumentRoot /srv/www
<Directory /srv/www>
    Require all granted
    Order Deny,Allow
    Deny from all
</Directory>
Alias /old /srv/old
<Directory /srv/old>
    Require all granted
    Order Allow,Deny
</Directory>
`,
      errors: [
        {
          messageId: 'deniedByAccessCompat',
          data: { server: 'the server listening on *:80', urls: '/' },
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 18,
        },
        {
          messageId: 'deniedByAccessCompat',
          data: { server: 'the server listening on *:80', urls: '/old/' },
          line: 12,
          column: 5,
          endLine: 12,
          endColumn: 21,
        },
      ],
    },
    {
      name: 'a subdirectory denied on its own: the rest of the tree is served, the subtree is not',
      dialect: 'apache',
      files: MODULE_FILES,
      tree,
      config: `${rootDenied}DocumentRoot /srv
<Directory /srv>
    Require all granted
</Directory>
<Directory /srv/private>
    Require all denied
</Directory>
`,
      errors: [{ messageId: 'denied', data: { server: 'the server listening on *:80', urls: '/private/' }, line: 13, column: 5, endLine: 13, endColumn: 23 }],
    },
    {
      name: 'a DocumentRoot nothing grants inherits <Directory /> Require all denied',
      dialect: 'apache',
      files: MODULE_FILES,
      tree,
      config: `${rootDenied}DocumentRoot /srv/www
`,
      errors: [
        {
          messageId: 'denied',
          data: { server: 'the server listening on *:80', urls: '/' },
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 23,
        },
      ],
    },
    {
      name: 'two aliases: one denied on purpose in its own section, one left under <Directory />',
      dialect: 'apache',
      files: MODULE_FILES,
      tree,
      config: `${rootDenied}DocumentRoot /srv/www
<Directory /srv/www>
    Require all granted
</Directory>
Alias /private /srv/private
<Directory /srv/private>
    Require all denied
</Directory>
Alias /old /srv/old
`,
      errors: [
        {
          messageId: 'denied',
          data: { server: 'the server listening on *:80', urls: '/old/' },
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 23,
        },
        {
          messageId: 'denied',
          data: { server: 'the server listening on *:80', urls: '/private/' },
          line: 14,
          column: 5,
          endLine: 14,
          endColumn: 23,
        },
      ],
    },
    {
      name: 'a .htaccess read under AllowOverride AuthConfig denies the whole tree',
      dialect: 'apache',
      tree,
      config: `${rootDenied}DocumentRoot /srv/www
<Directory /srv/www>
    AllowOverride AuthConfig
    Require all granted
</Directory>
`,
      files: { ...MODULE_FILES, '/srv/www/.htaccess': '# closed for maintenance\nRequire all denied\n' },
      errors: [
        {
          messageId: 'denied',
          data: { server: 'the server listening on *:80', urls: '/' },
          file: '/srv/www/.htaccess',
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 19,
        },
      ],
    },
    {
      name: 'a <Location /> denial covers the tree of every virtual host, reported once',
      dialect: 'apache',
      files: MODULE_FILES,
      tree,
      config: `${INCLUDE_MODULES}User www-data
DocumentRoot /srv/www
<Directory /srv/www>
    Require all granted
</Directory>
<Location />
    Require all denied
</Location>
<VirtualHost *:80>
    ServerName a.test
</VirtualHost>
<VirtualHost *:80>
    ServerName b.test
</VirtualHost>
`,
      errors: [
        {
          messageId: 'denied',
          data: { server: 'server a.test (listen *:80)', urls: '/' },
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 23,
        },
      ],
    },
    {
      name: 'a .htaccess <FilesMatch> alternation: a walked file it matches, and names spelled from a pattern nothing in the tree matches',
      dialect: 'apache',
      tree: APPLICATION_TREE,
      config: apacheSiteReadingHtaccess,
      files: { ...MODULE_FILES, '/srv/www/.htaccess': FILES_MATCH_GUARDS },
      errors: [
        { messageId: 'denied', data: { server: 'the server listening on *:80', urls: '/x.inc, /modules/token/token.module' }, file: '/srv/www/.htaccess', line: 2, column: 5, endLine: 2, endColumn: 23 },
        { messageId: 'denied', data: { server: 'the server listening on *:80', urls: '/x.engine, /x.theme' }, file: '/srv/www/.htaccess', line: 5, column: 5, endLine: 5, endColumn: 23 },
      ],
    },
    {
      name: 'a <FilesMatch> of a <Directory> in the server config: the walked file it matches below the directory',
      dialect: 'apache',
      tree: APPLICATION_TREE,
      config: `${INCLUDE_MODULES}User www-data\nGroup www-data\nDocumentRoot /srv/www\n<Directory /srv/www/modules>\n    <FilesMatch "\\.(module|theme)$">\n        Require all denied\n    </FilesMatch>\n</Directory>\n`,
      files: MODULE_FILES,
      errors: [{ messageId: 'denied', data: { server: 'the server listening on *:80', urls: '/modules/token/token.module' }, line: 7, column: 9, endLine: 7, endColumn: 27 }],
    },
  ],
});
