import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { INCLUDE_MODULES, MODULE_FILES } from '../../apache/tests/test-fixtures.js';
import rule from './index.js';

const nginx = (server: string): string => `user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        server_name shop.example;\n        root /srv/www;\n${server}    }\n}\n`;
const shop = 'server shop.example (listen *:80)';
const apache = (body: string): string => `${INCLUDE_MODULES}User www-data\nGroup www-data\nDocumentRoot /srv/www\n<Directory /srv/www>\n    Require all granted\n</Directory>\n${body}`;
const tree = `
entries:
  - { path: /srv/www/index.html, type: file, mode: '0644', content: "home\\n" }
  - { path: /srv/www/drafts/index.html, type: file, mode: '0644', content: "draft\\n" }
`;

runRuleTests(rule, {
  valid: [
    { name: 'nginx: a return that redirects', dialect: 'nginx', config: nginx('        location /old/ { return 301 /new/; }\n'), tree },
    { name: 'nginx: a guard on hidden files', dialect: 'nginx', config: nginx('        location ~ /\\.git { return 403; }\n'), tree },
    { name: 'nginx: a return 403 in a location no request reaches first', dialect: 'nginx', config: nginx('        location / { return 200 "ok"; }\n        location @never { return 403; }\n'), tree },
    { name: 'apache: a RewriteRule [F] on .env', dialect: 'apache', files: MODULE_FILES, config: apache('RewriteEngine On\nRewriteRule ^/\\.env - [F]\n'), tree },
  ],
  invalid: [
    {
      name: 'nginx: return 403 in a location and at the server level: two problems',
      dialect: 'nginx',
      config: nginx('        location /api/ {\n            return 403;\n        }\n        location = /robots.txt { return 403; }\n'),
      tree,
      errors: [
        { messageId: 'forbidden', data: { server: shop, urls: '/api/' }, line: 9, column: 13, endLine: 9, endColumn: 24 },
        { messageId: 'forbidden', data: { server: shop, urls: '/robots.txt' }, line: 11, column: 34, endLine: 11, endColumn: 45 },
      ],
    },
    {
      name: 'apache: a RewriteRule [F] on a served directory',
      dialect: 'apache',
      files: MODULE_FILES,
      config: apache('<Location /drafts/>\n    Require all granted\n</Location>\nRewriteEngine On\nRewriteRule ^/drafts/ - [F]\n'),
      tree,
      errors: [{ messageId: 'forbidden', data: { server: 'the server listening on *:80', urls: '/drafts/' }, line: 12, column: 1, endLine: 12, endColumn: 28 }],
    },
  ],
});
