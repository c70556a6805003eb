import { describe, expect, it } from 'vitest';
import { lintCase, runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './index.js';

const config = (server: string): string => `user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n${server}    }\n}\n`;
const server = 'the server listening on *:80';

/** /srv/www is the site; the modes of its parts change per case. */
const tree = (srv: string, www: string, index: string): string => `
entries:
  - { path: /srv, type: dir, mode: '${srv}' }
  - { path: /srv/www, type: dir, mode: '${www}', owner: root, group: root }
  - { path: /srv/www/index.html, type: file, mode: '${index}', owner: root, group: root, content: "hi\\n" }
  - { path: /srv/www/app, type: dir, mode: '0755' }
`;

runRuleTests(rule, {
  valid: [
    { name: 'a world-readable tree', dialect: 'nginx', config: config('        root /srv/www;\n'), tree: tree('0755', '0755', '0644') },
    {
      name: 'a group the web user is in',
      dialect: 'nginx',
      config: config('        root /srv/www;\n'),
      tree: `
groups:
  - { name: www-data, gid: 33 }
  - { name: site, gid: 1500, members: [www-data] }
entries:
  - { path: /srv/www, type: dir, mode: '0750', owner: root, group: site }
  - { path: /srv/www/index.html, type: file, mode: '0640', owner: root, group: site }
`,
    },
    {
      name: 'a proxied site never opens its inherited root',
      dialect: 'nginx',
      config: config('        location / { proxy_pass http://127.0.0.1:8080; }\n        location = /down { return 503; }\n'),
      tree: tree('0755', '0700', '0644'),
    },
    { name: 'a root naming a regular file is a 404 in nginx, not a 403', dialect: 'nginx', config: config('        root /srv/www/index.html;\n'), tree: tree('0755', '0755', '0644') },
    { name: 'a missing root is a 404, not this rule', dialect: 'nginx', config: config('        root /srv/nowhere;\n'), tree: tree('0755', '0755', '0644') },
    { name: 'an unreadable index file later in the list is never opened', dialect: 'nginx', config: config('        root /srv/www;\n        index index.html secret.html;\n'), tree: tree('0755', '0755', '0644') + "  - { path: /srv/www/secret.html, type: file, mode: '0600' }\n" },
  ],
  invalid: [
    {
      name: 'the document root is not searchable',
      dialect: 'nginx',
      config: config('        root /srv/www;\n'),
      tree: tree('0755', '0750', '0644'),
      errors: [
        {
          messageId: 'directoryDenied',
          data: { component: '/srv/www', owner: '0750 root:root', user: 'www-data', need: 'search', url: '/', server },
          line: 6,
          column: 9,
          endLine: 6,
          endColumn: 23,
          path: '/srv/www',
        },
      ],
    },
    {
      name: 'a parent directory blocks the way',
      dialect: 'nginx',
      config: config('        root /srv/www;\n'),
      tree: tree('0700', '0755', '0644'),
      errors: [{ messageId: 'directoryDenied', data: { component: '/srv', owner: '0700 root:root', user: 'www-data', need: 'search', url: '/', server }, line: 6, column: 9, endLine: 6, endColumn: 23, path: '/srv' }],
    },
    {
      name: 'an alias the web user cannot enter, and an unreadable index file left to fs/unreadable-by-web-user',
      dialect: 'nginx',
      config: config('        root /srv/www;\n        index index.html;\n        location /private/ { alias /home/alice/site/; }\n'),
      tree: `${tree('0755', '0755', '0600')}  - { path: /home/alice, type: dir, mode: '0700', owner: 1000, group: 1000 }\n  - { path: /home/alice/site, type: dir, mode: '0755', owner: 1000, group: 1000 }\n`,
      errors: [
        { messageId: 'directoryDenied', data: { component: '/home/alice', owner: '0700 1000:1000', user: 'www-data', need: 'search', url: '/private/', server }, line: 8, column: 30, endLine: 8, endColumn: 54, path: '/home/alice' },
      ],
    },
    {
      name: 'the --web-user override decides who is checked',
      dialect: 'nginx',
      config: config('        root /srv/www;\n'),
      settings: { webUser: { user: 'nobody' } },
      tree: `
entries:
  - { path: /srv/www, type: dir, mode: '0750', owner: root, group: www-data }
  - { path: /srv/www/index.html, type: file, mode: '0644' }
`,
      errors: [{ messageId: 'directoryDenied', data: { component: '/srv/www', owner: '0750 root:www-data', user: 'nobody', need: 'search', url: '/', server }, line: 6, column: 9, endLine: 6, endColumn: 23, path: '/srv/www' }],
    },
  ],
});

describe('nginx/root-unreachable suggestions', () => {
  it.each([
    ['the other class lacks search', tree('0755', '0750', '0644'), 'chmod o+x /srv/www'],
    ['the owning group lacks search', "entries:\n  - { path: /srv/www, type: dir, mode: '0705', owner: root, group: www-data }\n", 'chmod g+x /srv/www'],
  ])('%s', async (_name, caseTree, command) => {
    const findings = await lintCase(rule, { dialect: 'nginx', config: config('        root /srv/www;\n'), tree: caseTree });
    expect(findings.map((f) => f.suggestions?.map((s) => s.command))).toEqual([[command]]);
  });
});
