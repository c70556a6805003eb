import { describeAgainstHttpd } from '../../apache/tests/real-apache.js';
import { INCLUDE_MODULES, MODULE_FILES } from '../../apache/tests/test-fixtures.js';
import { describeAgainstNginx } from '../../nginx/tests/real-nginx.js';
import { apacheSiteReadingHtaccess, APPLICATION_TREE, QUERY_AND_FOLDER_GUARDS, TRACE_GUARD } from '../tests/sites.js';
import rule from './index.js';

const nginx = (inner: string): string => `user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        root /srv/www;\n${inner}    }\n}\n`;
const apache = (body: string): string => `${INCLUDE_MODULES}User www-data\nGroup www-data\nDocumentRoot /srv/www\n<Directory /srv/www>\n    Require all granted\n</Directory>\n${body}`;
const tree = `
entries:
  - { path: /srv/www/index.html, type: file, mode: '0644', content: "home\\n" }
  - { path: /srv/www/drafts/index.html, type: file, mode: '0644', content: "draft\\n" }
`;

describeAgainstNginx(rule, [
  { name: 'return 403 in a location', case: { dialect: 'nginx', config: nginx('        location /drafts/ { return 403; }\n'), tree }, port: 20004, path: '/drafts/', status: 403, cause: 'return', findings: 1 },
  { name: 'return 200 answers first: nothing to report', case: { dialect: 'nginx', config: nginx('        location /drafts/ { return 200 "ok"; deny all; }\n'), tree }, port: 20005, path: '/drafts/', status: 200, cause: null, findings: 0 },
]);

describeAgainstHttpd(rule, [
  { name: 'RewriteRule [F]', case: { dialect: 'apache', config: apache('RewriteEngine On\nRewriteRule ^/drafts/ - [F]\n'), files: MODULE_FILES, tree }, port: 20006, path: '/drafts/', status: 403, cause: null, findings: 1 },
  ...['/?GLOBALS=', '/vendor/lib/Loader.php'].map((path, i) => ({
    name: `a .htaccess guard named by a pattern refuses ${path}`,
    case: { dialect: 'apache' as const, config: apacheSiteReadingHtaccess, files: { ...MODULE_FILES, '/srv/www/.htaccess': QUERY_AND_FOLDER_GUARDS }, tree: APPLICATION_TREE },
    port: 23402 + i,
    path,
    status: 403,
    cause: null,
    findings: 2,
  })),
  ...[
    { method: 'TRACK', status: 403 },
    // http_core answers TRACE before any .htaccess is read (TraceEnable on): the guard never sees it.
    { method: 'TRACE', status: 200 },
  ].map(({ method, status }, i) => ({
    name: `a .htaccess RewriteCond on the method, asked with ${method}`,
    case: { dialect: 'apache' as const, config: apacheSiteReadingHtaccess, files: { ...MODULE_FILES, '/srv/www/.htaccess': TRACE_GUARD }, tree: APPLICATION_TREE },
    port: 23405 + i,
    path: '/',
    method,
    status,
    cause: null,
    findings: 1,
  })),
]);
