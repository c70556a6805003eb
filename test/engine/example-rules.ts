import { createRule, NO_OPTIONS_SCHEMA } from '../../src/engine/rule.js';

/** Reports every directive with the given name in both dialects: a probe for engine behaviour. */
export const flagDirective = createRule({
  meta: {
    id: 'test/flag-directive',
    type: 'problem',
    docs: { description: 'Reports the directive named in options', recommended: 'recommended' },
    messages: { found: '{{name}} found' },
    schema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false },
    defaultSeverity: 'error',
  },
  defaultOptions: { name: 'autoindex' },
  create(context) {
    const report = (directive: { name: string; loc: import('../../src/parse/ast.js').SourceLocation }) =>
      context.report({ loc: directive.loc, messageId: 'found', data: { name: directive.name } });
    return {
      [`nginx:${context.options.name}`]: report,
      [`apache:${context.options.name.toLowerCase()}`]: report,
    };
  },
});

/** Records the order hooks fire in, reporting nothing. */
export function createOrderProbe(events: string[]) {
  return createRule({
    meta: {
      id: 'test/order-probe',
      type: 'suggestion',
      docs: { description: 'Records listener calls' },
      messages: { never: 'never' },
      schema: NO_OPTIONS_SCHEMA,
      defaultSeverity: 'warn',
    },
    defaultOptions: {},
    create: () => ({
      file: (file) => events.push(`file ${file.file}`),
      'nginx:*': (d) => events.push(`any ${d.name}`),
      'nginx:root': (d, parents) => events.push(`root in ${parents.map((p) => p.name).join('>')}`),
      'apache:*': (d) => events.push(`any ${d.lowerName}`),
      'apache:section:directory': (d) => events.push(`section ${d.args[0]?.value}`),
      'apache:require': (d) => events.push(`require ${d.args.map((a) => a.value).join(' ')}`),
      server: ({ server }) => events.push(`server ${server.names.join(',') || '(main)'}`),
      fsEntry: ({ entry }) => events.push(`fs ${entry.path}`),
      finish: () => events.push('finish'),
    }),
  });
}
