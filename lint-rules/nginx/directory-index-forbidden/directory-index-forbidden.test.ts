import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './index.js';

const config = (server: string): string => `user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        root /srv/www;\n${server}    }\n}\n`;
const server = 'the server listening on *:80';
const message = (url: string, path: string, index = 'index.html'): Record<string, string> => ({ url, server, path, index });

const withIndex = `
entries:
  - { path: /srv/www/index.html, type: file, mode: '0644' }
  - { path: /srv/www/assets, type: dir, mode: '0755' }
  - { path: /srv/www/assets/index.html, type: file, mode: '0644' }
`;
/** Two asset directories nobody requests by their own URL, and a home page. */
const withAssets = `
entries:
  - { path: /srv/www/index.html, type: file, mode: '0644' }
  - { path: /srv/www/css, type: dir, mode: '0755' }
  - { path: /srv/www/css/site.css, type: file, mode: '0644' }
  - { path: /srv/www/img, type: dir, mode: '0755' }
  - { path: /srv/www/img/logo.png, type: file, mode: '0644' }
`;
const homeOnly = `
entries:
  - { path: /srv/www/home.html, type: file, mode: '0644' }
`;
const below = (urls: string, count: number, index = 'index.html'): Record<string, string | number> => ({ count, directories: count === 1 ? 'directory' : 'directories', hold: count === 1 ? 'holds' : 'hold', server, index, urls });
const withoutIndex = `
entries:
  - { path: /srv/www/home.html, type: file, mode: '0644' }
  - { path: /srv/www/docs, type: dir, mode: '0755' }
  - { path: /srv/www/docs/index.html, type: file, mode: '0644' }
  - { path: /srv/www/assets, type: dir, mode: '0755' }
`;

runRuleTests(rule, {
  valid: [
    { name: 'the root and its subdirectory have index.html', dialect: 'nginx', config: config(''), tree: withIndex },
    { name: 'the index list names the file that is there', dialect: 'nginx', config: config('        index home.html;\n'), tree: homeOnly },
    { name: 'autoindex lists the directory', dialect: 'nginx', config: config('        autoindex on;\n'), tree: withoutIndex },
    { name: 'try_files without $uri/ never reaches the index module', dialect: 'nginx', config: config('        location / { try_files $uri /home.html; }\n'), tree: withoutIndex },
    { name: 'asset directories behind a try_files without $uri/', dialect: 'nginx', config: config('        location / { try_files $uri =404; }\n'), tree: withAssets },
  ],
  invalid: [
    {
      name: 'a location that inherits the server root maps to a directory without an index',
      dialect: 'nginx',
      config: config('        index home.html;\n        location / { }\n        location /assets/ { }\n'),
      tree: withoutIndex,
      errors: [
        { messageId: 'noIndex', data: message('/assets/', '/srv/www/assets', 'home.html'), line: 6, column: 9, endLine: 6, endColumn: 23, path: '/srv/www/assets' },
        { messageId: 'noIndexBelow', data: below('/docs/', 1, 'home.html'), line: 6, column: 9, endLine: 6, endColumn: 23, severity: 'warn' },
      ],
    },
    {
      name: 'asset directories below the root: one warning at the root for both',
      dialect: 'nginx',
      config: config('        location / { try_files $uri $uri/ =404; }\n'),
      tree: withAssets,
      errors: [{ messageId: 'noIndexBelow', data: below('/css/, /img/', 2), line: 6, column: 9, endLine: 6, endColumn: 23, severity: 'warn' }],
    },
    {
      // Mass virtual hosting: /docs/ of a.test and /docs/ of b.test are two directories, each named with its host.
      name: 'directories below a root built from the Host are named with their host',
      dialect: 'nginx',
      config: config('        location / { try_files $uri $uri/ =404; }\n').replace('root /srv/www;', 'root /srv/vhosts/$host;'),
      tree: `
entries:
  - { path: /srv/vhosts/a.test/index.html, type: file, mode: '0644' }
  - { path: /srv/vhosts/a.test/docs, type: dir, mode: '0755' }
  - { path: /srv/vhosts/b.test/index.html, type: file, mode: '0644' }
  - { path: /srv/vhosts/b.test/docs, type: dir, mode: '0755' }
`,
      errors: [{ messageId: 'noIndexBelow', data: below('a.test/docs/, b.test/docs/', 2), line: 6, column: 9, endLine: 6, endColumn: 32, severity: 'warn' }],
    },
    {
      name: 'a hidden directory below the root is left out of the roll-up: the exposure rules speak for it',
      dialect: 'nginx',
      config: config('        location / { try_files $uri $uri/ =404; }\n'),
      tree: `${withAssets}  - { path: /srv/www/.git, type: dir, mode: '0755' }\n  - { path: /srv/www/.git/HEAD, type: file, mode: '0644' }\n`,
      errors: [{ messageId: 'noIndexBelow', data: below('/css/, /img/', 2), line: 6, column: 9, endLine: 6, endColumn: 23, severity: 'warn' }],
    },
    {
      name: 'try_files ending on $uri/ hands the directory to the index module',
      dialect: 'nginx',
      config: config('        location / { try_files $uri $uri/ =404; }\n'),
      tree: withoutIndex,
      errors: [
        { messageId: 'noIndex', data: message('/', '/srv/www'), line: 6, column: 9, endLine: 6, endColumn: 23, path: '/srv/www' },
        { messageId: 'noIndexBelow', data: below('/assets/', 1), line: 6, column: 9, endLine: 6, endColumn: 23, severity: 'warn' },
      ],
    },
    {
      name: 'the document root has none of the index files',
      dialect: 'nginx',
      config: config(''),
      tree: withoutIndex,
      errors: [
        { messageId: 'noIndex', data: message('/', '/srv/www'), line: 6, column: 9, endLine: 6, endColumn: 23, path: '/srv/www' },
        { messageId: 'noIndexBelow', data: below('/assets/', 1), line: 6, column: 9, endLine: 6, endColumn: 23, severity: 'warn' },
      ],
    },
    {
      name: 'with subdirectories: the root and an asset directory, two problems',
      dialect: 'nginx',
      config: config(''),
      tree: withoutIndex,
      options: { subdirectories: true },
      errors: [
        { messageId: 'noIndex', data: message('/', '/srv/www'), line: 6, column: 9, endLine: 6, endColumn: 23, path: '/srv/www' },
        { messageId: 'noIndex', data: message('/assets/', '/srv/www/assets'), line: 6, column: 9, endLine: 6, endColumn: 23, path: '/srv/www/assets' },
      ],
    },
    {
      name: 'an alias directory without its location index',
      dialect: 'nginx',
      config: config('        location /files/ {\n            alias /srv/files/;\n            index start.html;\n        }\n'),
      tree: `${withIndex}  - { path: /srv/files/readme.txt, type: file, mode: '0644' }\n`,
      errors: [{ messageId: 'noIndex', data: message('/files/', '/srv/files', 'start.html'), line: 8, column: 13, endLine: 8, endColumn: 31, path: '/srv/files' }],
    },
  ],
});
