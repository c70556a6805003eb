import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { MODULE_FILES } from '../../apache/tests/test-fixtures.js';
import { apacheSite, nginxSite, SHOP } from '../../server/tests/sites.js';
import rule from './index.js';

/** A checkout deployed as the web root: its .git, an .env, a dump and a cache beside the site. */
const checkout = `
entries:
  - { path: /srv/www/index.html, type: file, mode: '0644', content: "home\\n" }
  - { path: /srv/www/.git/HEAD, type: file, mode: '0644', content: "ref: refs/heads/main\\n" }
  - { path: /srv/www/.git/config, type: file, mode: '0644', content: "[core]\\n" }
  - { path: /srv/www/.env, type: file, mode: '0644', content: "DB_PASSWORD=x\\n" }
  - { path: /srv/www/admin/index.html, type: file, mode: '0644', content: "admin\\n" }
  - { path: /srv/www/admin/.env, type: file, mode: '0644', content: "KEY=x\\n" }
  - { path: /srv/www/cache/page.html, type: file, mode: '0644', content: "cached\\n" }
`;
const clean = `
entries:
  - { path: /srv/www/index.html, type: file, mode: '0644', content: "home\\n" }
`;
const withHtaccess = `${clean}  - { path: /srv/www/.htaccess, type: file, mode: '0644', content: "# httpd's own\\n" }\n`;
const APACHE = 'the server listening on *:80';
const data = (count: number, examples: string, server = SHOP) => ({ count, entries: count === 1 ? 'entry' : 'entries', them: count === 1 ? 'it' : 'them', servers: server, examples });

runRuleTests(rule, {
  valid: [
    { name: 'nginx: a hidden-file guard with nothing hidden in the tree', dialect: 'nginx', config: nginxSite('        location ~ /\\. { deny all; }\n'), tree: clean },
    { name: 'nginx: no guard, the files are served (exposure/sensitive-files reports that)', dialect: 'nginx', config: nginxSite(''), tree: checkout },
    { name: 'nginx: a guard that lets an office in is an allowlist', dialect: 'nginx', config: nginxSite('        location ~ /\\. { allow 10.0.0.0/8; deny all; }\n'), tree: checkout },
    {
      name: 'nginx: a deny on an ordinary location is nginx/deny-all\'s, whatever it holds',
      dialect: 'nginx',
      config: nginxSite('        location /admin/ { deny all; }\n        location ~ /\\.(git|env) { return 404; }\n'),
      tree: checkout,
    },
    { name: 'apache: a guard on httpd\'s own .htaccess files', dialect: 'apache', files: MODULE_FILES, config: apacheSite('<FilesMatch "^\\.ht">\n    Require all denied\n</FilesMatch>\n'), tree: withHtaccess },
  ],
  invalid: [
    {
      name: 'nginx: the hidden-file guard is all that keeps .git and .env from being served, one finding for all',
      dialect: 'nginx',
      config: nginxSite('        location ~ /\\. { deny all; }\n'),
      tree: checkout,
      errors: [{ messageId: 'guarded', data: data(5, '/.env, /.git/, /.git/HEAD and 2 more'), line: 8, column: 26, endLine: 8, endColumn: 35 }],
    },
    {
      name: 'nginx: a guard on named directories refuses what cache/ holds (Grav)',
      dialect: 'nginx',
      config: nginxSite('        location ~* /(\\.git|cache|bin|logs)/.*$ { return 403; }\n'),
      tree: checkout,
      errors: [{ messageId: 'guarded', data: data(5, '/.git/, /.git/HEAD, /.git/config and 2 more'), line: 8, column: 51, endLine: 8, endColumn: 62 }],
    },
    {
      name: 'apache: a FilesMatch guard on dot files keeps the .env files in',
      dialect: 'apache',
      files: MODULE_FILES,
      config: apacheSite('<FilesMatch "^\\.">\n    Require all denied\n</FilesMatch>\n'),
      tree: checkout,
      errors: [{ messageId: 'guarded', data: data(2, '/.env, /admin/.env', APACHE), line: 9, column: 5, endLine: 9, endColumn: 23 }],
    },
    {
      name: 'apache: RedirectMatch 403 on .git, which httpd logs nothing for',
      dialect: 'apache',
      files: MODULE_FILES,
      config: apacheSite('RedirectMatch 403 /\\.git\n'),
      tree: checkout,
      errors: [{ messageId: 'guarded', data: data(3, '/.git/, /.git/HEAD, /.git/config', APACHE), line: 8, column: 1, endLine: 8, endColumn: 25 }],
    },
  ],
});
