import { describeAgainstHttpd } from '../tests/real-apache.js';
import { INCLUDE_MODULES, MODULE_FILES } from '../tests/test-fixtures.js';
import rule from './index.js';

const tree = `
entries:
  - { path: /srv/wiki, type: dir, mode: '0755' }
  - { path: /srv/wiki/data, type: dir, mode: '0755' }
  - { path: /srv/wiki/data/users.txt, type: file, mode: '0644', content: "admin:secret\\n" }
`;

const files = { ...MODULE_FILES, '/srv/wiki/data/.htaccess': 'Require all denied\n' };

const config = (allowOverride: string): string => `${INCLUDE_MODULES}User www-data
Group www-data
DocumentRoot /srv/wiki
<Directory /srv/wiki>
    AllowOverride ${allowOverride}
    Require all granted
</Directory>
`;

describeAgainstHttpd(rule, [
  {
    name: 'AllowOverride None: the deny file is ignored and the data is served (200)',
    case: { dialect: 'apache', tree, files, config: config('None') },
    port: 18504,
    path: '/data/users.txt',
    status: 200,
    cause: null,
    findings: 1,
  },
  {
    name: 'AllowOverride AuthConfig: the deny file is read (403 AH01630)',
    case: { dialect: 'apache', tree, files, config: config('AuthConfig') },
    port: 18505,
    path: '/data/users.txt',
    status: 403,
    cause: 'AH01630',
    findings: 0,
  },
]);
