import { describeAgainstHttpd } from '../../apache/tests/real-apache.js';
import { INCLUDE_MODULES, MODULE_FILES } from '../../apache/tests/test-fixtures.js';
import { describeAgainstNginx } from '../../nginx/tests/real-nginx.js';
import rule from './index.js';
import { NGINX_SITE as nginxConfig } from '../tests/site.js';

const apacheConfig = (overrides: string): string => `${INCLUDE_MODULES}User www-data\nGroup www-data\nDocumentRoot /srv/www\n<Directory /srv/www>\n${overrides}    Require all granted\n</Directory>\n`;
const tree = (file: string, dir: string): string => `
entries:
  - { path: /srv/www, type: dir, mode: '0755' }
  - { path: /srv/www/index.html, type: file, mode: '0644', content: "home\\n" }
  - { path: /srv/www/cart.html, type: file, mode: '${file}', owner: 1000, group: 1000, content: "cart\\n" }
  - { path: /srv/www/reports, type: dir, mode: '${dir}', owner: 1000, group: 1000 }
  - { path: /srv/www/reports/q1.html, type: file, mode: '0644', content: "q1\\n" }
`;

// `root /srv/vhosts/$host;`: each host's directory is walked and asked with its Host.
const byHost = nginxConfig.replace(/root \/srv\/www;/, 'root /srv/vhosts/$host;');
const vhosts = `
entries:
  - { path: /srv/vhosts, type: dir, mode: '0755' }
  - { path: /srv/vhosts/shop.test, type: dir, mode: '0755' }
  - { path: /srv/vhosts/shop.test/index.html, type: file, mode: '0644', content: "shop\\n" }
  - { path: /srv/vhosts/shop.test/cart.html, type: file, mode: '0600', owner: 1000, group: 1000, content: "cart\\n" }
`;

// `location = /robots.txt` under the server's root: the served tree is that one file (the nginx wiki's PrestaShop and TYPO3 sites).
const exactFile = nginxConfig.replace('root /srv/www;', 'root /srv/www;\n        location = /cart.html { log_not_found off; }');

describeAgainstNginx(rule, [
  { name: 'a file an exact location serves, www-data cannot read', case: { dialect: 'nginx', config: exactFile, tree: tree('0600', '0755') }, port: 18603, path: '/cart.html', status: 403, cause: 'permission-denied', findings: 1 },
  { name: 'a $host root: a readable file is served', case: { dialect: 'nginx', config: byHost, tree: vhosts }, port: 23710, path: '/index.html', host: 'shop.test', status: 200, cause: null, findings: 1 },
  { name: 'a $host root: a file www-data cannot read', case: { dialect: 'nginx', config: byHost, tree: vhosts }, port: 23711, path: '/cart.html', host: 'shop.test', status: 403, cause: 'permission-denied', findings: 1 },
  { name: 'readable files are served', case: { dialect: 'nginx', config: nginxConfig, tree: tree('0644', '0755') }, port: 18600, path: '/cart.html', status: 200, cause: null, findings: 0 },
  { name: 'a file www-data cannot read', case: { dialect: 'nginx', config: nginxConfig, tree: tree('0600', '0755') }, port: 18601, path: '/cart.html', status: 403, cause: 'permission-denied', findings: 1 },
  { name: 'a directory www-data cannot search', case: { dialect: 'nginx', config: nginxConfig, tree: tree('0644', '0700') }, port: 18602, path: '/reports/q1.html', status: 403, cause: 'permission-denied', findings: 1 },
]);

describeAgainstHttpd(rule, [
  { name: 'a file www-data cannot read: AH00132', case: { dialect: 'apache', config: apacheConfig(''), files: MODULE_FILES, tree: tree('0600', '0755') }, port: 18610, path: '/cart.html', status: 403, cause: 'AH00132', findings: 1 },
  {
    name: 'a directory www-data cannot search: AH00035',
    case: { dialect: 'apache', config: apacheConfig('    AllowOverride None\n'), files: MODULE_FILES, tree: tree('0644', '0700') },
    port: 18611,
    path: '/reports/q1.html',
    status: 403,
    cause: 'AH00035',
    findings: 1,
  },
  {
    // Without AllowOverride None httpd first tries the directory's .htaccess, and that fails first.
    name: 'the same directory while httpd looks for .htaccess files: AH00529',
    case: { dialect: 'apache', config: apacheConfig(''), files: MODULE_FILES, tree: tree('0644', '0700') },
    port: 18612,
    path: '/reports/q1.html',
    status: 403,
    cause: 'AH00529',
    findings: 1,
  },
]);
