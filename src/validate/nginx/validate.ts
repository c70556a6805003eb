import { directivesInContext, type Directive, type Node, type SourceLocation } from '../../parse/ast.js';

import { contextOpenedBy, variantFits, type BlockContext } from './contexts.js';
import { DIRECTIVE_ARITY_ROWS, type ModuleFamily } from './directive-arity.js';

/**
 * What `nginx -t` refuses after the tokenizer is done: a directive in a block that does not take
 * it, the wrong number of arguments, a flag that is neither on nor off, a directive given twice
 * where nginx keeps one value, and names no loaded module defines. Messages are nginx's own
 * (`ngx_conf_handler` and the `ngx_conf_set_*_slot` handlers), so a user can match them with the
 * server's output.
 */

export type RefusalCode = 'not-allowed-here' | 'invalid-arguments' | 'invalid-flag' | 'duplicate' | 'unknown-directive';

export interface ConfigRefusal {
  code: RefusalCode;
  message: string;
  directive: Directive;
  /** The argument at fault, for an invalid flag value. */
  loc: SourceLocation;
}

export interface ValidateOptions {
  /** The context of the top of the entry file; `undefined` for a snippet whose context is unknown. */
  context: BlockContext | undefined;
  /**
   * Whether a name no module of the directive database defines is refused. Only sound for a
   * whole configuration that loads no third-party module: anything else may define it.
   */
  reportUnknown: boolean;
}

interface Variant {
  family: ModuleFamily;
  contexts: readonly string[];
  isBlock: boolean;
  min: number;
  max: number;
  flag: boolean;
}

const variantsByName = new Map<string, Variant[]>();
for (const [name, family, contexts, isBlock, min, max, flag] of DIRECTIVE_ARITY_ROWS) {
  const variants = variantsByName.get(name) ?? [];
  variants.push({ family, contexts, isBlock, min, max, flag });
  variantsByName.set(name, variants);
}

/**
 * Directives whose handler keeps one value per block and refuses a second ("is duplicate"):
 * every `ngx_conf_set_flag_slot` flag, and these single-value ones, each checked with `nginx -t`
 * (lint-rules/nginx/config-refused/config-refused.server.test.ts). Lists (`index`, `add_header`, `allow`,
 * `error_page`, `listen`, `server_name`...) take any number.
 */
const SINGLE_VALUE = new Set([
  'alias', 'root', 'try_files', 'default_type', 'client_max_body_size', 'proxy_pass', 'fastcgi_pass', 'uwsgi_pass',
  'scgi_pass', 'grpc_pass', 'auth_basic', 'auth_basic_user_file', 'expires', 'internal', 'satisfy', 'server_tokens',
  'keepalive_timeout', 'charset', 'disable_symlinks', 'worker_processes', 'user', 'pid', 'autoindex_format',
]);

/** `root` and `alias` share one slot: the second names the first (ngx_http_core_root). */
const PATH_DIRECTIVES = new Set(['root', 'alias']);

/** Where a directive stands, and the one-value directives its block has set so far. */
interface Place {
  block: BlockContext | undefined;
  seen: Map<string, Directive>;
}

/** The refusals in a loaded configuration, in reading order (includes entered where they stand). */
export function validateNginx(nodes: readonly Node[], options: ValidateOptions): ConfigRefusal[] {
  const refusals: ConfigRefusal[] = [];
  const misplaced = new Set<Directive>();
  // A block refused where it stands, or whose own place is unknown, still says what it opens.
  const open = (block: Directive, outer: Place): Place | undefined => {
    const inner = misplaced.has(block) || outer.block === undefined ? unknownTopBlock(block) : contextOpenedBy(block.name, outer.block);
    return inner && { block: inner, seen: new Map() };
  };
  for (const { directive, context } of directivesInContext<Place>(nodes, { block: options.context, seen: new Map() }, open)) {
    const refusal = check(directive, context.block, context.seen, options);
    if (refusal === undefined) continue;
    refusals.push(refusal);
    if (refusal.code === 'not-allowed-here') misplaced.add(directive);
  }
  return refusals;
}

/** Blocks of a snippet whose own context is unknown still say what they open. */
function unknownTopBlock(block: Directive): BlockContext | undefined {
  if (block.name === 'http') return { name: 'http', family: 'http' };
  if (block.name === 'server') return { name: 'server', family: 'http' };
  if (block.name === 'location') return { name: 'location', family: 'http' };
  return undefined;
}

function check(directive: Directive, where: BlockContext | undefined, seen: Map<string, Directive>, options: ValidateOptions): ConfigRefusal | undefined {
  const { name } = directive;
  const variants = variantsByName.get(name);
  if (variants === undefined) {
    return options.reportUnknown ? refuse('unknown-directive', `unknown directive "${name}"`, directive) : undefined;
  }
  // The directive database describes today's modules; in `stream` and `mail` blocks a name it
  // only knows from another family may be an older release's directive: say nothing.
  if (where !== undefined && (where.family === 'stream' || where.family === 'mail') && !variants.some((v) => v.family === where.family)) return undefined;
  const fitting = where === undefined ? variants : variants.filter((v) => variantFits(v.family, v.contexts, where));
  if (fitting.length === 0) return refuse('not-allowed-here', `"${name}" directive is not allowed here`, directive);
  // A block where none is taken, or none where one is: the reader already said so, as nginx does.
  if (!fitting.some((v) => v.isBlock === (directive.children !== undefined))) return undefined;

  const count = directive.args.length;
  if (!fitting.some((v) => count >= v.min && (v.max < 0 || count <= v.max))) {
    return refuse('invalid-arguments', `invalid number of arguments in "${name}" directive`, directive);
  }
  const isFlag = fitting.every((v) => v.flag);
  if (isFlag) {
    const value = directive.args[0];
    // ngx_conf_set_flag_slot compares without case.
    if (value && !/^(on|off)$/i.test(value.value)) {
      return { code: 'invalid-flag', message: `invalid value "${value.value}" in "${name}" directive, it must be "on" or "off"`, directive, loc: value.loc };
    }
  }
  if (where === undefined || !(isFlag || SINGLE_VALUE.has(name))) return undefined;
  const slot = PATH_DIRECTIVES.has(name) ? 'root|alias' : name;
  const earlier = seen.get(slot);
  if (earlier === undefined) {
    seen.set(slot, directive);
    return undefined;
  }
  const message =
    earlier.name === name ? `"${name}" directive is duplicate` : `"${name}" directive is duplicate, "${earlier.name}" directive was specified earlier`;
  return refuse('duplicate', message, directive);
}

function refuse(code: RefusalCode, message: string, directive: Directive): ConfigRefusal {
  return { code, message, directive, loc: directive.nameLoc };
}

