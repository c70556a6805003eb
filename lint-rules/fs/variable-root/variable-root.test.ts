import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './index.js';
import { NGINX_SERVER as server } from '../tests/site.js';

const nginx = (body: string): string => `user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n${body}    }\n}\n`;

runRuleTests(rule, {
  valid: [
    { name: 'a literal root', dialect: 'nginx', config: nginx('        root /var/www/html;\n') },
    { name: 'Apache expands ${VAR} at startup', dialect: 'apache', config: 'Define SITE /var/www/html\nDocumentRoot ${SITE}\n' },
    {
      name: 'a root on $host over the directories it names: walked per host',
      dialect: 'nginx',
      config: nginx('        root /var/www/$host;\n'),
      tree: 'entries:\n  - { path: /var/www, type: dir }\n  - { path: /var/www/shop.test, type: dir }\n',
    },
    {
      name: 'a set variable built from $http_host, and a literal server_name whose directory exists',
      dialect: 'nginx',
      config: nginx('        server_name shop.test;\n        set $site /var/www/$http_host;\n        root $site/public;\n'),
      tree: 'entries:\n  - { path: /var/www/shop.test/public, type: dir }\n',
    },
  ],
  invalid: [
    {
      name: 'a root on $host and a regex alias on a capture, each once: two problems',
      dialect: 'nginx',
      config: nginx('        root /var/www/$host;\n        location /a/ { }\n        location ~ ^/u/(.*)$ {\n            alias /home/$1;\n        }\n'),
      errors: [
        { messageId: 'unchecked', data: { directive: '`root /var/www/$host`', path: '/var/www/$host', server }, line: 6, column: 9, endLine: 6, endColumn: 29 },
        { messageId: 'unchecked', data: { directive: '`alias /home/$1`', path: '/home/$1', server }, line: 9, column: 13, endLine: 9, endColumn: 28 },
      ],
    },
  ],
});
