import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './index.js';

const site = (server: string): string => `events {}\nhttp {\n    server {\n        listen 80;\n        server_name example.com;\n${server}    }\n}\n`;
const server = 'server example.com (listen *:80)';

runRuleTests(rule, {
  valid: [
    { name: 'no access rules', dialect: 'nginx', config: site('        root /var/www/html;\n') },
    { name: 'an allow before deny all lets that network in', dialect: 'nginx', config: site('        allow 10.0.0.0/8;\n        deny all;\n') },
    {
      name: 'hidden-file guards',
      dialect: 'nginx',
      config: site('        location ~ /\\.ht { deny all; }\n        location ~ /\\. { deny all; }\n        location /.git { deny all; }\n'),
    },
    { name: 'guards on backup and dump names', dialect: 'nginx', config: site('        location ~* \\.(sql|bak|swp)$ { deny all; }\n        location ~ ~$ { deny all; }\n') },
    { name: 'an exact location on a sensitive file', dialect: 'nginx', config: site('        location = /db.sql { deny all; }\n') },
    { name: 'an internal location', dialect: 'nginx', config: site('        location /protected/ { internal; deny all; }\n') },
    { name: 'satisfy any with basic auth lets authenticated users in', dialect: 'nginx', config: site('        satisfy any;\n        auth_basic "staff";\n        deny all;\n') },
    { name: 'location / replaces the server-level list', dialect: 'nginx', config: site('        deny all;\n        location / { allow all; }\n') },
    { name: 'a return answers before the access phase runs', dialect: 'nginx', config: site('        location / {\n            return 200 "ok";\n            deny all;\n        }\n') },
    { name: 'a server no request reaches (an earlier one takes its name and port)', dialect: 'nginx', config: `events {}\nhttp {\n    server { listen 80; server_name example.com; }\n    server { listen 80; server_name example.com; deny all; }\n}\n` },
    { name: 'limit_except only restricts other methods', dialect: 'nginx', config: site('        location / { limit_except GET { deny all; } }\n') },
  ],
  invalid: [
    {
      name: 'deny all at server level with no location / refuses everything',
      dialect: 'nginx',
      config: site('        deny all;\n'),
      errors: [{ messageId: 'wholeServer', data: { server }, line: 6, column: 9, endLine: 6, endColumn: 18, severity: 'error' }],
    },
    {
      name: 'deny all in location / refuses everything',
      dialect: 'nginx',
      config: site('        location / {\n            deny 192.0.2.1;\n            deny all;\n        }\n'),
      errors: [{ messageId: 'wholeServer', data: { server }, line: 8, column: 13, endLine: 8, endColumn: 22, severity: 'error' }],
    },
    {
      name: 'inherited from http: reported once where it is written',
      dialect: 'nginx',
      config: 'events {}\nhttp {\n    deny all;\n    server {\n        listen 8080;\n        location /a/ { }\n    }\n}\n',
      errors: [{ messageId: 'wholeServer', data: { server: 'the server listening on *:8080' }, line: 3, column: 5, endLine: 3, endColumn: 14, severity: 'error' }],
    },
    {
      name: 'a sub-location and the site root: two problems',
      dialect: 'nginx',
      config: site('        location /admin/ { deny all; }\n        location ~ ^/(api|\\.git)/ { deny all; }\n        location / { deny all; }\n'),
      errors: [
        { messageId: 'someLocations', data: { server, locations: 'location /admin/' }, line: 6, column: 28, endLine: 6, endColumn: 37, severity: 'error' },
        { messageId: 'someLocations', data: { server, locations: 'location ~ ^/(api|\\.git)/' }, line: 7, column: 37, endLine: 7, endColumn: 46, severity: 'error' },
        { messageId: 'wholeServer', data: { server }, line: 8, column: 22, endLine: 8, endColumn: 31, severity: 'error' },
      ],
    },
    {
      name: 'a deny all in an included file',
      dialect: 'nginx',
      config: site('        location /private/ { include /etc/nginx/snippets/closed.conf; }\n'),
      files: { '/etc/nginx/snippets/closed.conf': '# staff only\ndeny all;\n' },
      errors: [{ messageId: 'someLocations', data: { server, locations: 'location /private/' }, line: 2, column: 1, endLine: 2, endColumn: 10, file: '/etc/nginx/snippets/closed.conf', severity: 'error' }],
    },
  ],
});
