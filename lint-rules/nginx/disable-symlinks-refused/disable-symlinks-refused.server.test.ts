import { describeAgainstNginx } from '../tests/real-nginx.js';
import rule from './index.js';

const config = (server: string): string => `user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        root /srv/www;\n${server}    }\n}\n`;
/** Relative targets, so the links still point inside the tree once it is moved to a temp dir. */
const tree = `
entries:
  - { path: /srv/data/page.html, type: file, mode: '0644', content: "page\\n" }
  - { path: /srv/data/uploads/index.html, type: file, mode: '0644', content: "uploads\\n" }
  - { path: /srv/www/index.html, type: file, mode: '0644', content: "home\\n" }
  - { path: /srv/www/page.html, type: symlink, target: ../data/page.html }
  - { path: /srv/www/uploads, type: symlink, target: ../data/uploads }
`;

describeAgainstNginx(rule, [
  { name: 'a linked file under disable_symlinks on', case: { dialect: 'nginx', config: config('        disable_symlinks on;\n'), tree }, port: 18440, path: '/page.html', status: 403, cause: 'symlink-forbidden', findings: 2 },
  { name: 'a linked directory under disable_symlinks on', case: { dialect: 'nginx', config: config('        disable_symlinks on;\n'), tree }, port: 18441, path: '/uploads/', status: 404, cause: 'not-found', findings: 2 },
  { name: 'links are followed by default', case: { dialect: 'nginx', config: config(''), tree }, port: 18442, path: '/page.html', status: 200, cause: null, findings: 0 },
]);
