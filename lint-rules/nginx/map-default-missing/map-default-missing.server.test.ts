import { describeAgainstNginx } from '../tests/real-nginx.js';
import rule from './index.js';

const config = (maps: string, gate: string): string =>
  `user www-data;\nevents {}\nhttp {\n${maps}    server {\n        listen 80;\n        root /srv/www;\n        location / {\n${gate}        }\n    }\n}\n`;
const tree = `
entries:
  - { path: /srv/www/index.html, type: file, mode: '0644', content: "home\\n" }
`;

// The harness asks from 127.0.0.1, which no block below lists: it gets the missing default.
describeAgainstNginx(rule, [
  {
    name: 'geo without default tested against 0: an unlisted client gets "" and is let in',
    case: { dialect: 'nginx', config: config('    geo $allowed {\n        10.0.0.0/8 1;\n    }\n', '            if ($allowed = 0) { return 403; }\n'), tree },
    port: 23910,
    path: '/',
    status: 200,
    cause: null,
    findings: 1,
  },
  {
    name: 'the same geo with default 0 refuses it',
    case: { dialect: 'nginx', config: config('    geo $allowed {\n        default 0;\n        10.0.0.0/8 1;\n    }\n', '            if ($allowed = 0) { return 403; }\n'), tree },
    port: 23911,
    path: '/',
    status: 403,
    cause: 'return',
    findings: 0,
  },
  {
    name: 'a blocklist map without default lets an unlisted client in',
    case: { dialect: 'nginx', config: config('    map $remote_addr $blocked {\n        192.0.2.7 1;\n    }\n', '            if ($blocked) { return 403; }\n'), tree },
    port: 23912,
    path: '/',
    status: 200,
    cause: null,
    findings: 1,
  },
  {
    name: 'an allowlist map without default tested with != 1 refuses an unlisted client',
    case: { dialect: 'nginx', config: config('    map $remote_addr $trusted {\n        192.0.2.7 1;\n    }\n', '            if ($trusted != 1) { return 403; }\n'), tree },
    port: 23913,
    path: '/',
    status: 403,
    cause: 'return',
    findings: 1,
  },
]);
