import { createRule, NO_OPTIONS_SCHEMA } from '../../src/engine/rule.js';
import { runRuleTests } from './rule-tester.js';

/**
 * The tester itself, on a small rule of each kind: one that reports a directive and one that
 * reports filesystem entries (anchored by the engine at the directive serving them).
 */
const autoindexOn = createRule({
  meta: {
    id: 'test/autoindex-on',
    type: 'suggestion',
    docs: { description: 'reports autoindex on' },
    messages: { on: 'autoindex is on in {{where}}' },
    schema: NO_OPTIONS_SCHEMA,
    defaultSeverity: 'warn',
  },
  defaultOptions: {},
  create(context) {
    return {
      'nginx:autoindex'(directive, parents) {
        if (directive.args[0]?.value === 'on') context.report({ node: directive, messageId: 'on', data: { where: parents.at(-1)?.name ?? 'main' } });
      },
    };
  },
});

const groupWritable = createRule({
  meta: {
    id: 'test/group-writable',
    type: 'problem',
    docs: { description: 'reports g+w entries' },
    messages: { writable: '{{path}} is group-writable' },
    schema: NO_OPTIONS_SCHEMA,
    defaultSeverity: 'error',
  },
  defaultOptions: {},
  create(context) {
    return {
      fsEntry({ entry }) {
        if (entry.stat.mode & 0o020) context.report({ path: entry.path, messageId: 'writable', data: { path: entry.path } });
      },
    };
  },
});

const nginxSite = (inner: string): string => `events {}\nhttp {\n    server {\n        root /srv/www;\n${inner}    }\n}\n`;

runRuleTests(autoindexOn, {
  valid: [{ dialect: 'nginx', config: nginxSite('        autoindex off;\n') }],
  invalid: [
    {
      name: 'one directive, exact span',
      dialect: 'nginx',
      config: nginxSite('        autoindex on;\n'),
      errors: [{ messageId: 'on', data: { where: 'server' }, line: 5, column: 9, endLine: 5, endColumn: 22 }],
    },
    {
      name: 'two problems, one in an included file',
      dialect: 'nginx',
      config: nginxSite('        autoindex on;\n        location / { include /etc/nginx/extra.conf; }\n'),
      files: { '/etc/nginx/extra.conf': '# listing\nautoindex on;\n' },
      errors: [
        { messageId: 'on', line: 2, column: 1, endLine: 2, endColumn: 14, file: '/etc/nginx/extra.conf' },
        { messageId: 'on', line: 5, column: 9, endLine: 5, endColumn: 22 },
      ],
    },
  ],
});

const tree = (mode: string): string => `
entries:
  - { path: /srv/www, type: dir, mode: '0755' }
  - { path: /srv/www/index.html, type: file, mode: '${mode}', owner: www-data }
`;

runRuleTests(groupWritable, {
  valid: [{ dialect: 'nginx', config: nginxSite(''), tree: tree('0644') }],
  invalid: [
    {
      name: 'a filesystem finding lands on the root directive',
      dialect: 'nginx',
      config: nginxSite(''),
      tree: tree('0664'),
      errors: [{ messageId: 'writable', line: 4, column: 9, endLine: 4, endColumn: 23, path: '/srv/www/index.html' }],
    },
  ],
});
