import { createRule, NO_OPTIONS_SCHEMA, type DirectiveListener } from '../../../src/engine/rule.js';
import { effectiveDirectives, type Directive } from '../../../src/parse/ast.js';

/** The levels ngx_http_access_module merges: each holds its own list or inherits the outer one. */
const ACCESS_LEVELS = ['http', 'server', 'location', 'limit_except'] as const;

function accessDirectives(block: Directive): Directive[] {
  return [...effectiveDirectives(block.children ?? [])].filter((d) => d.name === 'allow' || d.name === 'deny');
}

function isCatchAll(directive: Directive): boolean {
  return directive.args[0]?.value === 'all';
}

function describe(directive: Directive): string {
  return [directive.name, ...directive.args.map((a) => a.raw)].join(' ');
}

/** A lone `deny all` can only make the inner level stricter: replacing the outer list loses nothing. */
function onlyDeniesAll(list: readonly Directive[]): boolean {
  return list.length === 1 && list[0]?.name === 'deny' && isCatchAll(list[0]);
}

export default createRule({
  meta: {
    id: 'nginx/allow-deny-order',
    type: 'problem',
    docs: { description: 'Report allow/deny lines that never apply: after a catch-all, or dropped by an inner block\'s own list', recommended: 'strict' },
    messages: {
      allowAfterDenyAll:
        '`{{directive}}` comes after `{{catchAll}}` (line {{line}}): nginx applies the first allow/deny that matches the client, so this line never matches and {{source}} still gets 403',
      denyAfterAllowAll:
        '`{{directive}}` comes after `{{catchAll}}` (line {{line}}): nginx applies the first allow/deny that matches the client, so this line never matches and {{source}} is never refused',
      replacesOuter:
        '`{{directive}}` gives `{{inner}}` its own access list, which replaces the whole list of `{{outer}}` (`{{outerFirst}}`, line {{line}}): nginx inherits allow/deny only into blocks that set none, so the outer rules do not apply here',
    },
    schema: NO_OPTIONS_SCHEMA,
    defaultSeverity: 'warn',
  },
  defaultOptions: {},
  create(context) {
    /** Lines after `deny all` / `allow all` that would decide the opposite: never reached. */
    const reportShadowed = (own: readonly Directive[]): void => {
      const catchAll = own.find(isCatchAll);
      if (catchAll === undefined) return;
      for (const later of own.slice(own.indexOf(catchAll) + 1)) {
        if (later.name === catchAll.name) continue;
        context.report({
          node: later,
          messageId: catchAll.name === 'deny' ? 'allowAfterDenyAll' : 'denyAfterAllowAll',
          data: { directive: describe(later), catchAll: describe(catchAll), line: catchAll.loc.line, source: later.args[0]?.value ?? '' },
          related: [{ message: 'the catch-all that matches first', loc: catchAll.loc }],
        });
      }
    };

    /** An inner list silently drops the nearest outer one (ngx_http_access_merge_loc_conf). */
    const reportReplaced = (block: Directive, own: readonly Directive[], parents: readonly Directive[]): void => {
      const first = own[0];
      if (first === undefined || onlyDeniesAll(own)) return;
      const outer = parents.findLast((p) => (ACCESS_LEVELS as readonly string[]).includes(p.name) && accessDirectives(p).length > 0);
      const outerList = outer ? accessDirectives(outer) : [];
      const outerFirst = outerList[0];
      if (outer === undefined || outerFirst === undefined) return;
      context.report({
        node: first,
        messageId: 'replacesOuter',
        data: { directive: describe(first), inner: describe(block), outer: describe(outer), outerFirst: describe(outerFirst), line: outerFirst.loc.line },
        related: outerList.map((d) => ({ message: `replaced: \`${describe(d)}\``, loc: d.loc })),
      });
    };

    const checkBlock: DirectiveListener = (block, parents) => {
      const own = accessDirectives(block);
      reportShadowed(own);
      reportReplaced(block, own, parents);
    };
    return Object.fromEntries(ACCESS_LEVELS.map((level) => [`nginx:${level}`, checkBlock]));
  },
});
