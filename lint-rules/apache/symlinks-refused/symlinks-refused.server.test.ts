import { describeAgainstHttpd } from '../tests/real-apache.js';
import { INCLUDE_MODULES, MODULE_FILES } from '../tests/test-fixtures.js';
import rule from './index.js';

/** The link is root's; its target belongs to `targetOwner`. */
const tree = (targetOwner = 0): string => `
entries:
  - { path: /srv/www, type: dir, mode: '0755' }
  - { path: /srv/shared, type: dir, mode: '0755' }
  - { path: /srv/shared/logo.png, type: file, mode: '0644', owner: ${targetOwner}, content: "png\\n" }
  - { path: /srv/www/logo.png, type: symlink, target: ../shared/logo.png }
`;

const config = (options: string): string => `${INCLUDE_MODULES}User www-data
Group www-data
DocumentRoot /srv/www
<Directory /srv/www>
    Options ${options}
    Require all granted
</Directory>
`;

describeAgainstHttpd(rule, [
  {
    name: 'Options Indexes drops FollowSymLinks: 403 AH00037',
    case: { dialect: 'apache', tree: tree(), files: MODULE_FILES, config: config('Indexes') },
    port: 18510,
    path: '/logo.png',
    status: 403,
    cause: 'AH00037',
    findings: 1,
  },
  {
    name: 'SymLinksIfOwnerMatch, link owned by root, target by uid 1001: 403 AH00037',
    case: { dialect: 'apache', tree: tree(1001), files: MODULE_FILES, config: config('SymLinksIfOwnerMatch') },
    port: 18512,
    path: '/logo.png',
    status: 403,
    cause: 'AH00037',
    findings: 1,
  },
  {
    name: 'Options Indexes FollowSymLinks: 200',
    case: { dialect: 'apache', tree: tree(), files: MODULE_FILES, config: config('Indexes FollowSymLinks') },
    port: 18511,
    path: '/logo.png',
    status: 200,
    cause: null,
    findings: 0,
  },
]);
