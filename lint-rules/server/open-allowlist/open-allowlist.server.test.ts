import { describeAgainstNginx } from '../../nginx/tests/real-nginx.js';
import rule from './index.js';

const config = (server: string): string => `user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        root /srv/www;\n${server}    }\n}\n`;
const tree = `
entries:
  - { path: /srv/www/admin/index.html, type: file, mode: '0644', content: "admin\\n" }
`;

// The loopback client is in no allowlist below: it stands for "any other client".
describeAgainstNginx(rule, [
  { name: 'allow lines alone let every client in', case: { dialect: 'nginx', config: config('        location /admin/ {\n            allow 10.0.0.0/8;\n        }\n'), tree }, port: 22000, path: '/admin/', status: 200, cause: null, findings: 1 },
  {
    name: 'deny all after them refuses the rest',
    case: { dialect: 'nginx', config: config('        location /admin/ {\n            allow 10.0.0.0/8;\n            deny all;\n        }\n'), tree },
    port: 22001,
    path: '/admin/',
    status: 403,
    cause: 'forbidden-by-rule',
    findings: 0,
  },
]);
