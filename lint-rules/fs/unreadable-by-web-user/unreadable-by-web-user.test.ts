import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './index.js';
import { NGINX_SITE as config, NGINX_SERVER as server, ROOT_SPAN as root } from '../tests/site.js';

const nginxLog = '"(13: Permission denied)"';
/** A PHP site: scripts go to PHP-FPM, other URLs fall back to the front controller. */
const phpSite = (fallback: string): string =>
  `user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        root /srv/www;\n        location / { try_files ${fallback}; }\n        location ~ \\.php$ { fastcgi_pass 127.0.0.1:9000; fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name; }\n    }\n}\n`;
const tree = (entries: string): string => `
entries:
  - { path: /srv/www, type: dir, mode: '0755' }
  - { path: /srv/www/index.html, type: file, mode: '0644' }
${entries}`;

runRuleTests(rule, {
  valid: [
    { name: 'world-readable files and searchable directories', dialect: 'nginx', config, tree: tree("  - { path: /srv/www/docs, type: dir, mode: '0711' }\n  - { path: /srv/www/docs/a.html, type: file, mode: '0604' }\n") },
    {
      name: 'readable through a supplementary group',
      dialect: 'nginx',
      config,
      tree: `
groups:
  - { name: www-data, gid: 33 }
  - { name: site, gid: 1500, members: [www-data] }
entries:
  - { path: /srv/www, type: dir, mode: '0755' }
  - { path: /srv/www/team.html, type: file, mode: '0640', owner: root, group: site }
`,
    },
    {
      // PHP-FPM opens the script as its pool user: nginx itself never reads it.
      name: 'a 0600 script nginx hands to PHP-FPM',
      dialect: 'nginx',
      config: phpSite('$uri $uri/ =404'),
      tree: tree("  - { path: /srv/www/report.php, type: file, mode: '0600' }\n"),
    },
    { name: 'the tree root itself is another rule\'s concern', dialect: 'nginx', config, tree: "entries:\n  - { path: /srv/www, type: dir, mode: '0700' }\n" },
  ],
  invalid: [
    {
      name: 'an unreadable file',
      dialect: 'nginx',
      config,
      tree: tree("  - { path: /srv/www/cart.html, type: file, mode: '0600', owner: 1000, group: 1000 }\n"),
      errors: [
        {
          messageId: 'denied',
          data: { component: '/srv/www/cart.html', owner: '0600 1000:1000', user: 'www-data', need: 'read', status: 403, server, url: '/cart.html', log: nginxLog },
          ...root,
          path: '/srv/www/cart.html',
        },
      ],
    },
    {
      name: 'an unsearchable directory is reported once, not once per file below it; and an owner-only file: two problems',
      dialect: 'nginx',
      config,
      tree: tree(
        "  - { path: /srv/www/reports, type: dir, mode: '0700', owner: 1000, group: 1000 }\n  - { path: /srv/www/reports/q1.html, type: file, mode: '0644' }\n  - { path: /srv/www/reports/q2.html, type: file, mode: '0644' }\n  - { path: /srv/www/mine.html, type: file, mode: '0066', owner: www-data }\n",
      ),
      errors: [
        { messageId: 'denied', data: { component: '/srv/www/mine.html', owner: '0066 www-data:root', user: 'www-data', need: 'read', status: 403, server, url: '/mine.html', log: nginxLog }, ...root, path: '/srv/www/mine.html' },
        { messageId: 'denied', data: { component: '/srv/www/reports', owner: '0700 1000:1000', user: 'www-data', need: 'search', status: 403, server, url: '/reports/', log: nginxLog }, ...root, path: '/srv/www/reports' },
      ],
    },
    {
      name: 'a closed directory try_files routes around: never served, a warning',
      dialect: 'nginx',
      config: phpSite('$uri /index.php'),
      tree: tree("  - { path: /srv/www/index.php, type: file, mode: '0644' }\n  - { path: /srv/www/media, type: dir, mode: '0700', owner: 1000, group: 1000 }\n  - { path: /srv/www/media/a.jpg, type: file, mode: '0644', owner: 1000, group: 1000 }\n"),
      errors: [
        {
          messageId: 'notServed',
          data: { component: '/srv/www/media', owner: '0700 1000:1000', user: 'www-data', need: 'search', status: 200, server, url: '/media/', instead: ' from /srv/www/index.php' },
          line: 6, column: 9, endLine: 6, endColumn: 23,
          path: '/srv/www/media',
          severity: 'warn',
        },
      ],
    },
    {
      name: 'Apache names its own log codes',
      dialect: 'apache',
      config: 'User www-data\nGroup www-data\n<VirtualHost *:80>\n    ServerName blog.example\n    DocumentRoot /srv/www\n</VirtualHost>\n',
      tree: tree("  - { path: /srv/www/draft.html, type: file, mode: '0640' }\n"),
      errors: [
        {
          messageId: 'denied',
          data: { component: '/srv/www/draft.html', owner: '0640 root:root', user: 'www-data', need: 'read', status: 403, server: 'server blog.example (listen *:80)', url: '/draft.html', log: 'AH00132 (file permissions deny server access)' },
          line: 5,
          column: 5, endLine: 5, endColumn: 26,
          path: '/srv/www/draft.html',
        },
      ],
    },
  ],
});
