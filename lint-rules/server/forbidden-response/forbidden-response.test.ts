import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { MODULE_FILES } from '../../apache/tests/test-fixtures.js';
import { apacheSite, apacheSiteReadingHtaccess, APPLICATION_TREE, nginxSite, QUERY_AND_FOLDER_GUARDS, SHOP, TRACE_GUARD, treeWith } from '../tests/sites.js';
import rule from './index.js';

const tree = treeWith('drafts', 'draft');

runRuleTests(rule, {
  valid: [
    { name: 'nginx: a return that redirects', dialect: 'nginx', config: nginxSite('        location /old/ { return 301 /new/; }\n'), tree },
    { name: 'nginx: a guard on hidden files', dialect: 'nginx', config: nginxSite('        location ~ /\\.git { return 403; }\n'), tree },
    { name: 'nginx: a return 403 in a location no request reaches first', dialect: 'nginx', config: nginxSite('        location / { return 200 "ok"; }\n        location @never { return 403; }\n'), tree },
    { name: 'apache: guards in a .htaccess httpd never reads (AllowOverride None)', dialect: 'apache', files: { ...MODULE_FILES, '/srv/www/.htaccess': QUERY_AND_FOLDER_GUARDS }, config: apacheSite(''), tree: APPLICATION_TREE },
    { name: 'apache: a RewriteRule [F] on .env', dialect: 'apache', files: MODULE_FILES, config: apacheSite('RewriteEngine On\nRewriteRule ^/\\.env - [F]\n'), tree },
  ],
  invalid: [
    {
      name: 'nginx: return 403 in a location and at the server level: two problems',
      dialect: 'nginx',
      config: nginxSite('        location /api/ {\n            return 403;\n        }\n        location = /robots.txt { return 403; }\n'),
      tree,
      errors: [
        { messageId: 'forbidden', data: { server: SHOP, urls: '/api/' }, line: 9, column: 13, endLine: 9, endColumn: 24 },
        { messageId: 'forbidden', data: { server: SHOP, urls: '/robots.txt' }, line: 11, column: 34, endLine: 11, endColumn: 45 },
      ],
    },
    {
      name: 'apache: a RewriteRule [F] on a served directory',
      dialect: 'apache',
      files: MODULE_FILES,
      config: apacheSite('<Location /drafts/>\n    Require all granted\n</Location>\nRewriteEngine On\nRewriteRule ^/drafts/ - [F]\n'),
      tree,
      errors: [{ messageId: 'forbidden', data: { server: 'the server listening on *:80', urls: '/drafts/' }, line: 12, column: 1, endLine: 12, endColumn: 28 }],
    },
    {
      name: 'apache: .htaccess patterns: the query string a RewriteCond asks for, and the walked files a RewriteRule class matches',
      dialect: 'apache',
      files: { ...MODULE_FILES, '/srv/www/.htaccess': QUERY_AND_FOLDER_GUARDS },
      config: apacheSiteReadingHtaccess,
      tree: APPLICATION_TREE,
      errors: [
        { messageId: 'forbidden', data: { server: 'the server listening on *:80', urls: '/?GLOBALS=' }, file: '/srv/www/.htaccess', line: 4, column: 1, endLine: 4, endColumn: 30 },
        { messageId: 'forbidden', data: { server: 'the server listening on *:80', urls: '/vendor/lib/Loader.php' }, file: '/srv/www/.htaccess', line: 5, column: 1, endLine: 5, endColumn: 59 },
      ],
    },
    {
      name: 'apache: a .htaccess RewriteCond on the method: the methods its regex names are asked (httpd answers TRACE itself)',
      dialect: 'apache',
      files: { ...MODULE_FILES, '/srv/www/.htaccess': TRACE_GUARD },
      config: apacheSiteReadingHtaccess,
      tree: APPLICATION_TREE,
      errors: [{ messageId: 'forbidden', data: { server: 'the server listening on *:80', urls: 'TRACK /, DEBUG /' }, file: '/srv/www/.htaccess', line: 3, column: 1, endLine: 3, endColumn: 21 }],
    },
  ],
});
