import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { INCLUDE_MODULES, MODULE_FILES } from '../../apache/tests/test-fixtures.js';
import rule from './index.js';

const nginx = (server: string): string => `user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        server_name shop.example;\n        root /srv/www;\n${server}    }\n}\n`;
const shop = 'server shop.example (listen *:80)';
const apache = (body: string): string => `${INCLUDE_MODULES}User www-data\nGroup www-data\nDocumentRoot /srv/www\n<Directory /srv/www>\n    Require all granted\n</Directory>\n${body}`;
const tree = `
entries:
  - { path: /srv/www/index.html, type: file, mode: '0644', content: "home\\n" }
  - { path: /srv/www/admin/index.html, type: file, mode: '0644', content: "admin\\n" }
`;

runRuleTests(rule, {
  valid: [
    { name: 'nginx: an allowlist closed by deny all', dialect: 'nginx', config: nginx('        location /admin/ {\n            allow 10.0.0.0/8;\n            deny all;\n        }\n'), tree },
    { name: 'nginx: allow all opens on purpose', dialect: 'nginx', config: nginx('        location /admin/ { allow all; }\n'), tree },
    { name: 'nginx: a server-level deny all the location list replaces is still refusing here', dialect: 'nginx', config: nginx('        allow 127.0.0.1;\n        deny all;\n'), tree },
    { name: 'apache: Allow from with Order Allow,Deny refuses the rest', dialect: 'apache', files: MODULE_FILES, config: apache('<Directory /srv/www/admin>\n    Order Allow,Deny\n    Allow from 10.0.0.0/8\n</Directory>\n'), tree },
  ],
  invalid: [
    {
      name: 'nginx: allow lines with no deny after them',
      dialect: 'nginx',
      config: nginx('        location /admin/ {\n            allow 10.0.0.0/8;\n            allow 192.168.0.0/16;\n        }\n'),
      tree,
      errors: [
        { messageId: 'open', data: { line: 'allow 10.0.0.0/8', server: shop, status: 200, urls: '/admin/', outsider: '203.0.113.10' }, line: 9, column: 13, endLine: 9, endColumn: 30 },
        { messageId: 'open', data: { line: 'allow 192.168.0.0/16', server: shop, status: 200, urls: '/admin/', outsider: '203.0.113.10' }, line: 10, column: 13, endLine: 10, endColumn: 34 },
      ],
    },
    {
      name: 'apache: Allow from under the default Order Deny,Allow lets everyone in',
      dialect: 'apache',
      files: MODULE_FILES,
      config: apache('<Directory /srv/www/admin>\n    Order Deny,Allow\n    Allow from 10.0.0.0/8\n</Directory>\n'),
      tree,
      errors: [
        {
          messageId: 'open',
          data: { line: 'Allow from 10.0.0.0/8', server: 'the server listening on *:80', status: 200, urls: '/admin/', outsider: '203.0.113.10' },
          line: 10,
          column: 5,
          endLine: 10,
          endColumn: 26,
        },
      ],
    },
  ],
});
