import { describeAgainstNginx } from '../tests/real-nginx.js';
import rule from './index.js';

const config = (server: string): string => `user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        root /srv/www;\n${server}    }\n}\n`;
const tree = `
entries:
  - { path: /srv/www/home.html, type: file, mode: '0644', content: "home\\n" }
`;
/** A site whose asset directories hold no index: browsing them is refused, one warning for both. */
const assets = `
entries:
  - { path: /srv/www/index.html, type: file, mode: '0644', content: "home\\n" }
  - { path: /srv/www/css/site.css, type: file, mode: '0644', content: "body {}\\n" }
  - { path: /srv/www/img/logo.png, type: file, mode: '0644', content: "png\\n" }
`;

describeAgainstNginx(rule, [
  { name: 'no index file and autoindex off', case: { dialect: 'nginx', config: config(''), tree }, port: 18420, path: '/', status: 403, cause: 'directory-index-forbidden', findings: 1 },
  { name: 'subdirectories without an index: one rolled-up finding', case: { dialect: 'nginx', config: config('        location / { try_files $uri $uri/ =404; }\n'), tree: assets }, port: 23510, path: '/img/', status: 403, cause: 'directory-index-forbidden', findings: 1 },
  { name: 'the asset files themselves are served', case: { dialect: 'nginx', config: config('        location / { try_files $uri $uri/ =404; }\n'), tree: assets }, port: 23511, path: '/css/site.css', status: 200, cause: null, findings: 1 },
  { name: 'the index list names the file that is there', case: { dialect: 'nginx', config: config('        index home.html;\n'), tree }, port: 18421, path: '/', status: 200, cause: null, findings: 0 },
]);
