import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './index.js';
import { NGINX_SITE as config, NGINX_SERVER as server, ROOT_SPAN as root } from '../tests/site.js';

const tree = (entries: string): string => `
entries:
  - { path: /srv/www, type: dir, mode: '0755' }
  - { path: /srv/www/index.html, type: file, mode: '0644' }
  - { path: /srv/shared, type: dir, mode: '0755' }
  - { path: /srv/shared/logo.png, type: file, mode: '0644' }
  - { path: /srv/shared/font.woff, type: file, mode: '0644' }
${entries}`;

runRuleTests(rule, {
  valid: [
    { name: 'a relative link inside the tree', dialect: 'nginx', config, tree: tree("  - { path: /srv/www/home.html, type: symlink, target: index.html }\n") },
    { name: 'an absolute link inside the tree', dialect: 'nginx', config, tree: tree("  - { path: /srv/www/home.html, type: symlink, target: /srv/www/index.html }\n") },
    { name: 'a dangling link out of the tree is fs/broken-symlink\'s', dialect: 'nginx', config, tree: tree("  - { path: /srv/www/old.png, type: symlink, target: ../gone/old.png }\n") },
  ],
  invalid: [
    {
      name: 'two links out of the served tree: two problems',
      dialect: 'nginx',
      config,
      tree: tree("  - { path: /srv/www/logo.png, type: symlink, target: ../shared/logo.png }\n  - { path: /srv/www/font.woff, type: symlink, target: /srv/shared/font.woff }\n"),
      errors: [
        { messageId: 'escapes', data: { path: '/srv/www/font.woff', target: '/srv/shared/font.woff', root: '/srv/www', server, url: '/font.woff' }, ...root, path: '/srv/www/font.woff' },
        { messageId: 'escapes', data: { path: '/srv/www/logo.png', target: '/srv/shared/logo.png', root: '/srv/www', server, url: '/logo.png' }, ...root, path: '/srv/www/logo.png' },
      ],
    },
  ],
});
