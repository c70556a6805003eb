import { describeAgainstHttpd } from '../tests/real-apache.js';
import { MODULE_FILES } from '../tests/test-fixtures.js';
import { apacheSite } from '../../server/tests/sites.js';
import rule from './index.js';

const tree = `
entries:
  - { path: /srv/www/index.html, type: file, mode: '0644', content: "home\\n" }
  - { path: /srv/www/admin/index.html, type: file, mode: '0644', content: "admin\\n" }
  - { path: /srv/www/admin-notes/index.html, type: file, mode: '0644', content: "notes\\n" }
  - { path: /srv/www/docs/admin/index.html, type: file, mode: '0644', content: "docs\\n" }
`;
const section = (head: string, close: string, body = 'Require all denied'): string => `${head}\n    ${body}\n</${close}>\n`;
const site = (body: string) => ({ dialect: 'apache' as const, files: MODULE_FILES, tree, config: apacheSite(body) });

describeAgainstHttpd(rule, [
  { name: 'an unanchored /admin LocationMatch refuses /admin-notes/', case: site(section('<LocationMatch "/admin">', 'LocationMatch')), port: 23600, path: '/admin-notes/', status: 403, cause: 'AH01630', findings: 1 },
  { name: 'anchored to whole segments it serves /admin-notes/', case: site(section('<LocationMatch "^/admin(/|$)">', 'LocationMatch')), port: 23601, path: '/admin-notes/', status: 200, cause: null, findings: 0 },
  { name: 'an unanchored FilesMatch refuses a name that only contains its literal', case: site(section('<FilesMatch "config">', 'FilesMatch')), port: 23602, path: '/xconfigx.html', status: 403, cause: 'AH01630', findings: 1 },
  { name: 'an unanchored DirectoryMatch refuses /docs/admin/', case: site(section('<DirectoryMatch "/admin">', 'DirectoryMatch')), port: 23603, path: '/docs/admin/', status: 403, cause: 'AH01630', findings: 1 },
  {
    name: 'an allow-list LocationMatch on a closed site serves /admin-notes/ to everyone',
    case: site('<Location />\n    Require all denied\n</Location>\n' + section('<LocationMatch "^/admin">', 'LocationMatch', 'Require all granted')),
    port: 23604,
    path: '/admin-notes/',
    status: 200,
    cause: null,
    findings: 1,
  },
  {
    name: 'the same site refuses / to everyone',
    case: site('<Location />\n    Require all denied\n</Location>\n' + section('<LocationMatch "^/admin">', 'LocationMatch', 'Require all granted')),
    port: 23605,
    path: '/',
    status: 403,
    cause: 'AH01630',
    findings: 1,
  },
]);
