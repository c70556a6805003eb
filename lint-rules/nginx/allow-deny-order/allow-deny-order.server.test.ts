import { describeAgainstNginx } from '../tests/real-nginx.js';
import rule from './index.js';

const config = (access: string): string => `user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        root /srv/www;\n${access}    }\n}\n`;
const tree = `
entries:
  - { path: /srv/www/index.html, type: file, mode: '0644', content: "hi\\n" }
`;

describeAgainstNginx(rule, [
  {
    name: 'an allow after deny all never lets the client in',
    case: { dialect: 'nginx', config: config('        deny all;\n        allow 127.0.0.1;\n'), tree },
    port: 18410,
    path: '/',
    status: 403,
    cause: 'forbidden-by-rule',
    findings: 1,
  },
  {
    name: 'a location list drops the server list that let the client in',
    case: { dialect: 'nginx', config: config('        allow 127.0.0.1;\n        deny all;\n        location / {\n            allow 10.0.0.0/8;\n            deny all;\n        }\n'), tree },
    port: 18411,
    path: '/',
    status: 403,
    cause: 'forbidden-by-rule',
    findings: 1,
  },
  { name: 'allow before deny all', case: { dialect: 'nginx', config: config('        allow 127.0.0.1;\n        deny all;\n'), tree }, port: 18412, path: '/', status: 200, cause: null, findings: 0 },
]);
