import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './index.js';
import { NGINX_SERVER as server } from '../tests/site.js';

const nginx = (body: string): string => `user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n${body}    }\n}\n`;

runRuleTests(rule, {
  valid: [
    { name: 'a site directory', dialect: 'nginx', config: nginx('        root /var/www/html;\n') },
    { name: 'a directory below /usr that packages serve', dialect: 'nginx', config: nginx('        root /usr/share/nginx/html;\n') },
    { name: 'Apache: the Debian default', dialect: 'apache', config: 'DocumentRoot /var/www/html\n' },
  ],
  invalid: [
    {
      name: 'root / and an alias of /home: two problems',
      dialect: 'nginx',
      config: nginx('        root /;\n        location /h/ {\n            alias /home/;\n        }\n'),
      errors: [
        { messageId: 'served', data: { directive: '`root /`', dir: '/', server, url: '/etc/passwd', file: '/etc/passwd' }, line: 6, column: 9, endLine: 6, endColumn: 16, path: '/' },
        { messageId: 'served', data: { directive: '`alias /home/`', dir: '/home', server, url: '/h/', file: '/home/' }, line: 8, column: 13, endLine: 8, endColumn: 26, path: '/home' },
      ],
    },
    {
      name: 'a location root on /etc serves /etc/x/ under /x/',
      dialect: 'nginx',
      config: nginx('        location / {\n            root /etc/;\n        }\n'),
      errors: [{ messageId: 'served', data: { directive: '`root /etc/`', dir: '/etc', server, url: '/passwd', file: '/etc/passwd' }, line: 7, column: 13, endLine: 7, endColumn: 24, path: '/etc' }],
    },
    {
      name: 'a regex location names no URL',
      dialect: 'nginx',
      config: nginx('        location ~ ^/logs/(.*)$ {\n            alias /var/log/$1;\n        }\n        location ~ \\.txt$ {\n            root /proc;\n        }\n'),
      errors: [{ messageId: 'servedUnderRegex', data: { directive: '`root /proc`', dir: '/proc', server }, line: 10, column: 13, endLine: 10, endColumn: 24, path: '/proc' }],
    },
    {
      name: 'Apache: a server-wide Alias every virtual host inherits is one finding, for the first host',
      dialect: 'apache',
      config: 'DocumentRoot /var/www/html\nAlias /conf /etc\n<VirtualHost *:80>\n    ServerName a.example\n</VirtualHost>\n<VirtualHost *:80>\n    ServerName b.example\n</VirtualHost>\n',
      errors: [{ messageId: 'served', data: { directive: '`Alias /conf /etc`', dir: '/etc', server: 'server a.example (listen *:80)', url: '/conf/passwd', file: '/etc/passwd' }, line: 2, column: 1, endLine: 2, endColumn: 17, path: '/etc' }],
    },
  ],
});
