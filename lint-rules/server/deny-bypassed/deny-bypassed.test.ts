import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { INCLUDE_MODULES, MODULE_FILES } from '../../apache/tests/test-fixtures.js';
import rule from './index.js';

const nginx = (server: string): string => `user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        server_name shop.example;\n        root /srv/www;\n${server}    }\n}\n`;
const shop = 'server shop.example (listen *:80)';
const apache = (body: string): string => `${INCLUDE_MODULES}User www-data\nGroup www-data\nDocumentRoot /srv/www\n<Directory /srv/www>\n    Require all granted\n</Directory>\n${body}`;
const tree = `
entries:
  - { path: /srv/www/index.html, type: file, mode: '0644', content: "home\\n" }
  - { path: /srv/www/panel/index.html, type: file, mode: '0644', content: "panel\\n" }
`;

runRuleTests(rule, {
  valid: [
    { name: 'nginx: a deny that decides its location', dialect: 'nginx', config: nginx('        location /panel/ { deny all; }\n'), tree },
    { name: 'nginx: an allowlist ending in deny all', dialect: 'nginx', config: nginx('        location /panel/ {\n            allow 10.0.0.0/8;\n            deny all;\n        }\n'), tree },
    { name: 'nginx: a ^~ prefix wins over the regex', dialect: 'nginx', config: nginx('        location ~ ^/panel { }\n        location ^~ /panel/ { deny all; }\n'), tree },
    { name: 'apache: a denied directory', dialect: 'apache', files: MODULE_FILES, config: apache('<Directory /srv/www/panel>\n    Require all denied\n</Directory>\n'), tree },
  ],
  invalid: [
    {
      name: 'nginx: a regex location answers before the prefix location that denies',
      dialect: 'nginx',
      config: nginx('        location ~ ^/panel { }\n        location /panel/ { deny all; }\n'),
      tree,
      errors: [
        {
          messageId: 'neverApplies',
          data: { server: shop, status: 200, urls: '/panel/', reason: 'location ~ ^/panel matches /panel/ at line 8, so the request never reaches this block' },
          line: 9,
          column: 28,
          endLine: 9,
          endColumn: 37,
        },
      ],
    },
    {
      name: 'nginx: a return answers before the access phase',
      dialect: 'nginx',
      config: nginx('        location /panel/ {\n            deny all;\n            return 200 "ok";\n        }\n'),
      tree,
      errors: [{ messageId: 'neverApplies', data: { server: shop, status: 200, urls: '/panel/', reason: 'return 200 ok at /etc/nginx/nginx.conf:10' }, line: 9, column: 13, endLine: 9, endColumn: 22 }],
    },
    {
      name: 'apache: a later Location grants what a Directory denies',
      dialect: 'apache',
      files: MODULE_FILES,
      config: apache('<Directory /srv/www/panel>\n    Require all denied\n</Directory>\n<Location /panel>\n    Require all granted\n</Location>\n'),
      tree,
      errors: [{ messageId: 'neverApplies', data: { server: 'the server listening on *:80', status: 200, urls: '/panel/', reason: 'Require granted at /etc/apache2/apache2.conf:12' }, line: 9, column: 5, endLine: 9, endColumn: 23 }],
    },
  ],
});
