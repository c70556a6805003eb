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
    { name: 'a relative link inside the tree', dialect: 'nginx', config, tree: tree("  - { path: /srv/www/home.html, type: symlink, target: index.html }\n") },
    { name: 'an absolute link inside the tree', dialect: 'nginx', config, tree: tree("  - { path: /srv/www/home.html, type: symlink, target: /srv/www/index.html }\n") },
  ],
  invalid: [
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
    {
      name: 'a link out of the served tree',
      dialect: 'nginx',
      config,
      tree: tree("  - { path: /srv/www/logo.png, type: symlink, target: ../shared/logo.png }\n"),
      errors: [{ messageId: 'escapes', data: { path: '/srv/www/logo.png', target: '/srv/shared/logo.png', root: '/srv/www', server, url: '/logo.png' }, ...root, path: '/srv/www/logo.png' }],
    },
  ],
});
