import * as posixPath from 'node:path/posix';
import { globMatcher } from '../config/globs.js';
import type { Dialect } from '../parse/ast.js';
import { detectDialect, mainFileDialect } from '../session/detect-dialect.js';

/** Language ids editors give server configuration (VS Code's nginx and Apache extensions, Neovim's filetypes). */
const LANGUAGE_DIALECTS: Readonly<Record<string, Dialect>> = { nginx: 'nginx', apacheconf: 'apache', apache: 'apache' };

/** Where Debian and the upstream layouts keep configuration, so a `*.conf` there is one. */
const SERVER_TREE = /(^|\/)(nginx|apache2?|httpd)\//;
/** Debian's vhost directories hold files without a suffix. */
const VHOST_DIR = /(^|\/)sites-(enabled|available)\/[^/]+$/;

/** Extra globs for documents to lint, relative to `baseDir` (a glob without `/` matches a name anywhere). */
export interface FilePatterns {
  baseDir: string;
  patterns: readonly string[];
}

/**
 * The dialect to lint a document in, or undefined when it is not server configuration. A main
 * file or a .htaccess is known by its name whatever the editor says; then the language id the
 * editor gave; then the name and path conventions, or one of the configured patterns, with the
 * text deciding the dialect where the path does not.
 */
export function documentDialect(file: string, languageId: string, text: string, extra: readonly FilePatterns[]): Dialect | undefined {
  const byName = mainFileDialect(file) ?? (posixPath.basename(file) === '.htaccess' ? 'apache' : undefined);
  if (byName) return byName;
  const byLanguage = LANGUAGE_DIALECTS[languageId];
  if (byLanguage) return byLanguage;
  const conventional = (file.endsWith('.conf') && SERVER_TREE.test(file)) || VHOST_DIR.test(file);
  return conventional || extra.some((set) => matches(set, file)) ? detectDialect(file, text) : undefined;
}

function matches(set: FilePatterns, file: string): boolean {
  if (set.patterns.length === 0) return false;
  const relative = posixPath.relative(set.baseDir, file);
  return !relative.startsWith('..') && globMatcher(set.patterns)(relative);
}
