import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './index.js';

/** An http block with `maps` before one server `shop.example` whose `location /` holds `gate`. */
const config = (maps: string, gate: string): string =>
  `user www-data;\nevents {}\nhttp {\n${maps}    server {\n        listen 80;\n        server_name shop.example;\n        root /srv/www;\n        location / {\n${gate}        }\n    }\n}\n`;
const shop = 'server shop.example (listen *:80)';
const tree = `
entries:
  - { path: /srv/www/index.html, type: file, mode: '0644', content: "home\\n" }
`;

runRuleTests(rule, {
  valid: [
    { name: 'geo with a default', dialect: 'nginx', config: config('    geo $allowed {\n        default 0;\n        10.0.0.0/8 1;\n    }\n', '            if ($allowed = 0) { return 403; }\n'), tree },
    { name: 'map with a default', dialect: 'nginx', config: config('    map $remote_addr $blocked {\n        default 0;\n        192.0.2.7 1;\n    }\n', '            if ($blocked) { return 403; }\n'), tree },
    { name: 'a map no if reads', dialect: 'nginx', config: config('    map $remote_addr $tag {\n        192.0.2.7 a;\n    }\n', ''), tree },
    { name: 'geo whose 0.0.0.0/0 entry is its default', dialect: 'nginx', config: config('    geo $allowed {\n        0.0.0.0/0 0;\n        10.0.0.0/8 1;\n    }\n', '            if ($allowed = 0) { return 403; }\n'), tree },
  ],
  invalid: [
    {
      name: 'an allowlist geo tested against 0: the unlisted get "" and nobody is refused',
      dialect: 'nginx',
      config: config('    geo $allowed {\n        10.0.0.0/8 1;\n    }\n', '            if ($allowed = 0) { return 403; }\n'),
      tree,
      errors: [{ messageId: 'refusesNobody', data: { block: 'geo $allowed', variable: '$allowed', unlisted: '203.0.113.10', gateLine: 12, server: shop, status: 200, url: '/', refused: '', admitted: '10.0.0.1' }, line: 4, column: 5, endLine: 6, endColumn: 6 }],
    },
    {
      name: 'a blocklist map: the unlisted are let through, as the entries suggest (a warning)',
      dialect: 'nginx',
      config: config('    map $remote_addr $blocked {\n        192.0.2.7 1;\n    }\n', '            if ($blocked) { return 403; }\n'),
      tree,
      errors: [{ messageId: 'unlistedAdmitted', severity: 'warn', data: { block: 'map $remote_addr $blocked', variable: '$blocked', unlisted: '203.0.113.10', gateLine: 12, server: shop, status: 200, url: '/', refused: '192.0.2.7', admitted: '' }, line: 4, column: 5, endLine: 6, endColumn: 6 }],
    },
    {
      name: 'an allowlist map tested with != 1: only the listed client gets in (a warning)',
      dialect: 'nginx',
      config: config('    map $remote_addr $trusted {\n        192.0.2.7 1;\n    }\n', '            if ($trusted != 1) { return 403; }\n'),
      tree,
      errors: [{ messageId: 'unlistedRefused', severity: 'warn', data: { block: 'map $remote_addr $trusted', variable: '$trusted', unlisted: '203.0.113.10', gateLine: 12, server: shop, status: 403, url: '/', refused: '', admitted: '192.0.2.7' }, line: 4, column: 5, endLine: 6, endColumn: 6 }],
    },
    {
      name: 'a header map whose values the if never matches: everyone refused',
      dialect: 'nginx',
      config: config('    map $http_x_team $member {\n        ops yes;\n    }\n', '            if ($member != 1) { return 403; }\n'),
      tree,
      errors: [{ messageId: 'refusesEveryone', data: { block: 'map $http_x_team $member', variable: '$member', unlisted: 'a request without x-team', gateLine: 12, server: shop, status: 403, url: '/', refused: 'x-team: ops', admitted: '' }, line: 4, column: 5, endLine: 6, endColumn: 6 }],
    },
  ],
});
