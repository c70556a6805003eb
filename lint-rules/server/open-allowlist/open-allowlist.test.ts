import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { MODULE_FILES } from '../../apache/tests/test-fixtures.js';
import { apacheSite, nginxSite, SHOP, treeWith } from '../tests/sites.js';
import rule from './index.js';

const tree = treeWith('admin', 'admin');

runRuleTests(rule, {
  valid: [
    { name: 'nginx: an allowlist closed by deny all', dialect: 'nginx', config: nginxSite('        location /admin/ {\n            allow 10.0.0.0/8;\n            deny all;\n        }\n'), tree },
    { name: 'nginx: allow all opens on purpose', dialect: 'nginx', config: nginxSite('        location /admin/ { allow all; }\n'), tree },
    { name: 'nginx: a server-level deny all the location list replaces is still refusing here', dialect: 'nginx', config: nginxSite('        allow 127.0.0.1;\n        deny all;\n'), tree },
    { name: 'apache: Allow from with Order Allow,Deny refuses the rest', dialect: 'apache', files: MODULE_FILES, config: apacheSite('<Directory /srv/www/admin>\n    Order Allow,Deny\n    Allow from 10.0.0.0/8\n</Directory>\n'), tree },
  ],
  invalid: [
    {
      name: 'nginx: allow lines with no deny after them',
      dialect: 'nginx',
      config: nginxSite('        location /admin/ {\n            allow 10.0.0.0/8;\n            allow 192.168.0.0/16;\n        }\n'),
      tree,
      errors: [
        { messageId: 'open', data: { line: 'allow 10.0.0.0/8', server: SHOP, status: 200, urls: '/admin/', outsider: '203.0.113.10' }, line: 9, column: 13, endLine: 9, endColumn: 30 },
        { messageId: 'open', data: { line: 'allow 192.168.0.0/16', server: SHOP, status: 200, urls: '/admin/', outsider: '203.0.113.10' }, line: 10, column: 13, endLine: 10, endColumn: 34 },
      ],
    },
    {
      name: 'nginx: an allowlist on a URL with no file yet: nothing refuses the client, nginx answers 404',
      dialect: 'nginx',
      config: nginxSite('        location = /test/ {\n            allow 1.1.1.1;\n        }\n'),
      tree,
      errors: [{ messageId: 'open', data: { line: 'allow 1.1.1.1', server: SHOP, status: 404, urls: '/test/', outsider: '203.0.113.10' }, line: 9, column: 13, endLine: 9, endColumn: 27 }],
    },
    {
      name: 'apache: Allow from under the default Order Deny,Allow lets everyone in',
      dialect: 'apache',
      files: MODULE_FILES,
      config: apacheSite('<Directory /srv/www/admin>\n    Order Deny,Allow\n    Allow from 10.0.0.0/8\n</Directory>\n'),
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
