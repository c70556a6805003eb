import type { NginxLocation } from '../../src/model/nginx/index.js';
import type { Directive } from '../../src/parse/ast.js';
import type { Refusal, ServerProbe } from '../../src/probe/types.js';
import { sensitiveKindOf } from '../exposure/sensitive-files/sensitive-names.js';
import { allLocations } from '../nginx/nginx-server.js';
import { isGuardedUrl } from './refusals.js';

/** URLs a hidden-file or sensitive-file guard exists to catch. */
const SENSITIVE_URLS = ['/.git/config', '/.svn/entries', '/.env', '/.htaccess', '/.htpasswd', '/db/dump.sql', '/site.bak', '/index.php~', '/.index.php.swp', '/.DS_Store', '/id_rsa', '/server.key'];
/** URLs every site answers, which such a guard leaves alone. */
const ORDINARY_URLS = ['/', '/index.html', '/index.php', '/about/', '/css/site.css', '/js/app.js', '/img/logo.png', '/favicon.ico', '/robots.txt', '/api/users', '/admin/'];

/**
 * Locations whose refusal is the point: internal ones; regex locations that match a hidden
 * or sensitive file and no ordinary URL (`location ~ /\.`, `location ~ /\.ht`,
 * `location ~* \.(sql|bak)$`, `location ~ ~$`); prefix or exact locations on a dot segment
 * (`location /.git`); exact locations on a sensitive name (`location = /db.sql`).
 */
export function isGuardLocation(location: NginxLocation): boolean {
  if (location.settings.internal !== undefined) return true;
  const { modifier, pattern, regex } = location;
  if (modifier === 'regex' || modifier === 'regex-caseless') {
    return regex !== undefined && SENSITIVE_URLS.some((url) => regex.test(url)) && !ORDINARY_URLS.some((url) => regex.test(url));
  }
  const segments = pattern.split('/');
  if (segments.some((s) => s.startsWith('.') && s !== '.' && s !== '..')) return true;
  return modifier === 'exact' && sensitiveKindOf(segments.at(-1) ?? '') !== undefined;
}

/** The guard locations of every nginx server of the probed configuration, by their directive. */
export function guardScopes(probe: ServerProbe): Set<Directive> {
  const scopes = new Set<Directive>();
  if (probe.model.dialect !== 'nginx') return scopes;
  for (const server of probe.model.model.servers) for (const location of allLocations(server.locations)) if (isGuardLocation(location)) scopes.add(location.directive);
  return scopes;
}

/**
 * A refusal of a question a guard exists for: a hidden or sensitive URL, or the sample URL of
 * an nginx guard location. The deny and 403 rules leave these to exposure/guarded-files, which
 * reports a guard only when it refuses what the served tree really holds.
 */
export function isGuardRefusal(refusal: Refusal, guards: ReadonlySet<Directive>): boolean {
  return isGuardedUrl(refusal.question.path) || guards.has(refusal.question.scope);
}
