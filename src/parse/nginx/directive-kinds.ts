import { DIRECTIVE_ROWS } from './directive-table.js';

/**
 * What nginx knows about a directive before reading its arguments: whether it takes a block.
 * nginx checks the terminator in `ngx_conf_handler` with the first module whose directive of
 * that name is allowed in the current context, so `server` takes a block in `http` and none in
 * `upstream`. Directives nginx does not know (third-party modules) are not syntax errors here.
 */

interface Variant {
  contexts: readonly string[];
  isBlock: boolean;
}

// From NGINX's directive database (@nginx/reference-lib), as a generated table: loading the
// database itself, documentation and all, cost a fifth of the CLI's start-up.
const variantsByName = new Map<string, Variant[]>();
for (const [name, isBlock, contexts] of DIRECTIVE_ROWS) {
  const variants = variantsByName.get(name) ?? [];
  variants.push({ contexts, isBlock });
  variantsByName.set(name, variants);
}

/** The answer for names whose every variant agrees (all but `server`), decided once. */
const unanimous = new Map<string, boolean>();
for (const [name, variants] of variantsByName) {
  const first = (variants[0] as Variant).isBlock;
  if (variants.every((v) => v.isBlock === first)) unanimous.set(name, first);
}

/**
 * Whether `name` must open a block (true), must end with `;` (false), or either can be right
 * (undefined: unknown directive, or a context that does not decide, such as the top of a snippet).
 * `parent` is the enclosing block's directive name, `main` at the top of nginx.conf.
 */
export function expectsBlock(name: string, parent: string | undefined): boolean | undefined {
  const settled = unanimous.get(name);
  if (settled !== undefined) return settled;
  const variants = variantsByName.get(name);
  if (variants === undefined) return undefined;
  const fitting = parent === undefined ? variants : variants.filter((v) => v.contexts.some((c) => contextMatches(c, parent)));
  const first = fitting[0];
  if (first === undefined || fitting.some((v) => v.isBlock !== first.isBlock)) return undefined;
  return first.isBlock;
}

function contextMatches(context: string, parent: string): boolean {
  return context === parent || (parent === 'if' && context === 'if in location');
}

/**
 * Blocks whose content nginx hands to the directive's own reader (`cf->handler`) instead of
 * looking entries up as directives: `types`, `map`, `geo`, `split_clients`, `charset_map`.
 * In them a `{` is an error (`unexpected "{"`), and entry names are data, not directive names.
 */
const ENTRY_BLOCKS = new Set(['types', 'map', 'geo', 'split_clients', 'charset_map']);

export function holdsEntries(name: string): boolean {
  return ENTRY_BLOCKS.has(name);
}

/** lua-nginx-module reads the body of these as Lua source, not as nginx tokens. */
export function isLuaBlock(name: string): boolean {
  return name.endsWith('_by_lua_block');
}
