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
    { name: 'nginx: a deny that admits the office network', dialect: 'nginx', config: nginx('        allow 10.0.0.0/8;\n        deny all;\n'), tree: tree() },
    { name: 'nginx: a site that only redirects', dialect: 'nginx', config: nginx('        return 301 https://shop.example$request_uri;\n'), tree: tree('0600') },
    { name: 'apache: granted below a denied /', dialect: 'apache', config: apache('    <Directory /srv/www>\n        Require all granted\n    </Directory>\n'), tree: tree() },
  ],
  invalid: [
    {
      name: 'nginx: deny all for everyone, anchored at the deny',
      dialect: 'nginx',
      config: nginx('        deny all;\n'),
      tree: tree(),
      errors: [
        {
          messageId: 'forbidden',
          data: { url: 'http://shop.example/', cause: 'forbidden-by-rule', server: 'server shop.example (listen *:80)', reason: '"deny all" matches client 127.0.0.1' },
          line: 8,
          column: 9,
          endLine: 8,
          endColumn: 18,
        },
      ],
    },
    {
      name: 'nginx: an index file the web user cannot read',
      dialect: 'nginx',
      config: nginx(''),
      tree: tree('0600'),
      errors: [{ messageId: 'forbidden', data: { url: 'http://shop.example/', cause: 'permission-denied', server: 'server shop.example (listen *:80)', reason: '/srv/www/index.html is 0600 root:root: www-data cannot read it' }, line: 7, column: 9 }],
    },
    {
      name: 'apache: the DocumentRoot only inherits <Directory /> Require all denied',
      dialect: 'apache',
      config: apache(''),
      tree: tree(),
      errors: [
        {
          messageId: 'forbidden',
          data: { url: 'http://blog.example/', cause: 'AH01630', server: 'server blog.example (listen *:80)', reason: 'Require denied at /etc/apache2/apache2.conf:5' },
          line: 5,
          column: 5,
          endLine: 5,
          endColumn: 23,
        },
      ],
    },
    {
      name: 'nginx: no index file and autoindex off, anchored at the index directive',
      dialect: 'nginx',
      config: nginx('        index index.html;\n'),
      tree: "entries:\n  - { path: /srv/www, type: dir, mode: '0755' }\n  - { path: /srv/www/index.htm, type: file, mode: '0644' }\n",
      errors: [{ messageId: 'forbidden', data: { url: 'http://shop.example/', cause: 'directory-index-forbidden', server: 'server shop.example (listen *:80)', reason: 'no index file (index.html) in /srv/www/ and autoindex is off' }, line: 8, column: 9, endLine: 8, endColumn: 26 }],
    },
  ],
});
