import { globToRegExp, hasGlob, type ApacheSection } from '../../model/apache/index.js';

/**
 * `<Directory>` at one level of the walk: `dir` is the directory being entered, with a trailing
 * slash. Plain paths compare exactly, wildcards match component by component (a `*` never
 * crosses a `/`), as core's dir walk does with apr_fnmatch(APR_FNM_PATHNAME).
 */
export function directoryMatches(section: ApacheSection, dir: string): boolean {
  const pattern = withTrailingSlash(section.pattern);
  return hasGlob(pattern) ? globToRegExp(pattern, { pathname: true }).test(dir) : pattern === dir;
}

/** `<DirectoryMatch>` / `<Directory ~>`: an unanchored regex search, as ap_regexec does. */
export function directoryRegexMatches(section: ApacheSection, path: string): boolean {
  return section.regex?.test(path) ?? false;
}

/** `<Files>`/`<FilesMatch>` against the last path component of the mapped file. */
export function filesMatches(section: ApacheSection, basename: string): boolean {
  if (section.regex) return section.regex.test(basename);
  return hasGlob(section.pattern) ? globToRegExp(section.pattern, { pathname: true }).test(basename) : section.pattern === basename;
}

/**
 * `<Location>` against the decoded URI: a prefix that ends at a `/` or at the end of the URI
 * (`/private` matches `/private/x` but not `/privateer`); wildcards as for directories;
 * `<LocationMatch>` an unanchored regex.
 */
export function locationMatches(section: ApacheSection, uri: string): boolean {
  if (section.regex) return section.regex.test(uri);
  const pattern = section.pattern;
  if (hasGlob(pattern)) return globToRegExp(pattern, { pathname: true }).test(uri) || globToRegExp(`${pattern}/*`, { pathname: false }).test(uri);
  if (!uri.startsWith(pattern)) return false;
  return pattern.endsWith('/') || uri.length === pattern.length || uri[pattern.length] === '/';
}

function withTrailingSlash(path: string): string {
  return path.endsWith('/') ? path : `${path}/`;
}
