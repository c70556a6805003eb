import { describeAgainstHttpd } from '../tests/real-apache.js';
import { INCLUDE_MODULES, MODULE_FILES } from '../tests/test-fixtures.js';
import rule from './index.js';

const tree = `
entries:
  - { path: /srv/www, type: dir, mode: '0755' }
  - { path: /srv/www/index.php, type: file, mode: '0644', content: "<?php echo 1;\\n" }
`;

const files = {
  ...MODULE_FILES,
  '/srv/www/.htaccess': 'RewriteEngine On\nRewriteCond %{REQUEST_FILENAME} !-f\nRewriteRule ^ index.php [L]\n',
};

const config = (allowOverride: string): string => `${INCLUDE_MODULES}User www-data
Group www-data
DocumentRoot /srv/www
<Directory /srv/www>
    AllowOverride ${allowOverride}
    Require all granted
</Directory>
`;

describeAgainstHttpd(rule, [
  {
    name: 'rewrites under AllowOverride AuthConfig: 500 with no AH code',
    case: { dialect: 'apache', tree, files, config: config('AuthConfig') },
    port: 18506,
    path: '/index.php',
    status: 500,
    cause: null,
    findings: 1,
  },
  {
    name: 'rewrites under AllowOverride FileInfo: 200',
    case: { dialect: 'apache', tree, files, config: config('FileInfo') },
    port: 18507,
    path: '/index.php',
    status: 200,
    cause: null,
    findings: 0,
  },
]);
