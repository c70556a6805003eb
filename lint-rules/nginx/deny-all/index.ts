import { createRule, NO_OPTIONS_SCHEMA } from '../../../src/engine/rule.js';
import type { AccessRule, NginxLocation, NginxSettings } from '../../../src/model/nginx/index.js';
import type { Directive } from '../../../src/parse/ast.js';
import { describeLocation } from '../../../src/simulate/nginx/trace.js';
import { sensitiveKindOf } from '../../exposure/sensitive-files/sensitive-names.js';
import { describeServer } from '../../shared/server-label.js';
import { allLocations, isSiteRoot, nginxServerOf } from '../nginx-server.js';

/**
 * The `deny all` that ends a list every client reaches: nginx's access module applies the first
 * rule that matches the client, so with no `allow` before it every request gets 403.
 */
function denyingRule(settings: NginxSettings): AccessRule | undefined {
  // With `satisfy any`, a client that passes auth_basic is let in despite the deny.
  if (settings.satisfy.mode === 'any' && settings.authBasic.realm !== null) return undefined;
  for (const rule of settings.accessRules) {
    if (rule.action === 'allow') return undefined;
    if (rule.network === undefined) return rule;
  }
  return undefined;
}

/** URLs a hidden-file or sensitive-file guard exists to catch. */
const SENSITIVE_URLS = ['/.git/config', '/.svn/entries', '/.env', '/.htaccess', '/.htpasswd', '/db/dump.sql', '/site.bak', '/index.php~', '/.index.php.swp', '/.DS_Store', '/id_rsa', '/server.key'];
/** URLs every site answers, which such a guard leaves alone. */
const ORDINARY_URLS = ['/', '/index.html', '/index.php', '/about/', '/css/site.css', '/js/app.js', '/img/logo.png', '/favicon.ico', '/robots.txt', '/api/users', '/admin/'];

/**
 * Locations whose `deny all` is the point: internal ones; regex locations that match a hidden
 * or sensitive file and no ordinary URL (`location ~ /\.`, `location ~ /\.ht`,
 * `location ~* \.(sql|bak)$`, `location ~ ~$`); prefix or exact locations on a dot segment
 * (`location /.git`); exact locations on a sensitive name (`location = /db.sql`).
 */
function isPrivate(location: NginxLocation): boolean {
  if (location.settings.internal !== undefined) return true;
  const { modifier, pattern, regex } = location;
  if (modifier === 'regex' || modifier === 'regex-caseless') {
    return regex !== undefined && SENSITIVE_URLS.some((url) => regex.test(url)) && !ORDINARY_URLS.some((url) => regex.test(url));
  }
  const segments = pattern.split('/');
  if (segments.some((s) => s.startsWith('.') && s !== '.' && s !== '..')) return true;
  return modifier === 'exact' && sensitiveKindOf(segments.at(-1) ?? '') !== undefined;
}

export default createRule({
  meta: {
    id: 'nginx/deny-all',
    type: 'problem',
    docs: { description: 'Report a `deny all` that refuses every client for a URL a server serves', recommended: 'recommended' },
    messages: {
      wholeServer: '`deny all` refuses every client of {{server}} for every URL under /: nginx answers 403 and logs "access forbidden by rule"',
      someLocations: '`deny all` refuses every client of {{server}} in {{locations}}: nginx answers 403 for those URLs and logs "access forbidden by rule"',
    },
    schema: NO_OPTIONS_SCHEMA,
    defaultSeverity: 'error',
  },
  defaultOptions: {},
  create(context) {
    return {
      server(event) {
        const target = nginxServerOf(event);
        if (target === undefined) return;
        const { server } = target;
        // Where each closing `deny all` applies; locations are described only for the ones reported.
        const found = new Map<Directive, { wholeServer: boolean; locations: NginxLocation[] }>();
        const note = (rule: AccessRule | undefined, wholeServer: boolean, location?: NginxLocation): void => {
          if (rule === undefined) return;
          const entry = found.get(rule.directive) ?? { wholeServer: false, locations: [] };
          entry.wholeServer ||= wholeServer;
          if (location !== undefined) entry.locations.push(location);
          found.set(rule.directive, entry);
        };
        const locations = [...allLocations(server.locations)].filter((l) => l.modifier !== 'named');
        // Requests no location matches use the server's own settings; without `location /` that includes `/`.
        if (!locations.some(isSiteRoot)) note(denyingRule(server.settings), true);
        for (const location of locations) {
          const rule = denyingRule(location.settings);
          // isPrivate runs two dozen URLs through a regex location: only worth it where a deny closes it.
          if (rule !== undefined && !isPrivate(location)) note(rule, isSiteRoot(location), location);
        }
        for (const [directive, { wholeServer, locations: where }] of found) {
          const data = { server: describeServer(server) };
          if (wholeServer) context.report({ node: directive, messageId: 'wholeServer', data });
          // The rest of the site still answers, so a closed sub-location is a warning at most.
          else context.report({ node: directive, messageId: 'someLocations', data: { ...data, locations: where.map(describeLocation).join(', ') }, severity: 'warn' });
        }
      },
    };
  },
});
