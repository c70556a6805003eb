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

// The rules under AllowOverride All where mod_rewrite is not loaded (Shaarli's .htaccess has no
// <IfModule> around them), and a misspelt directive: "Invalid command", 500 for every URL.
const withoutRewrite = { ...MODULE_FILES, '/etc/apache2/modules.conf': (MODULE_FILES['/etc/apache2/modules.conf'] ?? '').replace(/^LoadModule rewrite_module .*\n/m, '') };
const invalid = (htaccess: string, modules: Record<string, string>): Record<string, string> => ({ ...modules, '/srv/www/.htaccess': htaccess });

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
  {
    name: 'rewrites where mod_rewrite is not loaded: Invalid command, 500',
    case: { dialect: 'apache', tree, files: invalid('RewriteEngine On\nRewriteRule ^ index.php [L]\n', withoutRewrite), config: config('All') },
    port: 18547,
    path: '/index.php',
    status: 500,
    cause: null,
    findings: 2,
  },
  {
    name: 'a misspelt directive: Invalid command, 500',
    case: { dialect: 'apache', tree, files: invalid('Optons -Indexes\n', MODULE_FILES), config: config('All') },
    port: 18548,
    path: '/index.php',
    status: 500,
    cause: null,
    findings: 1,
  },
]);
