import { createRule, NO_OPTIONS_SCHEMA, type DirectiveListener } from '../../../src/engine/rule.js';
import { networkContains, parseIpNetwork, type IpNetwork } from '../../../src/model/nginx/index.js';
import { effectiveDirectives, type Directive } from '../../../src/parse/ast.js';

/** The levels ngx_http_access_module merges: each holds its own list or inherits the outer one. */
const ACCESS_LEVELS = ['http', 'server', 'location', 'limit_except'] as const;

function accessDirectives(block: Directive): Directive[] {
  return [...effectiveDirectives(block.children ?? [])].filter((d) => d.name === 'allow' || d.name === 'deny');
}

function isCatchAll(directive: Directive): boolean {
  return directive.args[0]?.value === 'all';
}

function networkOf(directive: Directive): IpNetwork | 'all' | undefined {
  const source = directive.args[0]?.value ?? '';
  return source === 'all' ? 'all' : parseIpNetwork(source);
}

/** Every client `later` names is matched by `earlier` first (`all`, or a network holding it). */
function covers(earlier: Directive, later: Directive): boolean {
  const outer = networkOf(earlier);
  const inner = networkOf(later);
  if (outer === 'all') return true;
  if (outer === undefined || inner === undefined || inner === 'all') return false;
  return outer.family === inner.family && outer.prefixLength <= inner.prefixLength && networkContains(outer, inner);
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
    docs: { description: 'Report allow/deny lines that never apply: after a line that matches all their clients, or dropped by an inner block\'s own list', recommended: 'strict' },
    messages: {
      allowShadowed:
        '`{{directive}}` comes after `{{earlier}}` (line {{line}}), which matches every client it names: nginx applies the first allow/deny that matches, so this line never does and {{source}} still gets 403',
      denyShadowed:
        '`{{directive}}` comes after `{{earlier}}` (line {{line}}), which matches every client it names: nginx applies the first allow/deny that matches, so this line never does and {{source}} is never refused',
      replacesOuter:
        '`{{directive}}` gives `{{inner}}` its own access list, which replaces the whole list of `{{outer}}` (`{{outerFirst}}`, line {{line}}): nginx inherits allow/deny only into blocks that set none, so the outer rules do not apply here',
    },
    schema: NO_OPTIONS_SCHEMA,
    defaultSeverity: 'warn',
  },
  defaultOptions: {},
  create(context) {
    /** Lines whose clients an earlier line of the opposite kind already decided: never reached. */
    const reportShadowed = (own: readonly Directive[]): void => {
      own.forEach((later, index) => {
        const earlier = own.slice(0, index).find((e) => e.name !== later.name && covers(e, later));
        if (earlier === undefined) return;
        context.report({
          node: later,
          messageId: later.name === 'allow' ? 'allowShadowed' : 'denyShadowed',
          data: { directive: describe(later), earlier: describe(earlier), line: earlier.loc.line, source: later.args[0]?.value ?? '' },
          related: [{ message: 'the line that matches first', loc: earlier.loc }],
        });
      });
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
