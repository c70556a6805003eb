import { describeAgainstNginx } from '../tests/real-nginx.js';
import { nginxSite } from '../../server/tests/sites.js';
import rule, { FOREIGN_REFERER } from './index.js';

const tree = `
entries:
  - { path: /srv/www/index.html, type: file, mode: '0644', content: "home\\n" }
  - { path: /srv/www/img/index.html, type: file, mode: '0644', content: "gallery\\n" }
`;
const gated = (referers: string) => ({
  dialect: 'nginx' as const,
  config: nginxSite(`        location /img/ {\n            valid_referers ${referers};\n            if ($invalid_referer) { return 403; }\n        }\n`),
  tree,
});

describeAgainstNginx(rule, [
  { name: 'none blocked: a link from a search result is refused', case: gated('none blocked server_names'), port: 23940, path: '/img/', headers: { Referer: FOREIGN_REFERER }, status: 403, cause: 'return', findings: 1 },
  { name: 'none blocked: a request without a Referer gets in', case: gated('none blocked server_names'), port: 23941, path: '/img/', status: 200, cause: null, findings: 1 },
  { name: 'blocked: a blank Referer gets in', case: gated('blocked server_names'), port: 23942, path: '/img/', headers: { Referer: '' }, status: 200, cause: null, findings: 1 },
  { name: 'server_names only: a request without a Referer is refused', case: gated('server_names'), port: 23943, path: '/img/', status: 403, cause: 'return', findings: 1 },
  { name: 'server_names: a page of the site itself gets in', case: gated('server_names'), port: 23944, path: '/img/', headers: { Referer: 'http://shop.example/about/' }, status: 200, cause: null, findings: 1 },
  { name: 'a check that lists the search engine lets its links in', case: gated('none blocked server_names *.google.com'), port: 23945, path: '/img/', headers: { Referer: FOREIGN_REFERER }, status: 200, cause: null, findings: 0 },
  { name: 'a URI part that does not begin the path is invalid', case: gated('example.org/galleries/'), port: 23946, path: '/img/', headers: { Referer: 'https://example.org/other/' }, status: 403, cause: 'return', findings: 1 },
  { name: 'a *. wildcard does not cover the bare domain', case: gated('*.example.org'), port: 23947, path: '/img/', headers: { Referer: 'https://example.org/' }, status: 403, cause: 'return', findings: 1 },
  { name: 'a ~ regex is tried without case after the scheme', case: gated('~\\.example\\.'), port: 23948, path: '/img/', headers: { Referer: 'https://www.EXAMPLE.org/' }, status: 200, cause: null, findings: 1 },
  { name: 'blocked admits a Referer without a scheme', case: gated('blocked server_names'), port: 23949, path: '/img/', headers: { Referer: 'XXXXXXXXXXXXXXXX' }, status: 200, cause: null, findings: 1 },
]);
