import { describeAgainstHttpd } from '../tests/real-apache.js';
import { INCLUDE_MODULES, MODULE_FILES } from '../tests/test-fixtures.js';
import rule from './index.js';

const tree = `
entries:
  - { path: /srv/www, type: dir, mode: '0755' }
  - { path: /srv/www/style.css, type: file, mode: '0644' }
  - { path: /srv/docs, type: dir, mode: '0755' }
  - { path: /srv/docs/index.html, type: file, mode: '0644', content: "docs\\n" }
  - { path: /srv/docs/img/logo.png, type: file, mode: '0644', content: "png\\n" }
`;

const config = (root: string): string => `${INCLUDE_MODULES}User www-data
Group www-data
DocumentRoot ${root}
<Directory ${root}>
    Options -Indexes
    Require all granted
</Directory>
`;

describeAgainstHttpd(rule, [
  {
    name: 'no index.html and Options -Indexes: 403 AH01276',
    case: { dialect: 'apache', tree, files: MODULE_FILES, config: config('/srv/www') },
    port: 18502,
    path: '/',
    status: 403,
    cause: 'AH01276',
    findings: 1,
  },
  {
    name: 'index.html present: 200, and img/ below it without one: one rolled-up finding',
    case: { dialect: 'apache', tree, files: MODULE_FILES, config: config('/srv/docs') },
    port: 18503,
    path: '/',
    status: 200,
    cause: null,
    findings: 1,
  },
  {
    name: 'img/ below the root, without an index: 403 AH01276',
    case: { dialect: 'apache', tree, files: MODULE_FILES, config: config('/srv/docs') },
    port: 23512,
    path: '/img/',
    status: 403,
    cause: 'AH01276',
    findings: 1,
  },
]);
