import type { Directive } from '../../parse/ast.js';
import type { FsView } from '../../fs/types.js';
import { requestHeader, requestVariable, type ExprRequest } from './if-expression.js';
import { configRegex } from '../../regex/config-regex.js';

/** What SetEnvIf can test about a request: what ap_expr reads, before any variable is set. */
export type EnvRequest = Omit<ExprRequest, 'env' | 'query'>;

/**
 * mod_setenvif: each SetEnvIf/BrowserMatch line, in order, sets or (`!var`) unsets variables
 * when its attribute matches the regex. Runs before authorization, so `Require env` and
 * `Allow from env=` see the result.
 */
export function applySetEnvIf(directives: readonly Directive[], request: EnvRequest, env: Map<string, string>): void {
  for (const d of directives) {
    const name = d.lowerName;
    const values = d.args.map((a) => a.value);
    const browser = name.startsWith('browsermatch');
    const attribute = browser ? 'User-Agent' : values.shift() ?? '';
    const pattern = values.shift() ?? '';
    const regex = regexOf(d, pattern, name.endsWith('nocase') ? 'i' : '');
    if (regex === undefined) continue;
    const subject = attributeValue(attribute, request, env);
    if (subject === undefined || !regex.test(subject)) continue;
    for (const assignment of values) {
      if (assignment.startsWith('!')) env.delete(assignment.slice(1));
      else {
        const eq = assignment.indexOf('=');
        env.set(eq < 0 ? assignment : assignment.slice(0, eq), eq < 0 ? '1' : assignment.slice(eq + 1));
      }
    }
  }
}

/**
 * Each line's pattern, compiled once per loaded configuration: every simulated request runs all
 * of them, and bot blocklists hold thousands (more than the shared pattern cache keeps, which
 * then compiled every pattern again for every request).
 */
const compiledOf = new WeakMap<Directive, RegExp | null>();
function regexOf(directive: Directive, pattern: string, flags: string): RegExp | undefined {
  let regex = compiledOf.get(directive);
  if (regex === undefined) {
    try {
      regex = configRegex(pattern, flags);
    } catch {
      regex = null;
    }
    compiledOf.set(directive, regex);
  }
  return regex ?? undefined;
}

/** SetEnvIf's request attributes, as the ap_expr variables that read the same request field. */
const ATTRIBUTE_VARIABLES: Readonly<Record<string, string>> = {
  remote_addr: 'REMOTE_ADDR',
  server_addr: 'SERVER_ADDR',
  request_method: 'REQUEST_METHOD',
  request_uri: 'REQUEST_URI',
  host: 'HTTP_HOST',
};

/** A named attribute, else a request header, else an environment variable set by an earlier line. */
function attributeValue(attribute: string, request: EnvRequest, env: ReadonlyMap<string, string>): string | undefined {
  const lower = attribute.toLowerCase();
  if (lower === 'request_protocol') return 'HTTP/1.1';
  const variable = ATTRIBUTE_VARIABLES[lower];
  if (variable) return requestVariable(variable, { ...request, env });
  return requestHeader(request, attribute) ?? env.get(attribute);
}

/**
 * Names the audited system gives an address in its /etc/hosts, as httpd's double-reverse
 * lookup would find them there (forward-confirmed: the same line maps the name back).
 */
export function hostNamesOf(fs: FsView, ip: string): string[] {
  const hosts = fs.readFile('/etc/hosts');
  if (!hosts.ok) return [];
  const names: string[] = [];
  for (const line of hosts.value.toString('utf8').split('\n')) {
    const [address, ...aliases] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (address === ip) names.push(...aliases);
  }
  return names;
}
