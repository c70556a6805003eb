import { describeAgainstHttpd } from '../../apache/tests/real-apache.js';
import { MODULE_FILES } from '../../apache/tests/test-fixtures.js';
import { describeAgainstNginx } from '../../nginx/tests/real-nginx.js';
import { apacheSite } from '../tests/sites.js';
import rule from './index.js';

const config = (server: string): string => `user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        root /srv/www;\n${server}    }\n}\n`;
const tree = 'entries: []';

describeAgainstNginx(rule, [
  { name: 'stub_status answers every client', case: { dialect: 'nginx', config: config('        location = /nginx_status { stub_status; }\n'), tree }, port: 22010, path: '/nginx_status', status: 200, cause: null, findings: 1 },
  {
    name: 'restricted to another address, it refuses this one',
    case: { dialect: 'nginx', config: config('        location = /nginx_status {\n            stub_status;\n            allow 10.0.0.1;\n            deny all;\n        }\n'), tree },
    port: 22011,
    path: '/nginx_status',
    status: 403,
    cause: 'forbidden-by-rule',
    findings: 0,
  },
]);

/** mod_status and mod_info on top of the harness's modules, loaded the same way for forbidlint and httpd. */
const STATUS_MODULES = 'LoadModule status_module /usr/lib/apache2/modules/mod_status.so\nLoadModule info_module /usr/lib/apache2/modules/mod_info.so\n';
const apache = (body: string): string => apacheSite(STATUS_MODULES + body);
const site = `
entries:
  - { path: /srv/www/index.html, type: file, mode: '0644', content: "home\\n" }
`;

// The requests come from 127.0.0.1: an open page answers it as it answers 203.0.113.10, and a
// page restricted to another address refuses it as it refuses every client the config does not name.
describeAgainstHttpd(rule, [
  {
    name: 'server-status with no Require of its own: the document root grant lets everyone read it',
    case: { dialect: 'apache', files: MODULE_FILES, config: apache('<Location /server-status>\n    SetHandler server-status\n</Location>\n'), tree: site },
    port: 23900,
    path: '/server-status',
    status: 200,
    cause: null,
    findings: 1,
  },
  {
    name: 'server-info with no Require of its own',
    case: { dialect: 'apache', files: MODULE_FILES, config: apache('<Location /server-info>\n    SetHandler server-info\n</Location>\n'), tree: site },
    port: 23901,
    path: '/server-info',
    status: 200,
    cause: null,
    findings: 1,
  },
  {
    name: 'server-status restricted to the monitoring host refuses everyone else',
    case: { dialect: 'apache', files: MODULE_FILES, config: apache('<Location /server-status>\n    SetHandler server-status\n    Require ip 10.0.0.1\n</Location>\n'), tree: site },
    port: 23902,
    path: '/server-status',
    status: 403,
    cause: 'AH01630',
    findings: 0,
  },
  {
    name: 'a later Location granting all overrides the restriction',
    case: {
      dialect: 'apache',
      files: MODULE_FILES,
      config: apache('<Location /server-status>\n    SetHandler server-status\n    Require ip 10.0.0.1\n</Location>\n<Location />\n    Require all granted\n</Location>\n'),
      tree: site,
    },
    port: 23903,
    path: '/server-status',
    status: 200,
    cause: null,
    findings: 1,
  },
]);
