import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './index.js';
import { NGINX_SITE as config, NGINX_SERVER as server, ROOT_SPAN as root } from '../tests/site.js';

const tree = (entries: string): string => `
entries:
  - { path: /srv/www, type: dir, mode: '0755' }
  - { path: /srv/www/index.html, type: file, mode: '0644' }
  - { path: /srv/shared, type: dir, mode: '0755' }
  - { path: /srv/shared/logo.png, type: file, mode: '0644' }
${entries}`;

runRuleTests(rule, {
  valid: [
    { name: 'a link to a directory beside it', dialect: 'nginx', config, tree: tree("  - { path: /srv/www/assets, type: dir, mode: '0755' }\n  - { path: /srv/www/static, type: symlink, target: assets }\n") },
    { name: 'a relative link inside the tree', dialect: 'nginx', config, tree: tree("  - { path: /srv/www/home.html, type: symlink, target: index.html }\n") },
    { name: 'an absolute link inside the tree', dialect: 'nginx', config, tree: tree("  - { path: /srv/www/home.html, type: symlink, target: /srv/www/index.html }\n") },
    // Leaving the tree is fs/symlink-leaves-tree's (strict) concern, not a broken link.
    { name: 'a link out of the tree that resolves', dialect: 'nginx', config, tree: tree("  - { path: /srv/www/logo.png, type: symlink, target: ../shared/logo.png }\n") },
    {
      name: 'php artisan storage:link: public/storage -> storage/app/public, an absolute link out of the tree',
      dialect: 'nginx',
      config: config.replace('root /srv/www;', 'root /srv/app/public;'),
      tree: `
entries:
  - { path: /srv/app/public, type: dir, mode: '0755' }
  - { path: /srv/app/public/index.php, type: file, mode: '0644' }
  - { path: /srv/app/storage/app/public, type: dir, mode: '0775' }
  - { path: /srv/app/storage/app/public/avatar.png, type: file, mode: '0644' }
  - { path: /srv/app/public/storage, type: symlink, target: /srv/app/storage/app/public }
`,
    },
    {
      name: "a Debian package's layout: /usr/share/phpmyadmin/config.inc.php -> /etc/phpmyadmin/config.inc.php",
      dialect: 'nginx',
      config: config.replace('root /srv/www;', 'root /usr/share/phpmyadmin;'),
      tree: `
entries:
  - { path: /usr/share/phpmyadmin, type: dir, mode: '0755' }
  - { path: /usr/share/phpmyadmin/index.php, type: file, mode: '0644' }
  - { path: /etc/phpmyadmin, type: dir, mode: '0755' }
  - { path: /etc/phpmyadmin/config.inc.php, type: file, mode: '0640', group: www-data }
  - { path: /usr/share/phpmyadmin/config.inc.php, type: symlink, target: /etc/phpmyadmin/config.inc.php }
`,
    },
  ],
  invalid: [
    {
      // The walk has seen a-link when it reaches z-link: a link beside it is followed, not taken as resolving.
      name: 'a link to a dangling link beside it: both dangle',
      dialect: 'nginx',
      config,
      tree: tree("  - { path: /srv/www/a-link, type: symlink, target: gone.html }\n  - { path: /srv/www/z-link, type: symlink, target: a-link }\n  - { path: /srv/www/z-page, type: symlink, target: index.html }\n"),
      errors: [
        { messageId: 'dangling', data: { path: '/srv/www/a-link', target: '/srv/www/gone.html', server, url: '/a-link', answer: 'nginx answers 404 and logs "(2: No such file or directory)"' }, ...root, path: '/srv/www/a-link' },
        { messageId: 'dangling', data: { path: '/srv/www/z-link', target: '/srv/www/a-link', server, url: '/z-link', answer: 'nginx answers 404 and logs "(2: No such file or directory)"' }, ...root, path: '/srv/www/z-link' },
      ],
    },
    {
      name: 'a dangling link and a loop: two problems',
      dialect: 'nginx',
      config,
      tree: tree("  - { path: /srv/www/old.html, type: symlink, target: gone.html }\n  - { path: /srv/www/a, type: symlink, target: b }\n  - { path: /srv/www/b, type: symlink, target: a }\n"),
      errors: [
        { messageId: 'loop', data: { path: '/srv/www/a', target: '/srv/www/b', server, url: '/a', answer: 'nginx answers 403 and logs "(40: Too many levels of symbolic links)"' }, ...root, path: '/srv/www/a' },
        { messageId: 'loop', data: { path: '/srv/www/b', target: '/srv/www/a', server, url: '/b', answer: 'nginx answers 403 and logs "(40: Too many levels of symbolic links)"' }, ...root, path: '/srv/www/b' },
        { messageId: 'dangling', data: { path: '/srv/www/old.html', target: '/srv/www/gone.html', server, url: '/old.html', answer: 'nginx answers 404 and logs "(2: No such file or directory)"' }, ...root, path: '/srv/www/old.html' },
      ],
    },
  ],
});
