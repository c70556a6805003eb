import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { MODULE_FILES, MODULES_CONF } from '../../apache/tests/test-fixtures.js';
import { apacheSite, nginxSite, SHOP, treeWith } from '../tests/sites.js';
import rule from './index.js';

const tree = treeWith('panel', 'panel');
/** mod_proxy and mod_proxy_http beside the modules every case loads, as a reverse-proxy site enables them. */
const PROXY_MODULES = { [MODULES_CONF]: `${MODULE_FILES[MODULES_CONF] ?? ''}LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so\nLoadModule proxy_http_module /usr/lib/apache2/modules/mod_proxy_http.so\n` };

runRuleTests(rule, {
  valid: [
    { name: 'nginx: a deny that decides its location', dialect: 'nginx', config: nginxSite('        location /panel/ { deny all; }\n'), tree },
    { name: 'nginx: an allowlist ending in deny all', dialect: 'nginx', config: nginxSite('        location /panel/ {\n            allow 10.0.0.0/8;\n            deny all;\n        }\n'), tree },
    { name: 'nginx: a ^~ prefix wins over the regex', dialect: 'nginx', config: nginxSite('        location ~ ^/panel { }\n        location ^~ /panel/ { deny all; }\n'), tree },
    { name: 'nginx: a plain prefix location does not stop the regex that denies', dialect: 'nginx', config: nginxSite('        location /static/ { }\n        location ~ \\.php$ { deny all; }\n'), tree },
    {
      // The error page answers, but the deny decided: nothing got past it.
      name: 'nginx: a deny whose 403 an error_page turns into a page',
      dialect: 'nginx',
      config: nginxSite('        error_page 403 /oops.html;\n        location = /oops.html { return 200 "sorry"; }\n        location /panel/ { deny all; }\n'),
      tree,
    },
    { name: 'apache: a denied directory', dialect: 'apache', files: MODULE_FILES, config: apacheSite('<Directory /srv/www/panel>\n    Require all denied\n</Directory>\n'), tree },
    {
      // Debian's stock guard on a reverse-proxy site (Zammad, NetBox): mod_proxy takes /.htaccess
      // before the file walk, so the guard is not bypassed; nothing on disk is served.
      name: 'apache: a <FilesMatch> guard on a site that ProxyPasses everything to a back end',
      dialect: 'apache',
      files: PROXY_MODULES,
      config: apacheSite('<FilesMatch "^\\.ht">\n    Require all denied\n</FilesMatch>\nProxyPass / http://127.0.0.1:8001/\n'),
      tree: `${tree}  - { path: /srv/www/.htaccess, type: file, mode: '0644', content: "Options -Indexes\\n" }\n`,
    },
  ],
  invalid: [
    {
      name: 'nginx: a regex location answers before the prefix location that denies',
      dialect: 'nginx',
      config: nginxSite('        location ~ ^/panel { }\n        location /panel/ { deny all; }\n'),
      tree,
      errors: [
        {
          messageId: 'neverApplies',
          data: { server: SHOP, status: 200, urls: '/panel/', reason: 'location ~ ^/panel matches /panel/ at line 8, so the request never reaches this block' },
          line: 9,
          column: 28,
          endLine: 9,
          endColumn: 37,
        },
      ],
    },
    {
      name: 'nginx: a return answers before the access phase',
      dialect: 'nginx',
      config: nginxSite('        location /panel/ {\n            deny all;\n            return 200 "ok";\n        }\n'),
      tree,
      errors: [{ messageId: 'neverApplies', data: { server: SHOP, status: 200, urls: '/panel/', reason: 'return 200 ok at /etc/nginx/nginx.conf:10' }, line: 9, column: 13, endLine: 9, endColumn: 22 }],
    },
    {
      name: 'nginx: a ^~ location answers what the regex deny is written for',
      dialect: 'nginx',
      config: nginxSite('        location ^~ /static/ { }\n        location ~ \\.php$ { deny all; }\n'),
      tree,
      errors: [
        {
          messageId: 'slipsPast',
          data: { server: SHOP, status: 404, path: '/index.php', variant: '/static/index.php', reason: 'location ^~ /static/ matches /static/index.php at line 8, so the request never reaches this block' },
          line: 9,
          column: 29,
          endLine: 9,
          endColumn: 38,
        },
      ],
    },
    {
      // Drupal's idiom: nginx answers 404 before the access phase, so the deny is dead but nothing is served.
      name: 'nginx: a return 404 before the deny: a warning',
      dialect: 'nginx',
      config: nginxSite('        location /panel/ {\n            deny all;\n            return 404;\n        }\n'),
      tree,
      errors: [{ messageId: 'neverApplies', data: { server: SHOP, status: 404, urls: '/panel/', reason: 'return 404 at /etc/nginx/nginx.conf:10' }, line: 9, column: 13, endLine: 9, endColumn: 22, severity: 'warn' }],
    },
    {
      name: 'apache: a later Location grants what a Directory denies',
      dialect: 'apache',
      files: MODULE_FILES,
      config: apacheSite('<Directory /srv/www/panel>\n    Require all denied\n</Directory>\n<Location /panel>\n    Require all granted\n</Location>\n'),
      tree,
      errors: [{ messageId: 'neverApplies', data: { server: 'the server listening on *:80', status: 200, urls: '/panel/', reason: 'Require granted at /etc/apache2/apache2.conf:12' }, line: 9, column: 5, endLine: 9, endColumn: 23 }],
    },
  ],
});
