import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './index.js';
import { NGINX_SITE as config, NGINX_SERVER as server, ROOT_SPAN as root } from '../tests/site.js';

const tree = (entries: string): string => `
groups:
  - { name: www-data, gid: 33 }
  - { name: deploy, gid: 1000, members: [www-data] }
entries:
  - { path: /srv/www, type: dir, mode: '0755' }
  - { path: /srv/www/index.html, type: file, mode: '0644' }
${entries}`;

runRuleTests(rule, {
  valid: [
    { name: 'content owned by root, read-only to the web user', dialect: 'nginx', config, tree: tree('') },
    { name: 'a group the web user holds, without write', dialect: 'nginx', config, tree: tree("  - { path: /srv/www/app.js, type: file, mode: '0640', owner: root, group: deploy }\n") },
    {
      name: 'an upload directory the options allow',
      dialect: 'nginx',
      config,
      options: { allow: ['/srv/www/uploads', '/srv/www/uploads/**'] },
      tree: tree("  - { path: /srv/www/uploads, type: dir, mode: '0755', owner: www-data, group: www-data }\n  - { path: /srv/www/uploads/a.png, type: file, mode: '0644', owner: www-data }\n"),
    },
    {
      name: 'directories applications write by design, and what is in them',
      dialect: 'nginx',
      config,
      tree: tree(
        "  - { path: /srv/www/wp-content, type: dir, mode: '0755' }\n  - { path: /srv/www/wp-content/uploads, type: dir, mode: '0755', owner: www-data, group: www-data }\n  - { path: /srv/www/wp-content/uploads/a.png, type: file, mode: '0644', owner: www-data }\n  - { path: /srv/www/storage, type: dir, mode: '0775', group: www-data }\n  - { path: /srv/www/storage/logs, type: dir, mode: '0775', owner: www-data }\n",
      ),
    },
  ],
  invalid: [
    {
      name: 'applicationDirs: [] reports them too; a name only matches a whole segment',
      dialect: 'nginx',
      config,
      options: { applicationDirs: ['cache'] },
      tree: tree(
        "  - { path: /srv/www/uploads, type: dir, mode: '0755', owner: www-data, group: www-data }\n  - { path: /srv/www/cache, type: dir, mode: '0755', owner: www-data, group: www-data }\n  - { path: /srv/www/cached, type: dir, mode: '0755', owner: www-data, group: www-data }\n",
      ),
      errors: [
        { messageId: 'ownedByWebUser', data: { path: '/srv/www/cached', owner: '0755 www-data:www-data', user: 'www-data', server, url: '/cached' }, ...root, path: '/srv/www/cached' },
        { messageId: 'ownedByWebUser', data: { path: '/srv/www/uploads', owner: '0755 www-data:www-data', user: 'www-data', server, url: '/uploads' }, ...root, path: '/srv/www/uploads' },
      ],
    },
    {
      name: 'a directory the web user owns hides what is below it; a group-writable file elsewhere: two problems',
      dialect: 'nginx',
      config,
      tree: tree(
        "  - { path: /srv/www/assets, type: dir, mode: '0755', owner: www-data, group: www-data }\n  - { path: /srv/www/assets/app.css, type: file, mode: '0644', owner: www-data }\n  - { path: /srv/www/team.html, type: file, mode: '0664', owner: root, group: deploy }\n",
      ),
      errors: [
        { messageId: 'ownedByWebUser', data: { path: '/srv/www/assets', owner: '0755 www-data:www-data', user: 'www-data', server, url: '/assets' }, ...root, path: '/srv/www/assets' },
        { messageId: 'writableByWebUser', data: { path: '/srv/www/team.html', owner: '0664 root:deploy', user: 'www-data', server, url: '/team.html' }, ...root, path: '/srv/www/team.html' },
      ],
    },
  ],
});
