import { describeAgainstNginx } from '../tests/real-nginx.js';
import { nginxSite } from '../../server/tests/sites.js';
import rule from './index.js';

const tree = `
entries:
  - { path: /srv/www/index.html, type: file, mode: '0644', content: "home\\n" }
  - { path: /srv/www/admin-notes/index.html, type: file, mode: '0644', content: "notes\\n" }
  - { path: /srv/www/public-notes/index.html, type: file, mode: '0644', content: "notes\\n" }
`;

describeAgainstNginx(rule, [
  { name: 'an unanchored /admin deny refuses /admin-notes/', case: { dialect: 'nginx', config: nginxSite('        location ~ /admin { deny all; }\n'), tree }, port: 23930, path: '/admin-notes/', status: 403, cause: 'forbidden-by-rule', findings: 1 },
  { name: 'anchored to whole segments it serves /admin-notes/', case: { dialect: 'nginx', config: nginxSite('        location ~ ^/admin(/|$) { deny all; }\n'), tree }, port: 23931, path: '/admin-notes/', status: 200, cause: null, findings: 0 },
  {
    name: 'an open ^/public regex serves /public-notes/ on a site that refuses everything else',
    case: { dialect: 'nginx', config: nginxSite('        location / { deny all; }\n        location ~ ^/public { }\n'), tree },
    port: 23932,
    path: '/public-notes/',
    status: 200,
    cause: null,
    findings: 1,
  },
]);
