import { describeAgainstHttpd } from '../../apache/tests/real-apache.js';
import { INCLUDE_MODULES, MODULE_FILES } from '../../apache/tests/test-fixtures.js';
import { describeAgainstNginx } from '../../nginx/tests/real-nginx.js';
import { apacheSiteReadingHtaccess, METHOD_GUARD } from '../tests/sites.js';
import rule from './index.js';

// The harnesses ask from 127.0.0.1, one of the clients each finding names as refused or admitted.
const nginx = (inner: string): string => `user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        root /srv/www;\n${inner}    }\n}\n`;
const apache = (body: string): string => `${INCLUDE_MODULES}User www-data\nGroup www-data\nDocumentRoot /srv/www\n<Directory /srv/www>\n    Require all granted\n</Directory>\n${body}`;
const tree = `
entries:
  - { path: /srv/www/index.html, type: file, mode: '0644', content: "home\\n" }
  - { path: /srv/www/admin/index.html, type: file, mode: '0644', content: "admin\\n" }
`;
const unreadableIndex = tree.replace("admin/index.html, type: file, mode: '0644'", "admin/index.html, type: file, mode: '0600'");

describeAgainstNginx(rule, [
  { name: 'an allowlist that leaves 127.0.0.1 out', case: { dialect: 'nginx', config: nginx('        location /admin/ { allow 10.0.0.0/8; deny all; }\n'), tree }, port: 20001, path: '/admin/', status: 403, cause: 'forbidden-by-rule', findings: 1 },
  { name: 'an allowlist that lets 127.0.0.1 in', case: { dialect: 'nginx', config: nginx('        location /admin/ { allow 127.0.0.1; deny all; }\n'), tree }, port: 20002, path: '/admin/', status: 200, cause: null, findings: 1 },
  // The finding says 127.0.0.1 passes the line but is answered 403 for another reason, not that it is let in.
  { name: 'an allowlist 127.0.0.1 passes, to be refused by the file mode', case: { dialect: 'nginx', config: nginx('        location /admin/ { allow 127.0.0.1; deny all; }\n'), tree: unreadableIndex }, port: 23610, path: '/admin/', status: 403, cause: 'permission-denied', findings: 1 },
]);

describeAgainstHttpd(rule, [
  { name: 'Require ip 127.0.0.1 passes, to be refused by the file mode', case: { dialect: 'apache', config: apache('<Directory /srv/www/admin>\n    Require ip 127.0.0.1\n</Directory>\n'), files: MODULE_FILES, tree: unreadableIndex }, port: 23611, path: '/admin/', status: 403, cause: 'AH00132', findings: 1 },
  { name: 'Require ip that leaves 127.0.0.1 out', case: { dialect: 'apache', config: apache('<Directory /srv/www/admin>\n    Require ip 192.168.1.0/24\n</Directory>\n'), files: MODULE_FILES, tree }, port: 20003, path: '/admin/', status: 403, cause: 'AH01630', findings: 1 },
  {
    name: 'a .htaccess <LimitExcept> closes PROPFIND',
    case: { dialect: 'apache', config: apacheSiteReadingHtaccess, files: { ...MODULE_FILES, '/srv/www/.htaccess': METHOD_GUARD }, tree },
    port: 23404,
    path: '/',
    method: 'PROPFIND',
    status: 403,
    cause: 'AH01630',
    findings: 1,
  },
]);
