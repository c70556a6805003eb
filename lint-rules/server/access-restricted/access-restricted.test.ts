import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { MODULE_FILES } from '../../apache/tests/test-fixtures.js';
import { apacheSite, apacheSiteReadingHtaccess, METHOD_GUARD, nginxSite, SHOP, treeWith } from '../tests/sites.js';
import rule from './index.js';

const tree = treeWith('admin', 'admin');
const outsider = 'any other client (e.g. 203.0.113.10)';

runRuleTests(rule, {
  valid: [
    { name: 'nginx: no access list', dialect: 'nginx', config: nginxSite(''), tree },
    { name: 'nginx: a deny every client meets is nginx/deny-all\'s', dialect: 'nginx', config: nginxSite('        location /admin/ { deny all; }\n'), tree },
    { name: 'nginx: a guard on hidden files', dialect: 'nginx', config: nginxSite('        location ~ /\\.git { allow 10.0.0.1; deny all; }\n'), tree },
    { name: 'apache: Require all granted everywhere', dialect: 'apache', files: MODULE_FILES, config: apacheSite(''), tree },
  ],
  invalid: [
    {
      name: 'nginx: an allowlist on a location says who is refused and who gets in',
      dialect: 'nginx',
      config: nginxSite('        location /admin/ {\n            allow 10.0.0.0/8;\n            deny all;\n        }\n'),
      tree,
      errors: [
        {
          messageId: 'someClients',
          data: { server: SHOP, refused: `${outsider}, 127.0.0.1`, admitted: '10.0.0.1', urls: '/admin/', log: 'logs "access forbidden by rule"' },
          line: 10,
          column: 13,
          endLine: 10,
          endColumn: 22,
        },
      ],
    },
    {
      name: 'nginx: an allowlist whose clients pass it only to meet an unreadable index says they are refused later, not let in',
      dialect: 'nginx',
      config: nginxSite('        location /admin/ {\n            allow 127.0.0.1;\n            allow 10.0.0.0/8;\n            deny all;\n        }\n'),
      tree: tree.replace("admin/index.html, type: file, mode: '0644'", "admin/index.html, type: file, mode: '0600'"),
      errors: [
        {
          messageId: 'refusedLater',
          data: { server: SHOP, refused: outsider, others: '127.0.0.1, 10.0.0.1 pass it but are answered 403 (permission-denied) for another reason', urls: '/admin/', log: 'logs "access forbidden by rule"' },
          line: 11,
          column: 13,
          endLine: 11,
          endColumn: 22,
        },
      ],
    },
    {
      name: 'nginx: five deny lines of single addresses are one blocklist, reported once at its first line',
      dialect: 'nginx',
      config: nginxSite(['192.0.2.1', '192.0.2.2', '198.51.100.7', '198.51.100.8', '203.0.113.99'].map((ip) => `        deny ${ip};\n`).join('')),
      tree,
      errors: [
        {
          messageId: 'blocklist',
          data: { server: SHOP, refused: '192.0.2.1, 192.0.2.2, 198.51.100.7 and 2 more', more: '4', admitted: `${outsider}, 127.0.0.1`, urls: '/', log: 'logs "access forbidden by rule"' },
          line: 8,
          column: 9,
          endLine: 8,
          endColumn: 24,
        },
      ],
    },
    {
      name: 'nginx: a deny of one network and a limit_except that closes POST: two problems',
      dialect: 'nginx',
      config: nginxSite('        deny 192.0.2.0/24;\n        location /admin/ {\n            limit_except GET { deny all; }\n        }\n'),
      tree,
      errors: [
        { messageId: 'someClients', data: { server: SHOP, refused: '192.0.2.1', admitted: `${outsider}, 127.0.0.1`, urls: '/, /admin/', log: 'logs "access forbidden by rule"' }, line: 8, column: 9, endLine: 8, endColumn: 27 },
        { messageId: 'someMethods', data: { server: SHOP, urls: 'POST /admin/', log: 'logs "access forbidden by rule"' }, line: 10, column: 32, endLine: 10, endColumn: 41 },
      ],
    },
    {
      name: 'apache: Require host refuses a client whose address has no name in /etc/hosts; one past it and refused for another cause is said to be, not let in',
      dialect: 'apache',
      files: { ...MODULE_FILES, '/etc/hosts': '127.0.0.1 localhost\n' },
      config: apacheSite('<Directory /srv/www/admin>\n    Require host localhost\n</Directory>\n'),
      tree: tree.replace("admin/index.html, type: file, mode: '0644'", "admin/index.html, type: file, mode: '0600'"),
      errors: [
        {
          messageId: 'refusedLater',
          data: {
            server: 'the server listening on *:80',
            refused: outsider,
            others: '127.0.0.1 passes it but is answered 403 (AH00132) for another reason',
            urls: '/admin/',
            log: 'logs AH01753 "unable to get the remote host name" (Require host), then AH01630',
          },
          line: 9,
          column: 5,
          endLine: 9,
          endColumn: 27,
        },
      ],
    },
    {
      name: 'apache: Require ip on a subdirectory',
      dialect: 'apache',
      files: MODULE_FILES,
      config: apacheSite('<Directory /srv/www/admin>\n    Require ip 192.168.1.0/24\n</Directory>\n'),
      tree,
      errors: [
        {
          messageId: 'someClients',
          data: { server: 'the server listening on *:80', refused: `${outsider}, 127.0.0.1`, admitted: '192.168.1.1', urls: '/admin/', log: 'logs AH01630 "client denied by server configuration"' },
          line: 9,
          column: 5,
          endLine: 9,
          endColumn: 30,
        },
      ],
    },
    {
      name: 'apache: a .htaccess <LimitExcept> that lists the common methods closes the others (PROPFIND)',
      dialect: 'apache',
      files: { ...MODULE_FILES, '/srv/www/.htaccess': METHOD_GUARD },
      config: apacheSiteReadingHtaccess,
      tree,
      errors: [
        { messageId: 'someMethods', data: { server: 'the server listening on *:80', urls: 'PROPFIND /', log: 'logs AH01630 "client denied by server configuration"' }, file: '/srv/www/.htaccess', line: 2, column: 5, endLine: 2, endColumn: 23 },
      ],
    },
  ],
});
