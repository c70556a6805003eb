import picomatch from 'picomatch';

/** What makes a name worth hiding, as messages say it. */
export interface SensitiveKind {
  glob: string;
  label: string;
  /** Directories: their contents are what leaks (`.git/config`, `.svn/wc.db`). */
  directory?: boolean;
  /** Only when the file's first bytes show a private key (`*.pem` is often a public certificate). */
  privateKeyContent?: boolean;
}

/**
 * Names scanners request first on every site: version-control metadata, credentials, database
 * dumps, backups and editor leftovers, private keys. Matched against the entry's own name.
 */
export const SENSITIVE_KINDS: readonly SensitiveKind[] = [
  { glob: '.git', label: 'a Git repository, from which the whole source history can be downloaded', directory: true },
  { glob: '.svn', label: 'a Subversion working copy', directory: true },
  { glob: '.hg', label: 'a Mercurial repository', directory: true },
  { glob: '.env', label: 'an environment file with credentials' },
  { glob: '.env.*', label: 'an environment file with credentials' },
  { glob: '.htpasswd', label: 'a password file' },
  { glob: '*.sql', label: 'a database dump' },
  { glob: '*.bak', label: 'a backup copy' },
  { glob: '*~', label: 'an editor backup copy' },
  { glob: '*.swp', label: 'a vim swap file with the source being edited' },
  { glob: '.DS_Store', label: 'a macOS folder index listing file names' },
  { glob: '{id_rsa,id_dsa,id_ecdsa,id_ed25519,*.key}', label: 'a private key' },
  { glob: '*.pem', label: 'a private key', privateKeyContent: true },
];

const matchers = SENSITIVE_KINDS.map((kind) => ({ kind, matches: picomatch(kind.glob, { dot: true }) }));
/**
 * One regex for all globs: almost every name of a tree matches none, and learns it in one test
 * (picomatch given a list tests each glob's regex in turn, thirteen tests a name).
 */
const ANY_KIND = new RegExp(SENSITIVE_KINDS.map((kind) => picomatch.makeRe(kind.glob, { dot: true }).source).join('|'));
const DIRECTORY_NAMES = new Set(SENSITIVE_KINDS.filter((k) => k.directory).map((k) => k.glob));

/** The first kind whose glob matches `name` (a single path segment). */
export function sensitiveKindOf(name: string): SensitiveKind | undefined {
  return ANY_KIND.test(name) ? matchers.find((m) => m.matches(name))?.kind : undefined;
}

/** `.git`, `.svn`, `.hg`: directories whose whole content is sensitive. */
export function isSensitiveDirectoryName(name: string): boolean {
  return DIRECTORY_NAMES.has(name);
}

/** PEM armour of any private key: `BEGIN PRIVATE KEY`, `BEGIN RSA PRIVATE KEY`, `BEGIN OPENSSH PRIVATE KEY`. */
export function looksLikePrivateKey(content: Buffer): boolean {
  return /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(content.subarray(0, 4096).toString('latin1'));
}
