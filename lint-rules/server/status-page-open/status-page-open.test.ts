import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { MODULE_FILES, MODULES_CONF } from '../../apache/tests/test-fixtures.js';
import { apacheSite } from '../tests/sites.js';
import rule from './index.js';

/** The harness's modules plus mod_status and mod_info, as the real-server test loads them. */
const STATUS_FILES = { ...MODULE_FILES, [MODULES_CONF]: `${MODULE_FILES[MODULES_CONF] ?? ''}LoadModule status_module /usr/lib/apache2/modules/mod_status.so\nLoadModule info_module /usr/lib/apache2/modules/mod_info.so\n` };

const nginx = (server: string): string => `user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        server_name shop.example;\n        root /srv/www;\n${server}    }\n}\n`;
const shop = 'server shop.example (listen *:80)';
const tree = `
entries:
  - { path: /srv/www/index.html, type: file, mode: '0644', content: "home\\n" }
`;

runRuleTests(rule, {
  valid: [
    { name: 'stub_status for the loopback only', dialect: 'nginx', config: nginx('        location = /nginx_status {\n            stub_status;\n            allow 127.0.0.1;\n            deny all;\n        }\n'), tree },
    { name: 'stub_status behind basic auth', dialect: 'nginx', config: nginx('        location = /nginx_status {\n            stub_status;\n            auth_basic "ops";\n            auth_basic_user_file /etc/nginx/htpasswd;\n        }\n'), tree },
    { name: 'apache: server-status for the machine itself', dialect: 'apache', files: STATUS_FILES, config: apacheSite('<Location /server-status>\n    SetHandler server-status\n    Require local\n</Location>\n'), tree },
  ],
  invalid: [
    {
      name: 'apache: server-info with no Require of its own',
      dialect: 'apache',
      files: STATUS_FILES,
      config: apacheSite('<Location /server-info>\n    SetHandler server-info\n</Location>\n'),
      tree,
      errors: [{ messageId: 'open', data: { server: 'the server listening on *:80', page: 'configuration (server-info: every loaded module and directive)', urls: '/server-info', outsider: '203.0.113.10' }, line: 9, column: 5, endLine: 9, endColumn: 27 }],
    },
    {
      name: 'stub_status open to every client',
      dialect: 'nginx',
      config: nginx('        location = /nginx_status {\n            stub_status;\n        }\n'),
      tree,
      errors: [{ messageId: 'open', data: { server: shop, page: 'connection counters (stub_status)', urls: '/nginx_status', outsider: '203.0.113.10' }, line: 9, column: 13, endLine: 9, endColumn: 25 }],
    },
    {
      name: 'an allowlist that refuses nobody does not protect it',
      dialect: 'nginx',
      config: nginx('        location /status {\n            stub_status;\n            allow 10.0.0.0/8;\n        }\n'),
      tree,
      errors: [{ messageId: 'open', data: { server: shop, page: 'connection counters (stub_status)', urls: '/status/', outsider: '203.0.113.10' }, line: 9, column: 13, endLine: 9, endColumn: 25 }],
    },
  ],
});
