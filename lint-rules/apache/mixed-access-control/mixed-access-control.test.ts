import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { INCLUDE_MODULES, MODULE_FILES } from '../tests/test-fixtures.js';
import rule from './index.js';

/** DokuWiki's data/.htaccess: each branch uses one module, and httpd reads only one. */
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
  - { path: /srv/www/data, type: dir, mode: '0755' }
`;

const site = `${INCLUDE_MODULES}User www-data
<Directory />
    AllowOverride None
    Require all denied
</Directory>
DocumentRoot /srv/www
`;

runRuleTests(rule, {
  valid: [
    {
      name: "Debian's sections use Require alone",
      dialect: 'apache',
      tree,
      files: MODULE_FILES,
      config: `${site}<Directory /srv/www>
    Options Indexes FollowSymLinks
    Require all granted
</Directory>
`,
    },
    {
      name: 'a 2.2-style section uses Order/Allow alone',
      dialect: 'apache',
      tree,
      files: MODULE_FILES,
      config: `${site}<Directory /srv/www>
    Order allow,deny
    Allow from all
</Directory>
`,
    },
    {
      name: 'DokuWiki’s .htaccess: the mod_access_compat branch is never read',
      dialect: 'apache',
      tree,
      files: { ...MODULE_FILES, '/srv/www/data/.htaccess': DOKUWIKI_DENY },
      config: `${site}<Directory /srv/www>
    AllowOverride All
    Require all granted
</Directory>
`,
    },
    {
      name: 'a mixed .htaccess httpd never opens (AllowOverride None) decides nothing',
      dialect: 'apache',
      tree,
      files: { ...MODULE_FILES, '/srv/www/data/.htaccess': 'Order allow,deny\nRequire all denied\n' },
      config: `${site}<Directory /srv/www>
    Require all granted
</Directory>
`,
    },
  ],
  invalid: [
    {
      name: 'Deny from all next to Require all granted',
      dialect: 'apache',
      tree,
      files: MODULE_FILES,
      config: `${site}<Directory /srv/www>
    Order deny,allow
    Deny from all
    Require all granted
</Directory>
`,
      errors: [{ messageId: 'mixed', data: { compat: 'Order', require: 'Require', requireLine: 11 }, line: 9, column: 5, endLine: 9, endColumn: 21 }],
    },
    {
      name: 'a <Location> in the config and a .htaccess both mix the modules',
      dialect: 'apache',
      tree,
      files: { ...MODULE_FILES, '/srv/www/data/.htaccess': 'Allow from all\nRequire all denied\n' },
      config: `${site}<Directory /srv/www>
    AllowOverride AuthConfig Limit
    Require all granted
</Directory>
<Location /admin>
    Require ip 10.0.0.0/8
    Allow from 192.168.0.0/16
</Location>
`,
      errors: [
        { messageId: 'mixed', data: { compat: 'Allow', require: 'Require', requireLine: 13 }, line: 14, column: 5, endLine: 14, endColumn: 30 },
        { messageId: 'mixed', data: { compat: 'Allow', require: 'Require', requireLine: 2 }, file: '/srv/www/data/.htaccess', line: 1, column: 1, endLine: 1, endColumn: 15 },
      ],
    },
    {
      name: 'Satisfy Any: an address allowed by mod_access_compat skips the login',
      dialect: 'apache',
      tree,
      files: MODULE_FILES,
      config: `${site}<Directory /srv/www>
    AuthType Basic
    AuthName staff
    AuthUserFile /etc/apache2/htpasswd
    <RequireAny>
        Require valid-user
    </RequireAny>
    Order allow,deny
    Allow from 10.0.0.0/8
    Satisfy Any
</Directory>
`,
      errors: [{ messageId: 'mixedSatisfyAny', data: { compat: 'Order', require: 'RequireAny', requireLine: 12 }, line: 15, column: 5, endLine: 15, endColumn: 21 }],
    },
  ],
});
