import { createRule, NO_OPTIONS_SCHEMA } from '../../../src/engine/rule.js';
import { validateApache } from '../../../src/validate/apache/validate.js';

export default createRule({
  meta: {
    id: 'apache/config-refused',
    type: 'problem',
    docs: { description: 'Report a directive `apache2 -t` refuses: a name no loaded module registers, or a section that does not take it', recommended: 'recommended' },
    messages: {
      refused: '{{message}}: `apache2 -t` refuses this configuration and httpd does not start or reload with it',
    },
    schema: NO_OPTIONS_SCHEMA,
    defaultSeverity: 'error',
  },
  defaultOptions: {},
  create(context) {
    return {
      finish() {
        const { config } = context;
        // A .htaccess is judged per request by AllowOverride (apache/htaccess-directive-not-allowed).
        if (config.dialect !== 'apache' || config.files[0]?.kind === 'htaccess') return;
        for (const { message, directive } of validateApache(config.nodes)) {
          context.report({ loc: directive.nameLoc, messageId: 'refused', data: { message } });
        }
      },
    };
  },
});
