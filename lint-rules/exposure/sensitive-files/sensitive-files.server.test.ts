import { describeAgainstHttpd } from '../../apache/tests/real-apache.js';
import { INCLUDE_MODULES, MODULE_FILES } from '../../apache/tests/test-fixtures.js';
import { describeAgainstNginx } from '../../nginx/tests/real-nginx.js';
import rule from './index.js';

const tree = `
entries:
  - { path: /srv/www/index.html, type: file, mode: '0644', content: "home\\n" }
  - { path: /srv/www/.env, type: file, mode: '0644', content: "DB_PASSWORD=x\\n" }
`;
const nginx = (server: string): string => `user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        root /srv/www;\n${server}    }\n}\n`;
const apache = (body: string): string =>
  `${INCLUDE_MODULES}User www-data\nGroup www-data\nDocumentRoot /srv/www\n<Directory /srv/www>\n    Require all granted\n</Directory>\n${body}`;

describeAgainstNginx(rule, [
  { name: 'nginx serves .env when nothing forbids it', case: { dialect: 'nginx', config: nginx(''), tree }, port: 18450, path: '/.env', status: 200, cause: null, findings: 1 },
  { name: 'nginx refuses .env under a hidden-file guard', case: { dialect: 'nginx', config: nginx('        location ~ /\\. { deny all; }\n'), tree }, port: 18451, path: '/.env', status: 403, cause: 'forbidden-by-rule', findings: 0 },
]);

describeAgainstHttpd(rule, [
  { name: 'httpd serves .env past the stock .ht guard', case: { dialect: 'apache', config: apache('<FilesMatch "^\\.ht">\n    Require all denied\n</FilesMatch>\n'), files: MODULE_FILES, tree }, port: 18460, path: '/.env', status: 200, cause: null, findings: 1 },
  { name: 'httpd refuses .env under a dot-file guard', case: { dialect: 'apache', config: apache('<FilesMatch "^\\.">\n    Require all denied\n</FilesMatch>\n'), files: MODULE_FILES, tree }, port: 18461, path: '/.env', status: 403, cause: 'AH01630', findings: 0 },
]);
