import { describeAgainstHttpd } from '../../apache/tests/real-apache.js';
import { INCLUDE_MODULES, MODULE_FILES } from '../../apache/tests/test-fixtures.js';
import { describeAgainstNginx } from '../../nginx/tests/real-nginx.js';
import rule from './index.js';

const nginx = (inner: string): string => `user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        root /srv/www;\n${inner}    }\n}\n`;
const apache = (body: string): string => `${INCLUDE_MODULES}User www-data\nGroup www-data\nDocumentRoot /srv/www\n<Directory /srv/www>\n    Require all granted\n</Directory>\n${body}`;
const checkout = `
entries:
  - { path: /srv/www/index.html, type: file, mode: '0644', content: "home\\n" }
  - { path: /srv/www/.git/HEAD, type: file, mode: '0644', content: "ref: refs/heads/main\\n" }
  - { path: /srv/www/.env, type: file, mode: '0644', content: "DB_PASSWORD=x\\n" }
  - { path: /srv/www/cache/page.html, type: file, mode: '0644', content: "cached\\n" }
`;
const clean = `
entries:
  - { path: /srv/www/index.html, type: file, mode: '0644', content: "home\\n" }
`;

// The finding's claim is the real server's answer for a file the tree holds; a guard over nothing gives none, though it refuses as well.
describeAgainstNginx(rule, [
  { name: 'deny all on dot files that the tree holds', case: { dialect: 'nginx', config: nginx('        location ~ /\\. { deny all; }\n'), tree: checkout }, port: 23500, path: '/.git/HEAD', status: 403, cause: 'forbidden-by-rule', findings: 1 },
  { name: "Grav's return 403 on cache/", case: { dialect: 'nginx', config: nginx('        location ~* /(\\.git|cache|bin|logs)/.*$ { return 403; }\n'), tree: checkout }, port: 23501, path: '/cache/page.html', status: 403, cause: 'return', findings: 1 },
  { name: 'the same guard over a clean tree: nothing to report', case: { dialect: 'nginx', config: nginx('        location ~ /\\. { deny all; }\n'), tree: clean }, port: 23502, path: '/.git/HEAD', status: 403, cause: 'forbidden-by-rule', findings: 0 },
  { name: 'a guard the office gets past is an allowlist, not this rule', case: { dialect: 'nginx', config: nginx('        location ~ /\\. { allow 127.0.0.1; deny all; }\n'), tree: checkout }, port: 23503, path: '/.env', status: 200, cause: null, findings: 0 },
]);

describeAgainstHttpd(rule, [
  { name: 'FilesMatch on dot files keeps .env in', case: { dialect: 'apache', config: apache('<FilesMatch "^\\.">\n    Require all denied\n</FilesMatch>\n'), files: MODULE_FILES, tree: checkout }, port: 23504, path: '/.env', status: 403, cause: 'AH01630', findings: 1 },
  { name: 'RedirectMatch 403 on .git', case: { dialect: 'apache', config: apache('RedirectMatch 403 /\\.git\n'), files: MODULE_FILES, tree: checkout }, port: 23505, path: '/.git/HEAD', status: 403, cause: null, findings: 1 },
  {
    name: "a guard on httpd's own .htaccess: nothing to report",
    case: { dialect: 'apache', config: apache('<FilesMatch "^\\.ht">\n    Require all denied\n</FilesMatch>\n'), files: { ...MODULE_FILES, '/srv/www/.htaccess': '# nothing\n' }, tree: clean },
    port: 23506,
    path: '/.htaccess',
    status: 403,
    cause: 'AH01630',
    findings: 0,
  },
]);
