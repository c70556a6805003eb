import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { nginxSite, SHOP } from '../../server/tests/sites.js';
import rule, { FOREIGN_REFERER } from './index.js';

const tree = `
entries:
  - { path: /srv/www/index.html, type: file, mode: '0644', content: "home\\n" }
  - { path: /srv/www/img/index.html, type: file, mode: '0644', content: "gallery\\n" }
`;
const gated = (referers: string): string => nginxSite(`        location /img/ {\n            valid_referers ${referers};\n            if ($invalid_referer) { return 403; }\n        }\n`);

runRuleTests(rule, {
  valid: [
    { name: 'no referer check', dialect: 'nginx', config: nginxSite('        location /img/ { }\n'), tree },
    { name: 'a check that lets search engines in', dialect: 'nginx', config: gated('none blocked server_names *.google.com'), tree },
    { name: 'an $invalid_referer that only logs', dialect: 'nginx', config: nginxSite('        location /img/ {\n            valid_referers server_names;\n            if ($invalid_referer) { set $hotlink 1; }\n        }\n'), tree },
  ],
  invalid: [
    {
      name: 'none blocked: links from other sites refused, bare requests let in',
      dialect: 'nginx',
      config: gated('none blocked server_names'),
      tree,
      errors: [{ messageId: 'leaky', data: { server: SHOP, status: 403, url: '/img/', foreign: FOREIGN_REFERER, bareStatus: 200 }, line: 10, column: 13, endLine: 10, endColumn: 50 }],
    },
    {
      name: 'server_names only: links and bare requests both refused',
      dialect: 'nginx',
      config: gated('server_names'),
      tree,
      errors: [{ messageId: 'refusesLinks', data: { server: SHOP, status: 403, url: '/img/', foreign: FOREIGN_REFERER, bareStatus: 403 }, line: 10, column: 13, endLine: 10, endColumn: 50 }],
    },
  ],
});
