import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { nginxSite, SHOP, treeWith } from '../../server/tests/sites.js';
import rule from './index.js';

const tree = treeWith('admin', 'admin');

runRuleTests(rule, {
  valid: [
    { name: 'a deny on a hidden segment: what else it catches is hidden too', dialect: 'nginx', config: nginxSite('        location ~ /\\.git { deny all; }\n'), tree },
    { name: 'a deny anchored to whole segments', dialect: 'nginx', config: nginxSite('        location ~ ^/admin(/|$) { deny all; }\n'), tree },
    { name: 'an open regex on an open site lets nothing past', dialect: 'nginx', config: nginxSite('        location ~ /public { }\n'), tree },
    { name: 'a regex that is more than a literal or its alternatives is left alone', dialect: 'nginx', config: nginxSite('        location ~ /(admin|ops)/.*\\.php$ { deny all; }\n'), tree },
  ],
  invalid: [
    {
      name: 'an unanchored \\.git deny refuses names that only contain .git',
      dialect: 'nginx',
      config: nginxSite('        location ~ \\.git { deny all; }\n'),
      tree,
      errors: [{ messageId: 'caught', severity: 'warn', data: { location: 'location ~ \\.git', urls: '/docs/x.gitx.html', server: SHOP, status: 403, elsewhere: 0 }, line: 8, column: 20, endLine: 8, endColumn: 25 }],
    },
    {
      name: 'an unanchored /admin deny refuses longer names and deeper paths',
      dialect: 'nginx',
      config: nginxSite('        location ~ /admin { deny all; }\n'),
      tree,
      errors: [{ messageId: 'caught', severity: 'warn', data: { location: 'location ~ /admin', urls: '/admin-notes/, /docs/admin/', server: SHOP, status: 403, elsewhere: 0 }, line: 8, column: 20, endLine: 8, endColumn: 26 }],
    },
    {
      // MyBB's own nginx sample: meant for /inc/ and /uploads/avatars/, it refuses /images/incoming.png too.
      name: 'an unanchored group of literal alternatives: each branch is judged',
      dialect: 'nginx',
      config: nginxSite('        location ~ /(inc|uploads/avatars) { deny all; }\n'),
      tree,
      errors: [{ messageId: 'caught', severity: 'warn', data: { location: 'location ~ /(inc|uploads/avatars)', urls: '/inc-notes/, /docs/inc/, /uploads/avatars-notes/ and 1 more', server: SHOP, status: 403, elsewhere: 0 }, line: 8, column: 20, endLine: 8, endColumn: 42 }],
    },
    {
      name: 'an open ^/public regex on a closed site lets longer names slip past',
      dialect: 'nginx',
      config: nginxSite('        location / { deny all; }\n        location ~ ^/public { }\n'),
      tree,
      errors: [{ messageId: 'admitted', data: { location: 'location ~ ^/public', urls: '/public-notes/', server: SHOP, status: 404, elsewhere: 403 }, line: 9, column: 20, endLine: 9, endColumn: 28 }],
    },
  ],
});
