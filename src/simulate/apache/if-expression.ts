import { ipMatches } from './ip-match.js';
import { configRegex } from '../../regex/config-regex.js';

/** The request facts an `<If>` expression (ap_expr) may read. */
export interface ExprRequest {
  clientIp: string;
  localIp: string;
  method: string;
  uri: string;
  host: string;
  headers: Readonly<Record<string, string>>;
  env: ReadonlyMap<string, string>;
  query?: string;
}

type Token = { kind: 'string'; value: string } | { kind: 'var'; name: string } | { kind: 'func'; name: string; arg: string } | { kind: 'regex'; source: string; flags: string } | { kind: 'op'; value: string };

/**
 * The subset of ap_expr that access rules use: `%{VAR}`, quoted strings, `req('h')`/`env('v')`,
 * `==` `!=` `=~` `!~` `-ipmatch` `-R` `-strmatch`, `!`, `&&`, `||`, parentheses, `true`/`false`.
 * Returns undefined for anything else so the caller can say it did not evaluate it.
 */
export function evaluateIf(expression: string, request: ExprRequest): boolean | undefined {
  const tokens = tokenize(expression);
  if (!tokens) return undefined;
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const isOp = (value: string): boolean => {
    const t = peek();
    return t?.kind === 'op' && t.value === value;
  };
  const value = (t: Token | undefined): string | undefined => {
    if (!t) return undefined;
    if (t.kind === 'string') return t.value.replace(/%\{([^}]+)\}/g, (_, n: string) => requestVariable(n, request) ?? '');
    if (t.kind === 'var') return requestVariable(t.name, request);
    if (t.kind === 'func') return func(t.name, t.arg, request);
    return undefined;
  };
  const parseOr = (): boolean | undefined => {
    let left = parseAnd();
    while (left !== undefined && isOp('||')) {
      pos++;
      const right = parseAnd();
      if (right === undefined) return undefined;
      left = left || right;
    }
    return left;
  };
  const parseAnd = (): boolean | undefined => {
    let left = parseUnary();
    while (left !== undefined && isOp('&&')) {
      pos++;
      const right = parseUnary();
      if (right === undefined) return undefined;
      left = left && right;
    }
    return left;
  };
  const parseUnary = (): boolean | undefined => {
    if (isOp('!')) {
      pos++;
      const inner = parseUnary();
      return inner === undefined ? undefined : !inner;
    }
    if (isOp('(')) {
      pos++;
      const inner = parseOr();
      if (!isOp(')')) return undefined;
      pos++;
      return inner;
    }
    const t = peek();
    if (t?.kind === 'op' && (t.value === 'true' || t.value === 'false')) {
      pos++;
      return t.value === 'true';
    }
    if (t?.kind === 'op' && t.value === '-R') {
      pos++;
      const spec = value(tokens[pos++]);
      return spec === undefined ? undefined : ipMatches(spec, request.clientIp);
    }
    const left = value(tokens[pos++]);
    const op = peek();
    if (left === undefined || op?.kind !== 'op') return undefined;
    pos++;
    const rightToken = tokens[pos++];
    if (op.value === '=~' || op.value === '!~') {
      if (rightToken?.kind !== 'regex') return undefined;
      const matched = configRegex(rightToken.source, rightToken.flags).test(left);
      return op.value === '=~' ? matched : !matched;
    }
    const right = value(rightToken);
    if (right === undefined) return undefined;
    switch (op.value) {
      case '==':
      case '=':
        return left === right;
      case '!=':
        return left !== right;
      case '-ipmatch':
        return ipMatches(right, left);
      case '-strmatch':
        return configRegex(`^${right.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(left);
      default:
        return undefined;
    }
  };
  const result = parseOr();
  return pos === tokens.length ? result : undefined;
}

/** The `%{NAME}` server variables ap_expr and mod_rewrite share, for what a request carries. */
export function requestVariable(name: string, request: ExprRequest): string | undefined {
  switch (name.toUpperCase()) {
    case 'REQUEST_URI':
      return request.uri;
    case 'REQUEST_METHOD':
      return request.method;
    case 'REMOTE_ADDR':
      return request.clientIp;
    case 'SERVER_ADDR':
      return request.localIp;
    case 'HTTP_HOST':
    case 'SERVER_NAME':
      return request.host;
    case 'QUERY_STRING':
      return request.query ?? '';
    default:
      if (name.toUpperCase().startsWith('HTTP_')) return requestHeader(request, name.slice(5).replace(/_/g, '-'));
      return request.env.get(name);
  }
}

function func(name: string, arg: string, request: ExprRequest): string | undefined {
  switch (name.toLowerCase()) {
    case 'req':
    case 'http':
      return requestHeader(request, arg) ?? '';
    case 'env':
    case 'reqenv':
      return request.env.get(arg) ?? '';
    default:
      return undefined;
  }
}

/** A request header, its name matched without case as HTTP wants. */
export function requestHeader(request: Pick<ExprRequest, 'headers'>, name: string): string | undefined {
  return Object.entries(request.headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
}

function tokenize(text: string): Token[] | undefined {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    let m: RegExpExecArray | null;
    if (/^\s/.test(rest)) i++;
    else if ((m = /^%\{([A-Za-z0-9_:]+)\}/.exec(rest))) {
      tokens.push({ kind: 'var', name: m[1] as string });
      i += m[0].length;
    } else if ((m = /^'([^']*)'|^"([^"]*)"/.exec(rest))) {
      tokens.push({ kind: 'string', value: (m[1] ?? m[2]) as string });
      i += m[0].length;
    } else if ((m = /^([a-z]+)\(\s*(?:'([^']*)'|"([^"]*)")\s*\)/.exec(rest))) {
      tokens.push({ kind: 'func', name: m[1] as string, arg: (m[2] ?? m[3]) as string });
      i += m[0].length;
    } else if ((m = /^(?:m(.)(.*?)\1|\/(.*?)\/)([i]*)/.exec(rest)) && tokens[tokens.length - 1]?.kind === 'op') {
      tokens.push({ kind: 'regex', source: (m[2] ?? m[3]) as string, flags: m[4] ?? '' });
      i += m[0].length;
    } else if ((m = /^(\|\||&&|==|!=|=~|!~|-ipmatch|-strmatch|-R|[!()=]|true|false)/.exec(rest))) {
      tokens.push({ kind: 'op', value: m[1] as string });
      i += m[0].length;
    } else return undefined;
  }
  return tokens;
}
