import { describeAgainstNginx } from '../tests/real-nginx.js';
import rule from './index.js';

const config = (location: string): string => `user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        root /srv/www;\n${location}    }\n}\n`;
const tree = `
entries:
  - { path: /srv/www/index.html, type: file, mode: '0644', content: "home\\n" }
  - { path: /srv/files/readme.txt, type: file, mode: '0644', content: "public\\n" }
  - { path: /srv/secret.txt, type: file, mode: '0644', content: "private\\n" }
`;

describeAgainstNginx(rule, [
  {
    name: 'a prefix without / climbs out of its alias',
    case: { dialect: 'nginx', config: config('        location /files { alias /srv/files/; }\n'), tree },
    port: 18470,
    path: '/files../secret.txt',
    status: 200,
    cause: null,
    findings: 1,
  },
  {
    name: 'with both slashes the same request never reaches the alias',
    case: { dialect: 'nginx', config: config('        location /files/ { alias /srv/files/; }\n'), tree },
    port: 18471,
    path: '/files../secret.txt',
    status: 404,
    cause: 'not-found',
    findings: 0,
  },
]);
