import type { Directive } from '../../../src/parse/ast.js';
import { createRule, NO_OPTIONS_SCHEMA, type DirectiveListener } from '../../../src/engine/rule.js';
import { activeDirectives, lastNamed, sectionName } from '../../../src/model/apache/index.js';
import { activeAccessDirectives } from '../../../src/probe/htaccess.js';

const ACCESS_COMPAT = new Set(['order', 'allow', 'deny']);
const AUTHZ_CORE = new Set(['require', 'requireall', 'requireany', 'requirenone']);

/**
 * mod_access_compat's `Order`/`Allow`/`Deny` and mod_authz_core's `Require` in one context.
 * Both run: under `Satisfy All` (the default) a request needs both to let it in, so a `Deny`
 * refuses what `Require` grants (AH01797) and a `Require` refuses what `Allow` grants
 * (AH01630); under `Satisfy Any` either one's grant opens the door the other closes.
 */
export default createRule({
  meta: {
    id: 'apache/mixed-access-control',
    type: 'problem',
    docs: {
      description: 'Order/Allow/Deny mixed with Require in one section or .htaccess',
      recommended: 'recommended',
    },
    messages: {
      mixed:
        '`{{compat}}` (mod_access_compat) and `{{require}}` (mod_authz_core, line {{requireLine}}) both decide access here and a request must pass both: a `Deny` answers 403 with AH01797 even where `Require` grants, a `Require` answers 403 with AH01630 even where `Allow` grants',
      mixedSatisfyAny:
        '`{{compat}}` (mod_access_compat) and `{{require}}` (mod_authz_core, line {{requireLine}}) both decide access here and `Satisfy Any` lets a request in when either grants: each one\'s denials are void wherever the other grants',
    },
    schema: NO_OPTIONS_SCHEMA,
    defaultSeverity: 'error',
  },
  defaultOptions: {},
  create(context) {
    const check = (directives: readonly Directive[]): void => {
      const compat = directives.find((d) => ACCESS_COMPAT.has(sectionName(d)));
      const authz = directives.find((d) => AUTHZ_CORE.has(sectionName(d)));
      if (!compat || !authz) return;
      const satisfyAny = lastNamed(directives, 'satisfy')?.args[0]?.value.toLowerCase() === 'any';
      context.report({
        node: compat,
        messageId: satisfyAny ? 'mixedSatisfyAny' : 'mixed',
        data: { compat: compat.name, require: authz.name, requireLine: authz.loc.line },
        related: [{ message: `${authz.name} decides access here too`, loc: authz.loc }],
      });
    };
    const section: DirectiveListener = (block) => check([...activeDirectives(block.children ?? [])]);
    return {
      'apache:section:directory': section,
      'apache:section:directorymatch': section,
      'apache:section:location': section,
      'apache:section:locationmatch': section,
      'apache:section:files': section,
      'apache:section:filesmatch': section,
      finish() {
        for (const htaccess of context.probe?.accessFiles() ?? []) if (htaccess.opened) check([...activeAccessDirectives(htaccess.nodes, htaccess.conditions)]);
      },
    };
  },
});
