import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { INCLUDE_MODULES, MODULE_FILES } from '../../apache/tests/test-fixtures.js';
import rule from './index.js';

const nginx = (server: string): string => `user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        server_name example.com;\n        root /srv/www;\n${server}    }\n}\n`;
const apache = (body: string): string =>
  `${INCLUDE_MODULES}User www-data\nGroup www-data\nDocumentRoot /srv/www\n<Directory /srv/www>\n    Require all granted\n</Directory>\n${body}`;
const nginxServer = 'server example.com (listen *:80)';
const apacheServer = 'the server listening on *:80';

/** A deployed checkout: its repository, an environment file, a dump, editor leftovers. */
const site = `
entries:
  - { path: /srv/www/index.html, type: file, mode: '0644' }
  - { path: /srv/www/.git/HEAD, type: file, mode: '0644', content: "ref: refs/heads/main\\n" }
  - { path: /srv/www/.git/objects/ab/cdef, type: file, mode: '0444' }
  - { path: /srv/www/.env, type: file, mode: '0644', content: "DB_PASSWORD=x\\n" }
  - { path: /srv/www/backup/site.sql, type: file, mode: '0644' }
  - { path: /srv/www/app.php~, type: file, mode: '0644' }
`;
const keys = `
entries:
  - { path: /srv/www/index.html, type: file, mode: '0644' }
  - { path: /srv/www/certs/site.pem, type: file, mode: '0644', content: "-----BEGIN CERTIFICATE-----\\n" }
  - { path: /srv/www/certs/site-key.pem, type: file, mode: '0644', content: "-----BEGIN PRIVATE KEY-----\\n" }
  - { path: /srv/www/notes.log, type: file, mode: '0644' }
`;
const guard = '        location ~ /\\. { deny all; }\n        location ~* \\.(sql|php~)$ { return 404; }\n';

runRuleTests(rule, {
  valid: [
    { name: 'nginx: nothing sensitive under the root', dialect: 'nginx', config: nginx(''), tree: "entries:\n  - { path: /srv/www/index.html, type: file, mode: '0644' }\n" },
    { name: 'nginx: hidden files denied, dumps and backups answered 404', dialect: 'nginx', config: nginx(guard), tree: site },
    { name: 'nginx: a file the web user cannot read is not served', dialect: 'nginx', config: nginx(''), tree: "entries:\n  - { path: /srv/www/.env, type: file, mode: '0600' }\n" },
    { name: 'nginx: a certificate is not a private key', dialect: 'nginx', config: nginx(''), tree: "entries:\n  - { path: /srv/www/site.pem, type: file, mode: '0644', content: \"-----BEGIN CERTIFICATE-----\\n\" }\n" },
    {
      name: 'apache: FilesMatch and DirectoryMatch deny them',
      dialect: 'apache',
      config: apache('<FilesMatch "^\\.|\\.sql$|~$">\n    Require all denied\n</FilesMatch>\n<DirectoryMatch "/\\.git">\n    Require all denied\n</DirectoryMatch>\n'),
      files: MODULE_FILES,
      tree: site,
    },
  ],
  invalid: [
    {
      name: 'nginx: a repository, an environment file, a dump and an editor backup: four problems',
      dialect: 'nginx',
      config: nginx(''),
      tree: site,
      errors: [
        { messageId: 'exposed', data: { url: '/.env', server: nginxServer, path: '/srv/www/.env', kind: 'an environment file with credentials' }, line: 7, column: 9, endLine: 7, endColumn: 23, path: '/srv/www/.env' },
        {
          messageId: 'exposed',
          data: { url: '/.git/HEAD', server: nginxServer, path: '/srv/www/.git', kind: 'a Git repository, from which the whole source history can be downloaded' },
          line: 7,
          column: 9, endLine: 7, endColumn: 23,
          path: '/srv/www/.git',
        },
        { messageId: 'exposed', data: { url: '/app.php~', server: nginxServer, path: '/srv/www/app.php~', kind: 'an editor backup copy' }, line: 7, column: 9, endLine: 7, endColumn: 23, path: '/srv/www/app.php~' },
        { messageId: 'exposed', data: { url: '/backup/site.sql', server: nginxServer, path: '/srv/www/backup/site.sql', kind: 'a database dump' }, line: 7, column: 9, endLine: 7, endColumn: 23, path: '/srv/www/backup/site.sql' },
      ],
    },
    {
      name: 'nginx: a private key by its content, and a log through extraPatterns',
      dialect: 'nginx',
      config: nginx(''),
      tree: keys,
      options: { extraPatterns: ['*.log'] },
      errors: [
        { messageId: 'exposed', data: { url: '/certs/site-key.pem', server: nginxServer, path: '/srv/www/certs/site-key.pem', kind: 'a private key' }, line: 7, column: 9, endLine: 7, endColumn: 23, path: '/srv/www/certs/site-key.pem' },
        { messageId: 'exposed', data: { url: '/notes.log', server: nginxServer, path: '/srv/www/notes.log', kind: 'a file the extraPatterns option lists' }, line: 7, column: 9, endLine: 7, endColumn: 23, path: '/srv/www/notes.log' },
      ],
    },
    {
      name: 'nginx: a guard in one location does not cover an alias elsewhere',
      dialect: 'nginx',
      config: nginx('        location ~ /\\.git { deny all; }\n        location ^~ /dl/ { alias /srv/files/; }\n'),
      tree: "entries:\n  - { path: /srv/www/index.html, type: file, mode: '0644' }\n  - { path: /srv/files/.git/config, type: file, mode: '0644' }\n",
      errors: [
        {
          messageId: 'exposed',
          data: { url: '/dl/.git/config', server: nginxServer, path: '/srv/files/.git', kind: 'a Git repository, from which the whole source history can be downloaded' },
          line: 9,
          column: 28, endLine: 9, endColumn: 46,
          path: '/srv/files/.git',
        },
      ],
    },
    {
      name: 'apache: only the stock .ht guard',
      dialect: 'apache',
      config: apache('<FilesMatch "^\\.ht">\n    Require all denied\n</FilesMatch>\n'),
      files: MODULE_FILES,
      tree: `${site}  - { path: /srv/www/.htpasswd, type: file, mode: '0644' }\n`,
      errors: [
        { messageId: 'exposed', data: { url: '/.env', server: apacheServer, path: '/srv/www/.env', kind: 'an environment file with credentials' }, line: 4, column: 1, endLine: 4, endColumn: 22, path: '/srv/www/.env' },
        { messageId: 'exposed', data: { url: '/.git/HEAD', server: apacheServer, path: '/srv/www/.git', kind: 'a Git repository, from which the whole source history can be downloaded' }, line: 4, column: 1, endLine: 4, endColumn: 22, path: '/srv/www/.git' },
        { messageId: 'exposed', data: { url: '/app.php~', server: apacheServer, path: '/srv/www/app.php~', kind: 'an editor backup copy' }, line: 4, column: 1, endLine: 4, endColumn: 22, path: '/srv/www/app.php~' },
        { messageId: 'exposed', data: { url: '/backup/site.sql', server: apacheServer, path: '/srv/www/backup/site.sql', kind: 'a database dump' }, line: 4, column: 1, endLine: 4, endColumn: 22, path: '/srv/www/backup/site.sql' },
      ],
    },
    {
      name: 'apache: the vhost that answers is named, not the main server it hides',
      dialect: 'apache',
      config: apache('<VirtualHost *:80>\n    ServerName www.example.com\n    DocumentRoot /srv/www\n</VirtualHost>\n'),
      files: MODULE_FILES,
      tree: "entries:\n  - { path: /srv/www/.env, type: file, mode: '0644' }\n",
      errors: [
        {
          messageId: 'exposed',
          data: { url: '/.env', server: 'server www.example.com (listen *:80)', path: '/srv/www/.env', kind: 'an environment file with credentials' },
          line: 10,
          column: 5, endLine: 10, endColumn: 26,
          path: '/srv/www/.env',
        },
      ],
    },
  ],
});
