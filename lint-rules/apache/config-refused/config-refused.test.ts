import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './index.js';

const modules = ['mpm_event', 'authz_core', 'authz_host', 'alias', 'dir', 'mime', 'headers']
  .map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so\n`)
  .join('');

runRuleTests(rule, {
  valid: [
    {
      name: 'a virtual host with its directory',
      dialect: 'apache',
      config: `${modules}<VirtualHost *:80>\n    DocumentRoot /srv/www\n    <Directory /srv/www>\n        Require all granted\n        Header set X-A a\n    </Directory>\n</VirtualHost>\n`,
    },
    { name: 'what a false IfModule holds is not read', dialect: 'apache', config: `${modules}<IfModule mod_expires.c>\n    ExpiresActive On\n</IfModule>\n` },
    { name: 'a site file that loads no module: unknown names are not judged', dialect: 'apache', entry: '/etc/apache2/sites-enabled/shop.conf', config: '<VirtualHost *:80>\n    PassengerEnabled on\n</VirtualHost>\n' },
    { name: 'a module Debian does not ship may define anything', dialect: 'apache', config: `${modules}LoadModule security2_module /usr/lib/apache2/modules/mod_security2.so\nSecRuleEngine On\n` },
  ],
  invalid: [
    {
      name: 'a per-directory directive at server level and a server directive in a directory: two problems',
      dialect: 'apache',
      config: `${modules}Require all granted\n<Directory /srv/www>\n    DocumentRoot /srv/www\n</Directory>\n`,
      errors: [
        { messageId: 'refused', data: { message: 'Require not allowed here' }, line: 8, column: 1, endLine: 8, endColumn: 8 },
        { messageId: 'refused', data: { message: 'DocumentRoot not allowed in <Directory> context' }, line: 10, column: 5, endLine: 10, endColumn: 17 },
      ],
    },
    {
      // What the model once reported a second time, rule-less: one finding per line.
      name: 'per-directory directives in a virtual host, one of them inside an IfModule',
      dialect: 'apache',
      config: `${modules}LoadModule access_compat_module /usr/lib/apache2/modules/mod_access_compat.so\n<VirtualHost *:80>\n    Order allow,deny\n    <IfModule mod_authz_core.c>\n        AllowOverride None\n    </IfModule>\n</VirtualHost>\n`,
      errors: [
        { messageId: 'refused', data: { message: 'order not allowed in <VirtualHost> context' }, line: 10, column: 5, endLine: 10, endColumn: 10 },
        { messageId: 'refused', data: { message: 'AllowOverride not allowed in <VirtualHost> context' }, line: 12, column: 9, endLine: 12, endColumn: 22 },
      ],
    },
    {
      name: 'a misspelt directive',
      dialect: 'apache',
      config: `${modules}<Directory /srv/www>\n    Heder set X-A a\n</Directory>\n`,
      errors: [{ messageId: 'refused', data: { message: "Invalid command 'Heder', perhaps misspelled or defined by a module not included in the server configuration" }, line: 9, column: 5, endLine: 9, endColumn: 10 }],
    },
    {
      name: 'Files inside a Location',
      dialect: 'apache',
      entry: '/etc/apache2/sites-enabled/shop.conf',
      config: '<Location /app>\n    <Files secret.txt>\n    </Files>\n</Location>\n',
      errors: [{ messageId: 'refused', data: { message: '<Files> cannot occur within <Location> section' }, line: 2, column: 5, endLine: 2, endColumn: 11 }],
    },
  ],
});
