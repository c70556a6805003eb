import { describeAgainstHttpd } from '../../apache/tests/real-apache.js';
import { INCLUDE_MODULES, MODULE_FILES } from '../../apache/tests/test-fixtures.js';
import { describeAgainstNginx } from '../../nginx/tests/real-nginx.js';
import rule from './index.js';
import { NGINX_SITE as nginxConfig } from '../tests/site.js';

const apacheConfig = `${INCLUDE_MODULES}User www-data\nGroup www-data\nDocumentRoot /srv/www\n<Directory /srv/www>\n    Options FollowSymLinks\n    Require all granted\n</Directory>\n`;
const tree = (links: string): string => `
entries:
  - { path: /srv/www, type: dir, mode: '0755' }
  - { path: /srv/www/index.html, type: file, mode: '0644', content: "home\\n" }
${links}`;
const loop = "  - { path: /srv/www/a, type: symlink, target: b }\n  - { path: /srv/www/b, type: symlink, target: a }\n";
const dangling = "  - { path: /srv/www/old.html, type: symlink, target: gone.html }\n";

describeAgainstNginx(rule, [
  { name: 'a symlink loop: nginx answers 403', case: { dialect: 'nginx', config: nginxConfig, tree: tree(loop) }, port: 18620, path: '/a', status: 403, cause: 'symlink-forbidden', findings: 2 },
  { name: 'a dangling link: nginx answers 404', case: { dialect: 'nginx', config: nginxConfig, tree: tree(dangling) }, port: 18621, path: '/old.html', status: 404, cause: 'not-found', findings: 1 },
]);

describeAgainstHttpd(rule, [
  { name: 'a dangling link: Apache answers 403 AH00037', case: { dialect: 'apache', config: apacheConfig, files: MODULE_FILES, tree: tree(dangling) }, port: 18630, path: '/old.html', status: 403, cause: 'AH00037', findings: 1 },
]);
