import { createRule, NO_OPTIONS_SCHEMA } from '../../../src/engine/rule.js';
import { anyClientGet, directorySections, evaluateAccessCompat, evaluateRequire, readsHtaccess, sectionsConfig } from '../../../src/simulate/apache/index.js';
import { apacheServerOf } from '../served-tree.js';

/**
 * httpd serves any directory some mapping reaches unless a section says otherwise: without a
 * `<Directory />` that denies everyone, one Alias or RewriteRule too many exposes the whole
 * filesystem, and without `AllowOverride None` there httpd looks for .htaccess in `/`, `/srv`...
 * on every request, letting any writable directory change the rules.
 */
export default createRule({
  meta: {
    id: 'apache/no-root-directory-deny',
    type: 'security',
    docs: {
      description: 'The main server has no <Directory /> that denies everyone with AllowOverride None',
      recommended: 'recommended',
    },
    messages: {
      missing:
        'No `<Directory />` denies access by default: any path an Alias, ScriptAlias or RewriteRule reaches by mistake (/etc, /home) is served to every client; add `<Directory />` with `Require all denied` and `AllowOverride None`',
      notDenied:
        'This `<Directory />` lets a client in ({{decision}}): any path an Alias, ScriptAlias or RewriteRule reaches by mistake (/etc, /home) is served; make it `Require all denied` and grant each served directory in its own section',
      overridesOpen:
        '{{allowOverride}} for `<Directory />`: httpd looks for a .htaccess in every directory from / down on each request, and one in any writable directory can change the access rules; set `AllowOverride None` here',
    },
    schema: NO_OPTIONS_SCHEMA,
    // A risk, not a refusal: a warning, as the severity policy puts it.
    defaultSeverity: 'warn',
    hasSuggestions: true,
  },
  defaultOptions: {},
  create(context) {
    return {
      server(event) {
        const apache = apacheServerOf(event);
        // Virtual hosts inherit the main server's sections: judging it once is judging them all.
        if (!apache || apache.server.block) return;
        const roots = directorySections(apache.server.sections, '/');
        const root = roots[roots.length - 1];
        if (!root) {
          const { entry } = context.config;
          context.report({ loc: { file: entry, line: 1, column: 1, endLine: 1, endColumn: 1 }, messageId: 'missing' });
          return;
        }
        const config = sectionsConfig(apache.server.sections, '/');
        const request = anyClientGet('/');
        const authz = config.require ? evaluateRequire(config.require, request) : undefined;
        const compat = config.access ? evaluateAccessCompat(config.access, request).allowed : true;
        if (authz?.result === 'granted' || ((authz?.result ?? 'neutral') === 'neutral' && compat)) {
          const decisive = authz?.result === 'granted' ? authz.decisive : undefined;
          const decision = decisive ? `\`${decisive.name} ${decisive.args.map((a) => a.raw).join(' ')}\`` : 'nothing in it denies';
          context.report({ loc: root.block.nameLoc, messageId: 'notDenied', data: { decision } });
        }
        if (config.override.kind === 'unset' || readsHtaccess(config.override, config.overrideList)) {
          const source = config.overrideSource;
          const allowOverride = source ? `\`${source.name} ${source.args.map((a) => a.raw).join(' ')}\`` : 'No AllowOverride';
          if (source) {
            const suggest = [{ desc: 'stop reading .htaccess files from / down', fix: { loc: source.loc, text: 'AllowOverride None' } }];
            context.report({ node: source, messageId: 'overridesOpen', data: { allowOverride }, suggest });
          } else {
            context.report({ loc: root.block.nameLoc, messageId: 'overridesOpen', data: { allowOverride } });
          }
        }
      },
    };
  },
});
