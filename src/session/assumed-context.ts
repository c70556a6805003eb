import * as posixPath from 'node:path/posix';
import type { Dialect, Directive, Node } from '../parse/ast.js';
import { parseNginx } from '../parse/nginx/index.js';
import type { EarlierParse } from '../parse/nginx/reuse.js';
import { parseApache } from '../parse/apache/index.js';
import { DIRECTORY_ONLY } from '../model/apache/index.js';
import { modulesRegistering } from '../parse/apache/directive-modules.js';
import { DEBIAN_STATIC_MODULES, moduleNames } from '../parse/apache/modules.js';
import { MAIN, type BlockContext } from '../validate/nginx/contexts.js';
import { validateNginx } from '../validate/nginx/validate.js';

/**
 * The configuration a lone file is read inside when no main configuration of the project
 * includes it: the stock settings Debian's packages install, with the file included where its
 * content belongs. Only findings located in the file itself are reported.
 */
export interface AssumedContext {
  /** The main configuration written around the file. */
  text: string;
  /** Where relative includes resolve: nginx's conf prefix, Apache's ServerRoot. */
  prefix: string;
  /** What was assumed, in words, for the note. */
  description: string;
}

/** A file whose top level nginx refuses in a server (server, upstream, map, charset_map...) is included in http {}. */
const IN_SERVER: BlockContext = { name: 'server', family: 'http' };
const IN_HTTP: BlockContext = { name: 'http', family: 'http' };
const IN_LOCATION: BlockContext = { name: 'location', family: 'http' };
/** Blocks only a main configuration holds. */
const MAIN_ONLY = new Set(['http', 'events', 'stream', 'mail', 'worker_processes', 'user', 'pid']);

/**
 * Debian's /etc/nginx/nginx.conf as installed, up to the includes of the sites: with the modules
 * its libnginx-mod-* packages enable, read from the prefix's modules-enabled/.
 */
const debianNginxMain = (prefix: string): string => `user www-data;
worker_processes auto;
pid /run/nginx.pid;
include ${JSON.stringify(`${prefix}/modules-enabled/*.conf`)};
events {
  worker_connections 768;
}
http {
  sendfile on;
  tcp_nopush on;
  types_hash_max_size 2048;
  default_type application/octet-stream;
  ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;
  ssl_prefer_server_ciphers on;
  access_log /var/log/nginx/access.log;
  gzip on;
`;

/** Modules Debian's apache2 package enables (mods-enabled/ after installation). */
const DEBIAN_APACHE_MODULES = ['mpm_event', 'access_compat', 'alias', 'auth_basic', 'authn_core', 'authn_file', 'authz_core', 'authz_host', 'authz_user', 'autoindex', 'deflate', 'dir', 'env', 'filter', 'mime', 'negotiation', 'reqtimeout', 'setenvif', 'status'];

/**
 * Debian's /etc/apache2/apache2.conf as installed (with its enabled modules), up to the includes
 * of the sites, plus `extra` modules: those the lone file's own directives need.
 */
function debianApacheMain(extra: readonly string[] = []): string {
  const modules = [...DEBIAN_APACHE_MODULES, ...extra].map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so`).join('\n');
  return `${modules}
User www-data
Group www-data
Listen 80
<Directory />
\tOptions FollowSymLinks
\tAllowOverride None
\tRequire all denied
</Directory>
<Directory /usr/share>
\tAllowOverride None
\tRequire all granted
</Directory>
<Directory /var/www/>
\tOptions Indexes FollowSymLinks
\tAllowOverride None
\tRequire all granted
</Directory>
AccessFileName .htaccess
<FilesMatch "^\\.ht">
\tRequire all denied
</FilesMatch>
DirectoryIndex index.html index.cgi index.pl index.php index.xhtml index.htm
`;
}

/**
 * nginx resolves a relative include against its conf prefix (/etc/nginx on Debian), not the
 * including file's directory: the prefix of a mirrored tree (`.../etc/nginx/`) when the file
 * lies in one, else the audited system's /etc/nginx.
 */
export function nginxPrefix(file: string): string {
  const at = file.lastIndexOf('/etc/nginx/');
  return at >= 0 ? file.slice(0, at + '/etc/nginx'.length) : '/etc/nginx';
}

/** Apache's ServerRoot: /etc/apache2 (Debian) or /etc/httpd (RHEL), mirrored or not. */
export function apacheServerRoot(file: string): string {
  const match = /^(.*\/etc\/(?:apache2|httpd))\//.exec(file);
  return match?.[1] ?? '/etc/apache2';
}

/**
 * The context nginx would need to start with `text` as `file`: a main configuration is its own
 * context (undefined); server blocks go into http {}; server-level directives and location
 * snippets go into a server; location-level directives (Debian's snippets/fastcgi-php.conf) go
 * into a `location /` of that server.
 */
export function nginxContext(file: string, text: string): AssumedContext | undefined {
  const top = topLevel(file, text);
  if (top.some((node) => MAIN_ONLY.has(node.name))) return undefined;
  const prefix = nginxPrefix(file);
  const quoted = JSON.stringify(file);
  if (refusedAtTop(top, IN_SERVER) && refusedAtTop(top, IN_HTTP) && !refusedAtTop(top, IN_LOCATION)) {
    return {
      text: `${debianNginxMain(prefix)}  server {\n    listen 80;\n    server_name _;\n    location / {\n      include ${quoted};\n    }\n  }\n}\n`,
      prefix,
      description: `inside a location / of a server {} (listen 80) of Debian's stock nginx.conf (prefix ${prefix})`,
    };
  }
  if (refusedAtTop(top, IN_SERVER)) {
    return { text: `${debianNginxMain(prefix)}  include ${quoted};\n}\n`, prefix, description: `in the http {} block of Debian's stock nginx.conf (prefix ${prefix})` };
  }
  return {
    text: `${debianNginxMain(prefix)}  server {\n    listen 80;\n    server_name _;\n    include ${quoted};\n  }\n}\n`,
    prefix,
    description: `inside a server {} (listen 80) of Debian's stock nginx.conf (prefix ${prefix})`,
  };
}

/**
 * Whether an nginx file named like a main configuration (`nginx.conf`) is one. Applications
 * ship their server block as `nginx.conf` to be included in http {}: a file whose top level
 * holds blocks nginx refuses there (server, location, upstream, map...) and nothing only a main
 * configuration holds is such a snippet.
 */
export function isNginxMainText(file: string, text: string): boolean {
  const top = topLevel(file, text);
  return top.some((node) => MAIN_ONLY.has(node.name)) || !refusedAtTop(top, MAIN);
}

function topLevel(file: string, text: string): Directive[] {
  // Asked again: an editor's file, worth the memos of its parse (the command line asks once).
  const again = lastParses.has(file);
  const earlier = lastParses.get(file) ?? undefined;
  const parsed = parseNginx(text, file, { context: 'main', ...(again ? { reuse: { earlier } } : {}) });
  lastParses.delete(file);
  if (lastParses.size >= LAST_PARSES) lastParses.delete(lastParses.keys().next().value as string);
  lastParses.set(file, parsed.memos ? { memos: parsed.memos, text: parsed.text } : null);
  return parsed.nodes.filter((node): node is Directive => node.type === 'directive');
}

/**
 * The files asked about most recently, with their last parse once asked twice: an editor asks
 * about the same file on every keystroke, and most of its text is what it was (see
 * parse/nginx/reuse.ts).
 */
const lastParses = new Map<string, EarlierParse | null>();
const LAST_PARSES = 8;

/** Whether nginx refuses a top-level directive of the file (the validator's table, not a list kept here) in `context`. */
function refusedAtTop(top: readonly Directive[], context: BlockContext): boolean {
  const own = new Set(top);
  return validateNginx(top, { context, reportUnknown: false }).some((refusal) => refusal.code === 'not-allowed-here' && own.has(refusal.directive));
}

/**
 * The modules beyond Debian's stock set that register a directive of the lone file (`rewrite`
 * for RewriteRule, `headers` for Header), inside `<IfModule>` too: a file is written for a
 * server that enables what it uses (`a2enmod rewrite`), and without its real configuration the
 * assumed one should not call those lines invalid. A name no module registers stays invalid,
 * except mod_php's, which assume mod_php.
 */
const PHP_DIRECTIVES = new Set(['php_value', 'php_flag', 'php_admin_value', 'php_admin_flag']);

function modulesUsedBy(file: string, text: string): string[] {
  const stock = new Set([...DEBIAN_APACHE_MODULES, ...DEBIAN_STATIC_MODULES.map((m) => moduleNames(m)[0].replace(/_module$/, ''))]);
  const needed = new Set<string>();
  const visit = (nodes: readonly Node[]): void => {
    for (const node of nodes) {
      if (node.type !== 'directive') continue;
      const registering = modulesRegistering(node.lowerName);
      const stems = registering.filter((m) => /^mod_\w+\.c$/.test(m)).map((m) => moduleNames(m)[0].replace(/_module$/, ''));
      if (stems.length > 0 && !stems.some((stem) => stock.has(stem))) needed.add(stems[0] as string);
      // mod_php's (libapache2-mod-php), which the table does not describe: loading it leaves every name unjudged.
      if (PHP_DIRECTIVES.has(node.lowerName)) needed.add('php');
      if (node.children) visit(node.children);
    }
  };
  visit(parseApache(text, file).nodes);
  return [...needed].sort();
}

/** How the note names the modules added for the file. */
const withModules = (modules: readonly string[]): string => (modules.length === 0 ? '' : ` with the modules its directives need (${modules.join(', ')})`);

/**
 * A virtual-host file (or any server-level Apache file) included by Debian's stock apache2.conf;
 * a file of per-directory access lines (a blocklist written to be included in a `<Directory>`)
 * inside the `<Directory>` of the stock site's DocumentRoot. Negated `Require not ...` lines
 * alone take effect only in a `<RequireAll>` (httpd refuses them anywhere else), so such a
 * file goes into one, after `Require all granted`, as blocklists ask to be included.
 */
export function apacheContext(file: string, text: string): AssumedContext {
  const prefix = apacheServerRoot(file);
  const modules = modulesUsedBy(file, text);
  const access = parseApache(text, file).nodes.filter((node): node is Directive => node.type === 'directive' && DIRECTORY_ONLY.has(node.lowerName));
  if (access.length > 0) {
    const include = `Include ${JSON.stringify(file)}`;
    const negatedOnly = access.every((d) => d.lowerName === 'require' && d.args[0]?.value.toLowerCase() === 'not');
    const body = negatedOnly ? `\t\t<RequireAll>\n\t\t\tRequire all granted\n\t\t\t${include}\n\t\t</RequireAll>\n` : `\t\t${include}\n`;
    const where = negatedOnly ? 'a <RequireAll> in the <Directory /var/www/html>' : 'the <Directory /var/www/html>';
    return {
      text: `ServerRoot ${prefix}\n${debianApacheMain(modules)}<VirtualHost *:80>\n\tDocumentRoot /var/www/html\n\t<Directory /var/www/html>\n${body}\t</Directory>\n</VirtualHost>\n`,
      prefix,
      description: `inside ${where} of a virtual host in Debian's stock apache2.conf${withModules(modules)} (ServerRoot ${prefix})`,
    };
  }
  return { text: `ServerRoot ${prefix}\n${debianApacheMain(modules)}IncludeOptional ${JSON.stringify(file)}\n`, prefix, description: `as if included by Debian's stock apache2.conf${withModules(modules)} (ServerRoot ${prefix})` };
}

/**
 * A .htaccess read by httpd for its directory: Debian's stock apache2.conf, a virtual host
 * serving that directory and `AllowOverride All` for it, so httpd reads every line.
 */
export function htaccessContext(file: string, content: string): AssumedContext {
  const prefix = apacheServerRoot(file);
  const dir = JSON.stringify(posixPath.dirname(file));
  const modules = modulesUsedBy(file, content);
  const text = `ServerRoot ${prefix}\n${debianApacheMain(modules)}<VirtualHost *:80>\n\tDocumentRoot ${dir}\n\t<Directory ${dir}>\n\t\tAllowOverride All\n\t\tRequire all granted\n\t</Directory>\n</VirtualHost>\n`;
  return { text, prefix, description: `as the .htaccess of a virtual host's DocumentRoot under <Directory> with AllowOverride All, in Debian's stock apache2.conf${withModules(modules)}` };
}

/** The assumed context of a lone file of `dialect`; undefined when the file is a main configuration already. */
export function assumedContext(file: string, dialect: Dialect, text: string): AssumedContext | undefined {
  if (posixPath.basename(file) === '.htaccess') return htaccessContext(file, text);
  return dialect === 'nginx' ? nginxContext(file, text) : apacheContext(file, text);
}
