import { describeAgainstNginx } from '../tests/real-nginx.js';
import rule from './index.js';

const config = (access: string): string => `user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        root /srv/www;\n${access}    }\n}\n`;
const tree = `
entries:
  - { path: /srv/www/index.html, type: file, mode: '0644', content: "hi\\n" }
  - { path: /srv/www/.htpasswd, type: file, mode: '0644', content: "user:x\\n" }
`;

describeAgainstNginx(rule, [
  { name: 'deny all at server level refuses /', case: { dialect: 'nginx', config: config('        deny all;\n'), tree }, port: 18400, path: '/', status: 403, cause: 'forbidden-by-rule', findings: 1 },
  {
    name: 'an allow for the client before deny all lets it in',
    case: { dialect: 'nginx', config: config('        allow 127.0.0.1;\n        deny all;\n'), tree },
    port: 18401,
    path: '/',
    status: 200,
    cause: null,
    findings: 0,
  },
  {
    name: 'a hidden-file guard refuses only what it guards',
    case: { dialect: 'nginx', config: config('        location ~ /\\.ht { deny all; }\n'), tree },
    port: 18402,
    path: '/.htpasswd',
    status: 403,
    cause: 'forbidden-by-rule',
    findings: 0,
  },
]);
