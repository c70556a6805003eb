import type { Directive } from '../../parse/ast.js';
import { activeDirectives } from '../../model/apache/index.js';
import { evaluateIf } from './if-expression.js';
import { ipMatches } from './ip-match.js';

/** mod_authz_core's four outcomes (AUTHZ_GRANTED, AUTHZ_DENIED, AUTHZ_DENIED_NO_USER, AUTHZ_NEUTRAL). */
export type AuthzResult = 'granted' | 'denied' | 'denied-no-user' | 'neutral';

export interface RequireLeaf {
  type: 'require';
  /** From an enclosing `<Limit>`/`<LimitExcept>`: the methods it applies to (all when absent). */
  methods?: MethodSet;
  negate: boolean;
  provider: string;
  args: string[];
  directive: Directive;
}

/** A `<Limit GET POST>` (listed) or `<LimitExcept GET>` (all but listed) method set. */
export interface MethodSet {
  except: boolean;
  names: readonly string[];
}

export interface RequireContainer {
  type: 'container';
  methods?: MethodSet;
  /** `<RequireAll>` is `all`; `<RequireAny>`, `<RequireNone>` and a section's bare Requires are `any`. */
  op: 'all' | 'any';
  negate: boolean;
  children: RequireNode[];
  /** The `<RequireX>` block, or the first `Require` of an implicit section. */
  directive: Directive;
}

export type RequireNode = RequireLeaf | RequireContainer;

/** What a Require provider needs to know about the request. */
export interface AuthzRequest {
  clientIp: string;
  method: string;
  /** Variables set by SetEnvIf before authorization. */
  env: ReadonlyMap<string, string>;
  /** Names the audited system's /etc/hosts gives the client address (for `Require host`). */
  clientHostNames: readonly string[];
  /** The server's own address on this connection (`Require local` also accepts it). */
  localIp: string;
  uri: string;
  host: string;
  headers: Readonly<Record<string, string>>;
  user?: string;
}

export interface AuthzDecision {
  result: AuthzResult;
  /** The Require that decided, when one did. */
  decisive?: Directive;
  /** Providers forbidlint cannot evaluate statically (`expr`, `dbd-group`, ...). */
  unsupported: Directive[];
  /** AH codes providers log while deciding, in order (they precede authz_core's own). */
  logged: string[];
}

const CONTAINERS: Record<string, { op: 'all' | 'any'; negate: boolean }> = {
  requireall: { op: 'all', negate: false },
  requireany: { op: 'any', negate: false },
  requirenone: { op: 'any', negate: true },
};

/**
 * The authorization of one section: its `Require` lines and `<RequireX>` blocks, combined as
 * an implicit `<RequireAny>` the way authz_core does; undefined when the section has none.
 */
export function requireTreeOf(directives: readonly Directive[]): RequireContainer | undefined {
  const children = requireNodes(directives);
  const first = children[0];
  if (!first) return undefined;
  if (children.length === 1 && first.type === 'container') return first;
  return { type: 'container', op: 'any', negate: false, children, directive: first.directive };
}

function requireNodes(directives: Iterable<Directive>, methods?: MethodSet): RequireNode[] {
  const nodes: RequireNode[] = [];
  const limit = methods ? { methods } : {};
  for (const d of directives) {
    const name = d.lowerName;
    const container = CONTAINERS[name];
    if (container) {
      nodes.push({ type: 'container', ...container, ...limit, children: requireNodes(activeDirectives(d.children ?? []), methods), directive: d });
    } else if (name === 'limit' || name === 'limitexcept') {
      // core's <Limit> marks what it contains as limited to those methods (cmd->limited).
      const set = { except: name === 'limitexcept', names: d.args.map((a) => methodNumber(a.value)) };
      nodes.push(...requireNodes(activeDirectives(d.children ?? []), set));
    } else if (name === 'require') {
      const values = d.args.map((a) => a.value);
      const negate = values[0]?.toLowerCase() === 'not';
      const [provider = '', ...args] = negate ? values.slice(1) : values;
      nodes.push({ type: 'require', ...limit, negate, provider: provider.toLowerCase(), args, directive: d });
    }
  }
  return nodes;
}

function appliesTo(methods: MethodSet | undefined, method: string): boolean {
  if (!methods) return true;
  return methods.names.includes(methodNumber(method)) !== methods.except;
}

/**
 * Whether any Require in the tree applies to the method: authz_core treats a request whose
 * method no `<Limit>` covers as if no Require were configured.
 */
export function coversMethod(node: RequireNode, method: string): boolean {
  if (node.type === 'require') return appliesTo(node.methods, method);
  return appliesTo(node.methods, method) && node.children.some((c) => coversMethod(c, method));
}

/** authz_core's AuthMerging: `and`/`or` combine with what the enclosing sections required. */
export function mergeRequire(base: RequireContainer | undefined, next: RequireContainer, merging: 'off' | 'and' | 'or'): RequireContainer {
  if (!base || merging === 'off') return next;
  return { type: 'container', op: merging === 'and' ? 'all' : 'any', negate: false, children: [base, next], directive: next.directive };
}

/**
 * apply_authz_sections of mod_authz_core: RequireAll stops at the first denial, RequireAny at
 * the first grant, neutral children are skipped, and negation turns a grant into a denial and
 * a denial into neutral (a negated requirement can never grant on its own).
 */
export function evaluateRequire(node: RequireNode, request: AuthzRequest): AuthzDecision {
  const unsupported: Directive[] = [];
  const logged: string[] = [];
  const visit = (n: RequireNode): { result: AuthzResult; decisive?: Directive } => {
    let outcome: { result: AuthzResult; decisive?: Directive };
    if (!coversMethod(n, request.method)) return { result: 'neutral' };
    if (n.type === 'require') {
      const result = provide(n, request, logged);
      if (result === undefined) unsupported.push(n.directive);
      outcome = { result: result ?? 'neutral', decisive: n.directive };
    } else {
      outcome = { result: 'neutral' };
      for (const child of n.children) {
        const c = visit(child);
        if (c.result === 'neutral') continue;
        if (n.op === 'all') {
          if (c.result === 'denied') {
            outcome = c;
            break;
          }
          if ((c.result === 'denied-no-user' && outcome.result !== 'denied') || outcome.result === 'neutral') outcome = c;
        } else {
          if (c.result === 'granted') {
            outcome = c;
            break;
          }
          if ((c.result === 'denied-no-user' && outcome.result === 'denied') || outcome.result === 'neutral') outcome = c;
        }
      }
    }
    if (!n.negate) return outcome;
    if (outcome.result === 'granted') return { ...outcome, result: 'denied' };
    if (outcome.result === 'denied' || outcome.result === 'denied-no-user') return { ...outcome, result: 'neutral' };
    return outcome;
  };
  return { ...visit(node), unsupported, logged };
}

/** One provider's answer; undefined when it cannot be decided without the running server. */
function provide(leaf: RequireLeaf, request: AuthzRequest, logged: string[]): AuthzResult | undefined {
  const grantIf = (condition: boolean): AuthzResult => (condition ? 'granted' : 'denied');
  switch (leaf.provider) {
    case 'all':
      return leaf.args[0]?.toLowerCase() === 'granted' ? 'granted' : 'denied';
    case 'ip':
      return grantIf(leaf.args.some((spec) => ipMatches(spec, request.clientIp)));
    case 'local':
      return grantIf(ipMatches('127.0.0.0/8', request.clientIp) || request.clientIp === '::1' || request.clientIp === request.localIp);
    case 'host':
      if (request.clientHostNames.length === 0) {
        // No name for the client: mod_authz_host logs AH01753 before authz_core's AH01630.
        logged.push('AH01753');
        return 'denied';
      }
      return grantIf(leaf.args.some((suffix) => request.clientHostNames.some((name) => hostMatches(name, suffix))));
    case 'env':
      return grantIf(leaf.args.some((name) => request.env.has(name)));
    case 'expr': {
      const holds = evaluateIf(leaf.args.join(' '), request);
      return holds === undefined ? undefined : grantIf(holds);
    }
    case 'method':
      // httpd gives HEAD the method number of GET (a HEAD is a GET with header_only set).
      return grantIf(leaf.args.some((m) => methodNumber(m) === methodNumber(request.method)));
    case 'user':
      return request.user === undefined ? 'denied-no-user' : grantIf(leaf.args.includes(request.user));
    case 'valid-user':
      return request.user === undefined ? 'denied-no-user' : 'granted';
    case 'group':
    case 'file-owner':
    case 'file-group':
      return request.user === undefined ? 'denied-no-user' : undefined;
    default:
      return undefined;
  }
}

function methodNumber(method: string): string {
  const upper = method.toUpperCase();
  return upper === 'HEAD' ? 'GET' : upper;
}

/** mod_authz_host: a name matches itself or any subdomain, case-insensitively. */
function hostMatches(name: string, suffix: string): boolean {
  const n = name.toLowerCase();
  const s = suffix.toLowerCase().replace(/^\./, '');
  return n === s || n.endsWith(`.${s}`);
}
