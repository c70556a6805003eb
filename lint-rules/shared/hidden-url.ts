/**
 * Whether a URL passes through a hidden name (`/.git/`, `/assets/.cache/`). Nobody browses such a
 * directory: when it is served, exposure/sensitive-files or exposure/guarded-files speaks for it,
 * so the rolled-up "no index below this root" warnings leave it out rather than say it twice.
 */
export function isHiddenBelowRoot(url: string): boolean {
  return url.includes('/.');
}
