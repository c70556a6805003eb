import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './index.js';

const config = (server: string): string => `user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        root /srv/www;\n${server}    }\n}\n`;
const server = 'the server listening on *:80';

/** A page linked from a shared data directory, and a directory of uploads owned by another user. */
const tree = `
users:
  - { name: root, uid: 0, gid: 0 }
  - { name: www-data, uid: 33, gid: 33 }
  - { name: deploy, uid: 1001, gid: 1001 }
groups:
  - { name: root, gid: 0 }
  - { name: www-data, gid: 33 }
  - { name: deploy, gid: 1001 }
entries:
  - { path: /srv/data/page.html, type: file, mode: '0644', owner: deploy }
  - { path: /srv/data/uploads, type: dir, mode: '0755' }
  - { path: /srv/data/uploads/index.html, type: file, mode: '0644' }
  - { path: /srv/www/index.html, type: file, mode: '0644' }
  - { path: /srv/www/page.html, type: symlink, target: ../data/page.html }
  - { path: /srv/www/uploads, type: symlink, target: /srv/data/uploads }
`;

runRuleTests(rule, {
  valid: [
    { name: 'symlinks are followed by default', dialect: 'nginx', config: config(''), tree },
    { name: 'disable_symlinks off', dialect: 'nginx', config: config('        disable_symlinks off;\n'), tree },
    { name: 'no symlinks under the root', dialect: 'nginx', config: config('        disable_symlinks on;\n'), tree: "entries:\n  - { path: /srv/www/index.html, type: file, mode: '0644' }\n" },
    {
      name: 'if_not_owner follows a link owned like its target',
      dialect: 'nginx',
      config: config('        disable_symlinks if_not_owner;\n'),
      tree: "entries:\n  - { path: /srv/data/uploads/index.html, type: file, mode: '0644' }\n  - { path: /srv/www/uploads, type: symlink, target: /srv/data/uploads }\n",
    },
    { name: 'the location where the links are does not check them', dialect: 'nginx', config: config('        location /admin/ { disable_symlinks on; }\n'), tree },
  ],
  invalid: [
    {
      name: 'disable_symlinks on refuses a linked file (403) and a linked directory (404): two problems',
      dialect: 'nginx',
      config: config('        disable_symlinks on;\n'),
      tree,
      errors: [
        { messageId: 'refused', data: { path: '/srv/www/page.html', detail: '', directive: 'disable_symlinks on', url: '/page.html', server }, line: 7, column: 9, endLine: 7, endColumn: 29, path: '/srv/www/page.html' },
        { messageId: 'refusedDirectory', data: { path: '/srv/www/uploads', detail: '', directive: 'disable_symlinks on', url: '/uploads/', server }, line: 7, column: 9, endLine: 7, endColumn: 29, path: '/srv/www/uploads' },
      ],
    },
    {
      name: 'if_not_owner refuses a link root owns to a file deploy owns',
      dialect: 'nginx',
      config: config('        location / { disable_symlinks if_not_owner from=$document_root; }\n'),
      tree,
      errors: [
        {
          messageId: 'refused',
          data: { path: '/srv/www/page.html', detail: ' owned by root to a target owned by deploy,', directive: 'disable_symlinks if_not_owner from=$document_root', url: '/page.html', server },
          line: 7,
          column: 22, endLine: 7, endColumn: 72,
          path: '/srv/www/page.html',
        },
      ],
    },
    {
      name: 'a symlink above the document root',
      dialect: 'nginx',
      config: 'user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        root /var/www/html;\n        disable_symlinks on;\n    }\n}\n',
      tree: "entries:\n  - { path: /srv/site/index.html, type: file, mode: '0644' }\n  - { path: /var/www, type: dir, mode: '0755' }\n  - { path: /var/www/html, type: symlink, target: /srv/site }\n",
      errors: [{ messageId: 'refusedDirectory', data: { path: '/var/www/html', detail: '', directive: 'disable_symlinks on', url: '/', server }, line: 7, column: 9, endLine: 7, endColumn: 29, path: '/var/www/html' }],
    },
  ],
});
