import { networkContains, parseIpAddress } from '../../model/nginx/ip-address.js';
import type { AccessRule, NginxSettings } from '../../model/nginx/types.js';
import type { HttpRequest } from '../types.js';

export type AccessDecision =
  | { allowed: true; rule?: AccessRule; authenticated: boolean }
  | { allowed: false; status: 401 | 403; rule?: AccessRule; settings: NginxSettings };

/**
 * The access phase: ngx_http_access_module (first matching `allow`/`deny`, no match decides
 * nothing) then ngx_http_auth_basic_module (a request without credentials gets 401; ones it
 * carries are taken as valid, since passwords are not audited). `satisfy all` stops at the
 * first refusal; `satisfy any` lets one acceptance through, and prefers 401 over 403 when none
 * accepts (ngx_http_core_access_phase).
 */
export function decideAccess(settings: NginxSettings, request: HttpRequest): AccessDecision {
  const rule = firstMatchingRule(settings.accessRules, request.clientIp);
  const byRule = rule === undefined ? 'declined' : rule.action === 'allow' ? 'ok' : 'forbidden';
  const byAuth = settings.authBasic.realm === null ? 'declined' : hasCredentials(request) ? 'ok' : 'unauthorized';
  const withRule = rule === undefined ? {} : { rule };
  if (settings.satisfy.mode === 'all') {
    if (byRule === 'forbidden') return { allowed: false, status: 403, ...withRule, settings };
    if (byAuth === 'unauthorized') return { allowed: false, status: 401, ...withRule, settings };
    return { allowed: true, ...withRule, authenticated: byAuth === 'ok' };
  }
  if (byRule === 'ok' || byAuth === 'ok' || (byRule === 'declined' && byAuth === 'declined')) {
    return { allowed: true, ...withRule, authenticated: byAuth === 'ok' };
  }
  return { allowed: false, status: byAuth === 'unauthorized' ? 401 : 403, ...withRule, settings };
}

export function firstMatchingRule(rules: readonly AccessRule[], clientIp: string): AccessRule | undefined {
  // Most locations have no rule: the client's address is then not worth parsing.
  if (rules.length === 0) return undefined;
  const ip = parseIpAddress(clientIp);
  return rules.find((rule) => rule.network === undefined || (ip !== undefined && networkContains(rule.network, ip)));
}

function hasCredentials(request: HttpRequest): boolean {
  return Object.entries(request.headers ?? {}).some(([name, value]) => name.toLowerCase() === 'authorization' && /^basic\s+\S/i.test(value));
}
