import { describeAgainstNginx } from '../../nginx/tests/real-nginx.js';
import rule from './index.js';

const config = (server: string): string => `user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        root /srv/www;\n${server}    }\n}\n`;
const tree = `
entries:
  - { path: /srv/www/panel/index.html, type: file, mode: '0644', content: "panel\\n" }
`;

describeAgainstNginx(rule, [
  {
    name: 'a regex location answers before the prefix location that denies',
    case: { dialect: 'nginx', config: config('        location ~ ^/panel { }\n        location /panel/ { deny all; }\n'), tree },
    port: 22020,
    path: '/panel/',
    status: 200,
    cause: null,
    findings: 1,
  },
  {
    name: 'with ^~ the prefix location wins and denies',
    case: { dialect: 'nginx', config: config('        location ~ ^/panel { }\n        location ^~ /panel/ { deny all; }\n'), tree },
    port: 22021,
    path: '/panel/',
    status: 403,
    cause: 'forbidden-by-rule',
    findings: 0,
  },
]);

const php = `
entries:
  - { path: /srv/www/index.php, type: file, mode: '0644', content: "<?php\\n" }
  - { path: /srv/www/static/index.php, type: file, mode: '0644', content: "<?php\\n" }
`;

describeAgainstNginx(rule, [
  {
    name: 'a ^~ location serves a .php file the regex deny is written for',
    case: { dialect: 'nginx', config: config('        location ^~ /static/ { }\n        location ~ \\.php$ { deny all; }\n'), tree: php },
    port: 23920,
    path: '/static/index.php',
    status: 200,
    cause: null,
    findings: 1,
  },
  {
    name: 'under a plain prefix location the regex still wins and denies',
    case: { dialect: 'nginx', config: config('        location /static/ { }\n        location ~ \\.php$ { deny all; }\n'), tree: php },
    port: 23921,
    path: '/static/index.php',
    status: 403,
    cause: 'forbidden-by-rule',
    findings: 0,
  },
]);
