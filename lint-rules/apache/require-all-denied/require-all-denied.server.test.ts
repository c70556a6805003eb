import { describeAgainstHttpd } from '../tests/real-apache.js';
import { INCLUDE_MODULES, MODULE_FILES } from '../tests/test-fixtures.js';
import { apacheSiteReadingHtaccess, APPLICATION_TREE, FILES_MATCH_GUARDS } from '../../server/tests/sites.js';
import rule from './index.js';

const tree = `
entries:
  - { path: /srv/www, type: dir, mode: '0755' }
  - { path: /srv/www/index.html, type: file, mode: '0644', content: "home\\n" }
`;

const config = (grant: string): string => `${INCLUDE_MODULES}User www-data
Group www-data
<Directory />
    AllowOverride None
    Require all denied
</Directory>
DocumentRoot /srv/www
${grant}`;

const compat = (allow: string): string => `<Directory /srv/www>
    Require all granted
    Order Deny,Allow
    Deny from all
${allow}</Directory>
`;

describeAgainstHttpd(rule, [
  {
    name: 'nothing grants the DocumentRoot: 403 AH01630',
    case: { dialect: 'apache', tree, files: MODULE_FILES, config: config('') },
    port: 18500,
    path: '/',
    status: 403,
    cause: 'AH01630',
    findings: 1,
  },
  {
    name: 'its own <Directory> grants it: 200',
    case: { dialect: 'apache', tree, files: MODULE_FILES, config: config('<Directory /srv/www>\n    Require all granted\n</Directory>\n') },
    port: 18501,
    path: '/',
    status: 200,
    cause: null,
    findings: 0,
  },
  {
    name: 'Order Deny,Allow with Deny from all refuses before Require grants: 403 AH01797',
    case: { dialect: 'apache', tree, files: MODULE_FILES, config: config(compat('')) },
    port: 18700,
    path: '/',
    status: 403,
    cause: 'AH01797',
    findings: 1,
  },
  {
    name: 'an Allow line reopens it for the loopback client: 200',
    case: { dialect: 'apache', tree, files: MODULE_FILES, config: config(compat('    Allow from 127.0.0.1\n')) },
    port: 18701,
    path: '/',
    status: 200,
    cause: null,
    findings: 0,
  },
  ...['/modules/token/token.module', '/x.engine'].map((path, i) => ({
    name: `a .htaccess <FilesMatch> alternation refuses ${path}`,
    case: { dialect: 'apache' as const, config: apacheSiteReadingHtaccess, files: { ...MODULE_FILES, '/srv/www/.htaccess': FILES_MATCH_GUARDS }, tree: APPLICATION_TREE },
    port: 23400 + i,
    path,
    status: 403,
    cause: 'AH01630',
    findings: 2,
  })),
]);
