import * as posixPath from 'node:path/posix';
import type { Dialect, SourceFile } from '../parse/ast.js';

const MAIN_FILES: Readonly<Record<string, Dialect>> = { 'nginx.conf': 'nginx', 'apache2.conf': 'apache', 'httpd.conf': 'apache' };

/** Lines only Apache writes: sections and its common top-level directives. */
const APACHE_LINE = /^\s*(<\/?(virtualhost|directory|directorymatch|location|locationmatch|files|filesmatch|ifmodule|ifdefine|limit|limitexcept)\b|(documentroot|servername|serveralias|serverroot|loadmodule|require|options|allowoverride|directoryindex|includeoptional|errorlog|customlog|rewriteengine|rewriterule|order|allow|deny)\s)/i;
/** Lines nginx writes: a statement ended by `;`, a block opened by `{` or closed by `}`. */
const NGINX_LINE = /(;|\{|\})\s*(#.*)?$/;

/** The main file of each dialect, by name. */
export function mainFileDialect(file: string): Dialect | undefined {
  return MAIN_FILES[posixPath.basename(file)];
}

/**
 * nginx or Apache, from the name first (nginx.conf, apache2.conf, httpd.conf, .htaccess, a
 * path under nginx/ or apache2/), then from the text: whichever dialect more lines look like.
 * Undecided text counts as nginx, whose files are the more common in standalone snippets.
 */
export function detectDialect(file: string, text: string): Dialect {
  const byName = mainFileDialect(file) ?? (posixPath.basename(file) === '.htaccess' ? 'apache' : undefined);
  if (byName) return byName;
  if (/(^|\/)nginx\//.test(file)) return 'nginx';
  if (/(^|\/)(apache2?|httpd)\//.test(file)) return 'apache';
  let apache = 0;
  let nginx = 0;
  for (const line of text.split('\n')) {
    if (/^\s*(#|$)/.test(line)) continue;
    if (APACHE_LINE.test(line)) apache++;
    else if (NGINX_LINE.test(line)) nginx++;
  }
  return apache > nginx ? 'apache' : 'nginx';
}

export function fileKind(file: string): SourceFile['kind'] {
  const name = posixPath.basename(file);
  if (name === '.htaccess') return 'htaccess';
  return MAIN_FILES[name] ? 'main' : 'snippet';
}
