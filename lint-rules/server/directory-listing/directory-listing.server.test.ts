import { describeAgainstNginx } from '../../nginx/tests/real-nginx.js';
import rule from './index.js';

const config = (server: string): string => `user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        root /srv/www;\n${server}    }\n}\n`;
const tree = `
entries:
  - { path: /srv/www/index.html, type: file, mode: '0644', content: "home\\n" }
  - { path: /srv/www/backup/site.sql, type: file, mode: '0644', content: "dump\\n" }
`;

describeAgainstNginx(rule, [
  { name: 'autoindex lists a directory without an index', case: { dialect: 'nginx', config: config('        autoindex on;\n'), tree }, port: 22030, path: '/backup/', status: 200, cause: null, findings: 1 },
  { name: 'without autoindex the same directory is refused', case: { dialect: 'nginx', config: config(''), tree }, port: 22031, path: '/backup/', status: 403, cause: 'directory-index-forbidden', findings: 0 },
]);
