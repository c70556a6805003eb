import type { Directive } from '../../parse/ast.js';
import type { AuthzRequest } from './authz.js';
import { ipMatches, isIpSpec } from './ip-match.js';

/** mod_access_compat's per-directory state: the whole of it comes from the most specific section that uses it. */
export interface AccessCompatConfig {
  order: 'deny,allow' | 'allow,deny' | 'mutual-failure';
  allows: Directive[];
  denies: Directive[];
  /** Every Order/Allow/Deny line of the section, for the trace. */
  directives: Directive[];
}

const NAMES = new Set(['order', 'allow', 'deny']);

/**
 * The section's mod_access_compat config, or undefined when it has no Order/Allow/Deny. httpd
 * gives the module no merge function, so a section that uses any of them starts again from
 * `Order Deny,Allow` with empty lists instead of inheriting the enclosing section's.
 */
export function accessCompatOf(directives: readonly Directive[]): AccessCompatConfig | undefined {
  const own = directives.filter((d) => NAMES.has(d.lowerName));
  if (own.length === 0) return undefined;
  const config: AccessCompatConfig = { order: 'deny,allow', allows: [], denies: [], directives: own };
  for (const d of own) {
    const name = d.lowerName;
    if (name === 'order') {
      const value = d.args.map((a) => a.value).join('').toLowerCase().replace(/\s+/g, '');
      config.order = value === 'allow,deny' ? 'allow,deny' : value === 'mutual-failure' ? 'mutual-failure' : 'deny,allow';
    } else if (name === 'allow') {
      config.allows.push(d);
    } else {
      config.denies.push(d);
    }
  }
  return config;
}

/** check_dir_access of mod_access_compat: the order decides which list has the last word. */
export function evaluateAccessCompat(config: AccessCompatConfig, request: AuthzRequest): { allowed: boolean; decisive?: Directive } {
  const allow = config.allows.find((d) => lineMatches(d, request));
  const deny = config.denies.find((d) => lineMatches(d, request));
  switch (config.order) {
    case 'allow,deny':
      if (deny) return { allowed: false, decisive: deny };
      return allow ? { allowed: true, decisive: allow } : { allowed: false, ...(config.directives[0] ? { decisive: config.directives[0] } : {}) };
    case 'deny,allow':
      if (allow) return { allowed: true, decisive: allow };
      return deny ? { allowed: false, decisive: deny } : { allowed: true };
    case 'mutual-failure':
      return allow && !deny ? { allowed: true, decisive: allow } : { allowed: false, ...((deny ?? config.directives[0]) ? { decisive: deny ?? config.directives[0] } : {}) };
  }
}

/**
 * The line that makes mod_access_compat refuse every client whatever its address, names or
 * environment, or undefined when some client may pass: `Deny from all` wins under
 * `Order Allow,Deny` and `Mutual-failure`, and under `Order Deny,Allow` when no Allow line can
 * reopen it; with no Allow line at all, `Allow,Deny` and `Mutual-failure` refuse by default (the
 * Order line decides).
 */
export function everyClientRefusedBy(config: AccessCompatConfig): Directive | undefined {
  const denyAll = config.denies.find(namesAll);
  const hasAllows = config.allows.length > 0;
  const orderLine = config.directives.find((d) => d.lowerName === 'order') ?? config.directives[0];
  switch (config.order) {
    case 'deny,allow':
      return hasAllows ? undefined : denyAll;
    case 'allow,deny':
    case 'mutual-failure':
      return denyAll ?? (hasAllows ? undefined : orderLine);
  }
}

function namesAll(directive: Directive): boolean {
  return specsOf(directive).some((spec) => spec.toLowerCase() === 'all');
}

function specsOf(directive: Directive): string[] {
  return directive.args.map((a) => a.value).filter((v, i) => !(i === 0 && v.toLowerCase() === 'from'));
}

/** `Allow from all`, addresses and subnets, host names (double-reverse lookup), `env=VAR`, `env=!VAR`. */
function lineMatches(directive: Directive, request: AuthzRequest): boolean {
  return specsOf(directive).some((spec) => {
    const lower = spec.toLowerCase();
    if (lower === 'all') return true;
    if (lower.startsWith('env=!')) return !request.env.has(spec.slice(5));
    if (lower.startsWith('env=')) return request.env.has(spec.slice(4));
    if (isIpSpec(spec)) return ipMatches(spec, request.clientIp);
    const suffix = lower.replace(/^\./, '');
    return request.clientHostNames.some((n) => n.toLowerCase() === suffix || n.toLowerCase().endsWith(`.${suffix}`));
  });
}
