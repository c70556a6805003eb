import { describeAgainstHttpd } from '../tests/real-apache.js';
import { INCLUDE_MODULES, MODULE_FILES } from '../tests/test-fixtures.js';
import rule from './index.js';

const tree = `
entries:
  - { path: /srv/www, type: dir, mode: '0755' }
  - { path: /srv/www/index.html, type: file, mode: '0644', content: "home\\n" }
`;

const config = (access: string): string => `${INCLUDE_MODULES}User www-data
Group www-data
DocumentRoot /srv/www
<Directory /srv/www>
${access}    Require all granted
</Directory>
`;

describeAgainstHttpd(rule, [
  {
    name: 'Deny from all beside Require all granted: 403 AH01797',
    case: { dialect: 'apache', tree, files: MODULE_FILES, config: config('    Order deny,allow\n    Deny from all\n') },
    port: 18508,
    path: '/',
    status: 403,
    cause: 'AH01797',
    findings: 1,
  },
  {
    name: 'Require alone: 200',
    case: { dialect: 'apache', tree, files: MODULE_FILES, config: config('') },
    port: 18509,
    path: '/',
    status: 200,
    cause: null,
    findings: 0,
  },
]);
