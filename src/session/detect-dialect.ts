import * as posixPath from 'node:path/posix';
import type { Dialect, SourceFile } from '../parse/ast.js';

const MAIN_FILES: Readonly<Record<string, Dialect>> = { 'nginx.conf': 'nginx', 'apache2.conf': 'apache', 'httpd.conf': 'apache' };

/** Lines only Apache writes: sections and its common top-level directives. */
const APACHE_LINE = /^\s*(<\/?(virtualhost|directory|directorymatch|location|locationmatch|files|filesmatch|ifmodule|ifdefine|limit|limitexcept)\b|(documentroot|servername|serveralias|serverroot|loadmodule|require|options|allowoverride|directoryindex|includeoptional|errorlog|customlog|rewriteengine|rewriterule|rewritecond|order|allow|deny|alias|header|redirect|addtype|addhandler|setenvif|authtype|authname|authuserfile)\s)/i;
/** Lines nginx writes: a statement ended by `;`, a block opened by `{` or closed by `}`. */
const NGINX_LINE = /(;|\{|\})\s*(#.*)?$/;
/** An INI section header (`[program:x]`, `[www]`, `[Service]`, `[mysqld]`): neither server writes one. */
const INI_SECTION = /^\s*\[[^\]\s][^\]]*\]\s*$/;

/** Where Debian, RHEL and the upstream builds keep server configuration. */
const NGINX_TREE = /(^|\/)nginx\//;
const APACHE_TREE = /(^|\/)(apache2?|httpd)\//;
/** Debian's vhost directories, whose files need no suffix. */
const VHOST_DIR = /(^|\/)sites-(enabled|available)\/[^/]+$/;

/** Configuration files of other daemons that share the `.conf` suffix, by name. */
const OTHER_DAEMONS: readonly { name: RegExp; what: string }[] = [
  { name: /^(redis|sentinel|redis-\w+)\.conf$/, what: 'a Redis configuration' },
  { name: /^supervisord?\.conf$/, what: 'a supervisord configuration' },
  { name: /^php-fpm\.conf$/, what: 'a PHP-FPM configuration' },
  { name: /^(my|mariadb|mysqld?)\.cnf$/, what: 'a MySQL configuration' },
  { name: /\.(service|socket|timer|mount|target|path)$/, what: 'a systemd unit' },
];
const OTHER_TREES: readonly { path: RegExp; what: string }[] = [
  { path: /(^|\/)php\/[^/]+\/fpm\/|(^|\/)php-fpm\.d\/|(^|\/)pool\.d\//, what: 'a PHP-FPM pool' },
  { path: /(^|\/)supervisor\/conf\.d\//, what: 'a supervisord program' },
  { path: /(^|\/)systemd\//, what: 'a systemd unit' },
  { path: /(^|\/)(mysql|mariadb)\//, what: 'a MySQL configuration' },
  { path: /(^|\/)redis\//, what: 'a Redis configuration' },
];

/** What a file is for forbidlint: a configuration of one dialect, or something else, and why. */
export type FileClass = { dialect: Dialect } | { skip: string };

/** The main file of each dialect, by name. */
export function mainFileDialect(file: string): Dialect | undefined {
  return MAIN_FILES[posixPath.basename(file)];
}

/**
 * Whether a file found by discovery is nginx, Apache or neither. The name decides first
 * (nginx.conf, .htaccess, redis.conf, a systemd unit), then the layout (a path under nginx/,
 * apache2/ or sites-enabled/; a PHP-FPM pool.d/), then the text: INI sections and lines that
 * end without `;`, `{` or `}` and name no Apache directive are another daemon's (redis,
 * supervisord, my.cnf), which neither server would start with.
 */
export function classifyFile(file: string, text: string): FileClass {
  const name = posixPath.basename(file);
  const byName = mainFileDialect(file) ?? (name === '.htaccess' ? 'apache' : undefined);
  if (byName) return { dialect: byName };
  const daemon = OTHER_DAEMONS.find((d) => d.name.test(name)) ?? OTHER_TREES.find((t) => t.path.test(file));
  if (daemon) return { skip: daemon.what };
  if (NGINX_TREE.test(file) || APACHE_TREE.test(file) || VHOST_DIR.test(file)) return { dialect: detectDialect(file, text) };
  const counts = countLines(text);
  if (counts.ini > 0) return { skip: 'an INI file (sections in [brackets])' };
  if (counts.other > 0 && counts.apache === 0 && counts.nginx === 0) return { skip: 'neither nginx nor Apache (no line ends in ; { or } and none is an Apache directive)' };
  return { dialect: counts.apache > counts.nginx ? 'apache' : 'nginx' };
}

/**
 * nginx or Apache, from the name first (nginx.conf, apache2.conf, httpd.conf, .htaccess, a
 * path under nginx/ or apache2/), then from the text: whichever dialect more lines look like.
 * Undecided text counts as nginx, whose files are the more common in standalone snippets.
 */
export function detectDialect(file: string, text: string): Dialect {
  const byName = mainFileDialect(file) ?? (posixPath.basename(file) === '.htaccess' ? 'apache' : undefined);
  if (byName) return byName;
  if (NGINX_TREE.test(file)) return 'nginx';
  if (APACHE_TREE.test(file)) return 'apache';
  const counts = countLines(text);
  return counts.apache > counts.nginx ? 'apache' : 'nginx';
}

function countLines(text: string): { apache: number; nginx: number; ini: number; other: number } {
  const counts = { apache: 0, nginx: 0, ini: 0, other: 0 };
  for (const line of text.split('\n')) {
    if (/^\s*([#;]|$)/.test(line)) continue;
    if (APACHE_LINE.test(line)) counts.apache++;
    else if (NGINX_LINE.test(line)) counts.nginx++;
    else if (INI_SECTION.test(line)) counts.ini++;
    else counts.other++;
  }
  return counts;
}

export function fileKind(file: string): SourceFile['kind'] {
  const name = posixPath.basename(file);
  if (name === '.htaccess') return 'htaccess';
  return MAIN_FILES[name] ? 'main' : 'snippet';
}
