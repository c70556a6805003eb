import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './index.js';
import { NGINX_SITE as config, NGINX_SERVER as server, ROOT_SPAN as root } from '../tests/site.js';

const tree = (entries: string): string => `
entries:
  - { path: /srv/www, type: dir, mode: '0755' }
  - { path: /srv/www/index.html, type: file, mode: '0644' }
${entries}`;

runRuleTests(rule, {
  valid: [
    { name: 'the usual 0755/0644 tree', dialect: 'nginx', config, tree: tree('') },
    { name: 'group-writable is not world-writable', dialect: 'nginx', config, tree: tree("  - { path: /srv/www/shared, type: dir, mode: '0775' }\n") },
    { name: "a symlink's own 0777 means nothing", dialect: 'nginx', config, tree: tree("  - { path: /srv/www/latest, type: symlink, target: index.html }\n") },
    { name: 'outside the served tree', dialect: 'nginx', config, tree: tree("  - { path: /srv/tmp, type: dir, mode: '0777' }\n") },
  ],
  invalid: [
    {
      name: 'a 0777 directory and a 0666 file: two problems',
      dialect: 'nginx',
      config,
      tree: tree("  - { path: /srv/www/uploads, type: dir, mode: '0777', owner: www-data, group: www-data }\n  - { path: /srv/www/uploads/a.png, type: file, mode: '0666' }\n"),
      errors: [
        { messageId: 'writable', data: { path: '/srv/www/uploads', owner: '0777 www-data:www-data', server, url: '/uploads' }, ...root, path: '/srv/www/uploads' },
        { messageId: 'writable', data: { path: '/srv/www/uploads/a.png', owner: '0666 root:root', server, url: '/uploads/a.png' }, ...root, path: '/srv/www/uploads/a.png' },
      ],
    },
    {
      name: 'a sticky world-writable directory gets the softer message',
      dialect: 'nginx',
      config,
      tree: tree("  - { path: /srv/www/cache, type: dir, mode: '1777' }\n"),
      errors: [{ messageId: 'stickyDirectory', data: { path: '/srv/www/cache', owner: '1777 root:root', server, url: '/cache' }, ...root, path: '/srv/www/cache' }],
    },
    {
      name: 'Apache: anchored at the DocumentRoot',
      dialect: 'apache',
      config: 'User www-data\nGroup www-data\n<VirtualHost *:80>\n    ServerName blog.example\n    DocumentRoot /srv/www\n</VirtualHost>\n',
      tree: tree("  - { path: /srv/www/feed.xml, type: file, mode: '0646' }\n"),
      errors: [{ messageId: 'writable', data: { path: '/srv/www/feed.xml', owner: '0646 root:root', server: 'server blog.example (listen *:80)', url: '/feed.xml' }, line: 5, column: 5, endLine: 5, endColumn: 26, path: '/srv/www/feed.xml' }],
    },
  ],
});
