import { describeAgainstNginx } from '../tests/real-nginx.js';
import rule from './index.js';

const config = 'user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        root /srv/www;\n    }\n}\n';
const tree = (www: string, index: string): string => `
entries:
  - { path: /srv/www, type: dir, mode: '${www}', owner: root, group: root }
  - { path: /srv/www/index.html, type: file, mode: '${index}', owner: root, group: root, content: "hi\\n" }
`;

// Mass virtual hosting: one directory per Host under /srv/vhosts, b.test's closed to www-data.
const byHost = 'user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        root /srv/vhosts/$host;\n    }\n}\n';
const vhosts = `
entries:
  - { path: /srv/vhosts, type: dir, mode: '0755', owner: root, group: root }
  - { path: /srv/vhosts/a.test, type: dir, mode: '0755', owner: root, group: root }
  - { path: /srv/vhosts/a.test/index.html, type: file, mode: '0644', owner: root, group: root, content: "a\\n" }
  - { path: /srv/vhosts/b.test, type: dir, mode: '0700', owner: root, group: root }
  - { path: /srv/vhosts/b.test/index.html, type: file, mode: '0644', owner: root, group: root, content: "b\\n" }
`;

// Mastodon's site: files first, the application for the rest. A root under a 0700 home is never
// searched, so every request falls back and nothing is refused: one warning at the root.
const fallback = 'user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        root /srv/www;\n        location / { try_files $uri @app; }\n        location @app { return 200 "app\\n"; }\n    }\n}\n';

describeAgainstNginx(rule, [
  { name: 'a root www-data cannot search whose requests fall back to the application', case: { dialect: 'nginx', config: fallback, tree: tree('0700', '0644') }, port: 18433, path: '/index.html', status: 200, cause: null, findings: 1 },
  { name: 'the same site with a readable root', case: { dialect: 'nginx', config: fallback, tree: tree('0755', '0644') }, port: 18434, path: '/index.html', status: 200, cause: null, findings: 0 },
  { name: 'a readable tree is served', case: { dialect: 'nginx', config, tree: tree('0755', '0644') }, port: 18430, path: '/', status: 200, cause: null, findings: 0 },
  { name: 'a root www-data cannot search', case: { dialect: 'nginx', config, tree: tree('0750', '0644') }, port: 18431, path: '/', status: 403, cause: 'permission-denied', findings: 1 },
    // Inside the served tree: fs/unreadable-by-web-user reports it, so the cause gives one finding.
  { name: 'an index file www-data cannot read', case: { dialect: 'nginx', config, tree: tree('0755', '0600') }, port: 18432, path: '/', status: 403, cause: 'permission-denied', findings: 0 },
  // The finding for b.test's directory, the one the walk names under the root built from the Host.
  { name: 'a $host root: an open host is served', case: { dialect: 'nginx', config: byHost, tree: vhosts }, port: 23700, path: '/', host: 'a.test', status: 200, cause: null, findings: 1 },
  { name: 'a $host root: a host directory www-data cannot search', case: { dialect: 'nginx', config: byHost, tree: vhosts }, port: 23701, path: '/', host: 'b.test', status: 403, cause: 'permission-denied', findings: 1 },
]);
