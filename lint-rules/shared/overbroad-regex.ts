import { isGuardedUrl } from './refusals.js';

/** The literal a regex is written around (`\.git`, `/admin`, `^/public`), with whether it is anchored at each end. */
export interface RegexLiteral {
  text: string;
  start: boolean;
  end: boolean;
}

/** The literal of `pattern`; undefined when the pattern is more than a literal. */
export function literalOf(pattern: string): RegexLiteral | undefined {
  const start = pattern.startsWith('^');
  const end = pattern.endsWith('$') && !pattern.endsWith('\\$');
  const body = pattern.slice(start ? 1 : 0, end ? -1 : undefined);
  if (/(^|[^\\])[.*+?()[\]{}|^$]/.test(body)) return undefined;
  const text = body.replace(/\\(.)/g, '$1');
  return text === '' ? undefined : { text, start, end };
}

/**
 * URLs a regex matched against the path matches that its literal was not written for: the
 * literal running on into a longer name (`/admin` in `/admin-notes/`), and, unanchored, the
 * literal deeper in another path (`/docs/admin/`). Hidden and sensitive names are left out:
 * catching those is harmless. `matches` says whether the regex takes a URL.
 */
export function unintendedUrls(literal: RegexLiteral, matches: (url: string) => boolean): string[] {
  const { text } = literal;
  const urls: string[] = [];
  if (!literal.end && !text.endsWith('/')) urls.push(text.startsWith('/') ? `${text}-notes/` : `/docs/x${text}x.html`);
  if (!literal.start && text.startsWith('/')) urls.push(`/docs${text}${text.endsWith('/') ? '' : '/'}`);
  return urls.filter((url) => matches(url) && !isGuardedUrl(url));
}

/**
 * URLs of files whose name a regex matched against the name alone (Apache's `<FilesMatch>`)
 * takes although its literal was not written for them: the literal inside a longer name. An
 * extension anchored at the end (`\.php$`) is meant for every name before it.
 */
export function unintendedFileUrls(literal: RegexLiteral, matches: (name: string) => boolean): string[] {
  const { text } = literal;
  if (text.includes('/')) return [];
  const names = [!literal.start && !literal.end ? `x${text}x.html` : !literal.start ? (text.startsWith('.') ? undefined : `x${text}`) : !literal.end ? `${text}-notes.html` : undefined];
  return names.filter((name): name is string => name !== undefined && matches(name)).map((name) => `/${name}`).filter((url) => !isGuardedUrl(url));
}
