import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { INCLUDE_MODULES, MODULE_FILES } from '../../apache/tests/test-fixtures.js';
import rule from './index.js';

const nginx = (server: string): string => `user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        server_name shop.example;\n        root /srv/www;\n${server}    }\n}\n`;
const shop = 'server shop.example (listen *:80)';
const apache = (options: string): string => `${INCLUDE_MODULES}User www-data\nGroup www-data\nDocumentRoot /srv/www\n<Directory /srv/www>\n    Options ${options}\n    Require all granted\n</Directory>\n`;
const tree = `
entries:
  - { path: /srv/www/index.html, type: file, mode: '0644', content: "home\\n" }
  - { path: /srv/www/downloads/manual.pdf, type: file, mode: '0644', content: "pdf\\n" }
`;
const leaky = `
entries:
  - { path: /srv/www/index.html, type: file, mode: '0644', content: "home\\n" }
  - { path: /srv/www/backup/site.sql, type: file, mode: '0644', content: "dump\\n" }
  - { path: /srv/www/backup/.env, type: file, mode: '0644', content: "KEY=1\\n" }
`;

runRuleTests(rule, {
  valid: [
    { name: 'nginx: autoindex off', dialect: 'nginx', config: nginx(''), tree },
    { name: 'nginx: autoindex on where every directory has an index', dialect: 'nginx', config: nginx('        autoindex on;\n'), tree: "entries:\n  - { path: /srv/www/index.html, type: file, mode: '0644', content: \"x\\n\" }\n" },
    { name: 'apache: Options without Indexes', dialect: 'apache', files: MODULE_FILES, config: apache('FollowSymLinks'), tree },
  ],
  invalid: [
    {
      name: 'nginx: a listed download directory is a warning',
      dialect: 'nginx',
      config: nginx('        autoindex on;\n'),
      tree,
      errors: [{ messageId: 'listing', data: { server: shop, urls: '/downloads/', outsider: '203.0.113.10' }, line: 8, column: 9, endLine: 8, endColumn: 22, severity: 'warn' }],
    },
    {
      name: 'nginx: a listing that shows a dump and an .env is an error',
      dialect: 'nginx',
      config: nginx('        location /backup/ {\n            autoindex on;\n        }\n'),
      tree: leaky,
      errors: [{ messageId: 'sensitive', data: { server: shop, urls: '/backup/', outsider: '203.0.113.10', names: '/backup/.env, /backup/site.sql' }, line: 9, column: 13, endLine: 9, endColumn: 26, severity: 'error' }],
    },
    {
      name: 'apache: Options Indexes on the document root',
      dialect: 'apache',
      files: MODULE_FILES,
      config: apache('Indexes FollowSymLinks'),
      tree,
      errors: [{ messageId: 'listing', data: { server: 'the server listening on *:80', urls: '/downloads/', outsider: '203.0.113.10' }, line: 6, column: 5, endLine: 6, endColumn: 35, severity: 'warn' }],
    },
  ],
});
