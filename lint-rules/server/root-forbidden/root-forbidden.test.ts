import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './index.js';

const nginx = (server: string): string => `user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        server_name shop.example;\n        root /srv/www;\n${server}    }\n}\n`;
const apache = (vhost: string): string =>
  `User www-data\nGroup www-data\nDirectoryIndex index.html\n<Directory />\n    Require all denied\n</Directory>\n<VirtualHost *:80>\n    ServerName blog.example\n    DocumentRoot /srv/www\n${vhost}</VirtualHost>\n`;
const tree = (index = '0644', www = '0755'): string => `
entries:
  - { path: /srv/www, type: dir, mode: '${www}' }
  - { path: /srv/www/index.html, type: file, mode: '${index}', content: "hi\\n" }
`;

runRuleTests(rule, {
  valid: [
    { name: 'nginx: the index is served', dialect: 'nginx', config: nginx(''), tree: tree() },
    { name: 'nginx: a site that only redirects', dialect: 'nginx', config: nginx('        return 301 https://shop.example$request_uri;\n'), tree: tree('0600') },
    { name: 'apache: granted below a denied /', dialect: 'apache', config: apache('    <Directory /srv/www>\n        Require all granted\n    </Directory>\n'), tree: tree() },
    // Each of these is a dedicated rule's finding, where it is written: one cause, one finding.
    { name: 'nginx: deny all is nginx/deny-all\'s', dialect: 'nginx', config: nginx('        deny all;\n'), tree: tree() },
    { name: 'nginx: an unreadable index is fs/unreadable-by-web-user\'s', dialect: 'nginx', config: nginx(''), tree: tree('0600') },
    { name: 'nginx: a missing index is nginx/directory-index-forbidden\'s', dialect: 'nginx', config: nginx(''), tree: "entries:\n  - { path: /srv/www, type: dir, mode: '0755' }\n" },
    { name: 'apache: Require all denied is apache/require-all-denied\'s', dialect: 'apache', config: apache(''), tree: tree() },
  ],
  invalid: [
    {
      name: 'apache: the DocumentRoot cannot be searched, so its .htaccess cannot be read (AH00529), anchored at the DocumentRoot',
      dialect: 'apache',
      config: apache('    <Directory /srv/www>\n        Require all granted\n    </Directory>\n'),
      tree: tree('0644', '0700'),
      errors: [
        {
          messageId: 'forbidden',
          data: { url: 'http://blog.example/', cause: 'AH00529', server: 'server blog.example (listen *:80)', reason: '/srv/www is 0700 root:root: www-data cannot search it; AllowOverride makes httpd read it and it refuses the request to be safe' },
          line: 9,
          column: 5,
          endLine: 9,
          endColumn: 26,
          path: '/srv/www/.htaccess',
        },
      ],
    },
  ],
});
