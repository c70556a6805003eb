import { describeAgainstHttpd } from '../../apache/tests/real-apache.js';
import { INCLUDE_MODULES, MODULE_FILES } from '../../apache/tests/test-fixtures.js';
import { describeAgainstNginx } from '../../nginx/tests/real-nginx.js';
import rule from './index.js';

const nginx = (inner: string): string => `user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        root /srv/www;\n${inner}    }\n}\n`;
const apache = (grant: string): string => `${INCLUDE_MODULES}User www-data\nGroup www-data\n<Directory />\n    Require all denied\n</Directory>\nDocumentRoot /srv/www\n${grant}`;
const tree = (index: string): string => `
entries:
  - { path: /srv/www, type: dir, mode: '0755' }
  - { path: /srv/www/index.html, type: file, mode: '${index}', content: "home\\n" }
`;

// Each 403 below but the last is a dedicated rule's finding (one cause, one finding): this rule stays quiet.
describeAgainstNginx(rule, [
  { name: 'a served home page', case: { dialect: 'nginx', config: nginx(''), tree: tree('0644') }, port: 18640, path: '/', status: 200, cause: null, findings: 0 },
  { name: 'deny all', case: { dialect: 'nginx', config: nginx('        deny all;\n'), tree: tree('0644') }, port: 18641, path: '/', status: 403, cause: 'forbidden-by-rule', findings: 0 },
  { name: 'an unreadable index', case: { dialect: 'nginx', config: nginx(''), tree: tree('0600') }, port: 18642, path: '/', status: 403, cause: 'permission-denied', findings: 0 },
  { name: 'return 403', case: { dialect: 'nginx', config: nginx('        location / { return 403; }\n'), tree: tree('0644') }, port: 18643, path: '/', status: 403, cause: 'return', findings: 0 },
]);

describeAgainstHttpd(rule, [
  { name: 'nothing grants the DocumentRoot: AH01630', case: { dialect: 'apache', config: apache(''), files: MODULE_FILES, tree: tree('0644') }, port: 18650, path: '/', status: 403, cause: 'AH01630', findings: 0 },
  {
    name: 'a DocumentRoot the web user cannot search: AH00529 for its .htaccess',
    case: { dialect: 'apache', config: apache('<Directory /srv/www>\n    AllowOverride All\n    Require all granted\n</Directory>\n'), files: MODULE_FILES, tree: "entries:\n  - { path: /srv/www, type: dir, mode: '0700' }\n  - { path: /srv/www/index.html, type: file, mode: '0644', content: \"home\\n\" }\n" },
    port: 20000,
    path: '/',
    status: 403,
    cause: 'AH00529',
    findings: 1,
  },
  { name: 'granted: served', case: { dialect: 'apache', config: apache('<Directory /srv/www>\n    Require all granted\n</Directory>\n'), files: MODULE_FILES, tree: tree('0644') }, port: 18651, path: '/', status: 200, cause: null, findings: 0 },
]);
