import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './index.js';

const http = (body: string): string => `events {}\nhttp {\n${body}}\n`;

runRuleTests(rule, {
  valid: [
    { name: 'allow lines before the catch-all', dialect: 'nginx', config: http('    server {\n        allow 10.0.0.0/8;\n        allow 192.0.2.1;\n        deny all;\n    }\n') },
    { name: 'an inner block with a list of its own, no outer list', dialect: 'nginx', config: http('    server {\n        location /admin/ { allow 10.0.0.0/8; deny all; }\n    }\n') },
    { name: 'an inner lone deny all can only be stricter', dialect: 'nginx', config: http('    server {\n        allow 10.0.0.0/8;\n        deny all;\n        location ~ /\\.ht { deny all; }\n    }\n') },
    { name: 'a narrower deny before a wider allow', dialect: 'nginx', config: http('    server {\n        deny 10.1.2.3;\n        allow 10.0.0.0/8;\n        deny all;\n    }\n') },
    { name: 'a repeated catch-all of the same kind changes nothing', dialect: 'nginx', config: http('    server {\n        deny all;\n        deny 192.0.2.1;\n    }\n') },
  ],
  invalid: [
    {
      name: 'allow after deny all never matches',
      dialect: 'nginx',
      config: http('    server {\n        deny all;\n        allow 10.0.0.0/8;\n    }\n'),
      errors: [
        {
          messageId: 'allowShadowed',
          data: { directive: 'allow 10.0.0.0/8', earlier: 'deny all', line: 4, source: '10.0.0.0/8' },
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 26,
        },
      ],
    },
    {
      name: 'an allow inside a network denied before',
      dialect: 'nginx',
      config: http('    server {\n        deny 10.0.0.0/8;\n        allow 10.1.2.3;\n        allow 192.0.2.0/24;\n    }\n'),
      errors: [{ messageId: 'allowShadowed', data: { directive: 'allow 10.1.2.3', earlier: 'deny 10.0.0.0/8', line: 4, source: '10.1.2.3' }, line: 5, column: 9, endLine: 5, endColumn: 24 }],
    },
    {
      name: 'deny after allow all never matches',
      dialect: 'nginx',
      config: http('    allow all;\n    deny 198.51.100.0/24;\n'),
      errors: [{ messageId: 'denyShadowed', data: { directive: 'deny 198.51.100.0/24', earlier: 'allow all', line: 3, source: '198.51.100.0/24' }, line: 4, column: 5, endLine: 4, endColumn: 26 }],
    },
    {
      name: 'a location list replaces the server list, and its own allow comes too late: two problems',
      dialect: 'nginx',
      config: http('    server {\n        deny 192.0.2.0/24;\n        location /public/ {\n            deny all;\n            allow 10.0.0.1;\n        }\n    }\n'),
      errors: [
        {
          messageId: 'replacesOuter',
          data: { directive: 'deny all', inner: 'location /public/', outer: 'server', outerFirst: 'deny 192.0.2.0/24', line: 4 },
          line: 6,
          column: 13,
          endLine: 6,
          endColumn: 22,
        },
        { messageId: 'allowShadowed', data: { directive: 'allow 10.0.0.1', earlier: 'deny all', line: 6, source: '10.0.0.1' }, line: 7, column: 13, endLine: 7, endColumn: 28 },
      ],
    },
    {
      name: 'a limit_except list replaces the location list',
      dialect: 'nginx',
      config: http('    server {\n        location / {\n            allow 10.0.0.0/8;\n            deny all;\n            limit_except GET { allow 192.0.2.1; deny all; }\n        }\n    }\n'),
      errors: [
        {
          messageId: 'replacesOuter',
          data: { directive: 'allow 192.0.2.1', inner: 'limit_except GET', outer: 'location /', outerFirst: 'allow 10.0.0.0/8', line: 5 },
          line: 7,
          column: 32,
          endLine: 7,
          endColumn: 48,
        },
      ],
    },
  ],
});
