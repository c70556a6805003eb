import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './index.js';
import { NGINX_SITE as config, ROOT_SPAN as root } from '../tests/site.js';

const tree = (entries: string): string => `
users:
  - { name: www-data, uid: 33, gid: 33 }
  - { name: deploy, uid: 1000, gid: 1000 }
groups:
  - { name: www-data, gid: 33 }
  - { name: deploy, gid: 1000 }
entries:
  - { path: /srv/www, type: dir, mode: '0755', owner: deploy, group: deploy }
  - { path: /srv/www/index.html, type: file, mode: '0644', owner: deploy, group: deploy }
  - { path: /srv/www/about.html, type: file, mode: '0644', owner: deploy, group: deploy }
${entries}`;

runRuleTests(rule, {
  valid: [{ name: 'one owner throughout', dialect: 'nginx', config, tree: tree("  - { path: /srv/www/faq.html, type: file, mode: '0644', owner: deploy, group: deploy }\n") }],
  invalid: [
    {
      name: 'a file copied in by root and one with another group: two problems',
      dialect: 'nginx',
      config,
      tree: tree("  - { path: /srv/www/hotfix.html, type: file, mode: '0600', owner: root, group: root }\n  - { path: /srv/www/team.html, type: file, mode: '0640', owner: deploy, group: www-data }\n"),
      errors: [
        { messageId: 'mismatch', data: { path: '/srv/www/hotfix.html', owner: '0600 root:root', root: '/srv/www', usual: 'deploy:deploy' }, ...root, path: '/srv/www/hotfix.html' },
        { messageId: 'mismatch', data: { path: '/srv/www/team.html', owner: '0640 deploy:www-data', root: '/srv/www', usual: 'deploy:deploy' }, ...root, path: '/srv/www/team.html' },
      ],
    },
  ],
});
