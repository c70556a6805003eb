import picomatch from 'picomatch';
import { hasPrefix } from '../../../src/util/has-prefix.js';

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
 * One regex for all globs: a name that may match one learns which in one test (picomatch given
 * a list tests each glob's regex in turn, thirteen tests a name).
 */
const ANY_KIND = new RegExp(SENSITIVE_KINDS.map((kind) => picomatch.makeRe(kind.glob, { dot: true }).source).join('|'));
const DIRECTORY_NAMES = new Set(SENSITIVE_KINDS.filter((k) => k.directory).map((k) => k.glob));

/**
 * What a name must look like to match a glob, read off the globs themselves: a literal name, a
 * literal prefix (`.env.*`), a literal suffix (`*.sql`). Almost every name of a tree has none of
 * these shapes and is settled by a Set lookup and a few string comparisons, not the regex.
 */
interface NameShapes {
  exact: Set<string>;
  prefixes: string[];
  suffixes: string[];
  /** A glob of another shape: every name is tried against the regex. */
  other: boolean;
}

const GLOB_CHARS = /[*?[\]{}()!+@\\]/;

function nameShapes(globs: readonly string[]): NameShapes {
  const shapes: NameShapes = { exact: new Set(), prefixes: [], suffixes: [], other: false };
  for (const glob of globs) {
    const braces = /^\{([^{}]*)\}$/.exec(glob);
    for (const alternative of braces ? (braces[1] as string).split(',') : [glob]) {
      const star = alternative.indexOf('*');
      const head = alternative.slice(0, star);
      const tail = alternative.slice(star + 1);
      if (!GLOB_CHARS.test(alternative)) shapes.exact.add(alternative);
      else if (star === 0 && tail !== '' && !GLOB_CHARS.test(tail)) shapes.suffixes.push(tail);
      else if (star === alternative.length - 1 && head !== '' && !GLOB_CHARS.test(head)) shapes.prefixes.push(head);
      else shapes.other = true;
    }
  }
  return shapes;
}

const SHAPES = nameShapes(SENSITIVE_KINDS.map((kind) => kind.glob));

/** The exact names and suffixes by their last UTF-16 unit: most names end in one that none does. */
const BY_LAST_UNIT = new Map<number, { exact: boolean; suffixes: string[] }>();
const byLastUnit = (text: string): { exact: boolean; suffixes: string[] } => {
  const unit = text.charCodeAt(text.length - 1);
  const shapes = BY_LAST_UNIT.get(unit) ?? { exact: false, suffixes: [] };
  BY_LAST_UNIT.set(unit, shapes);
  return shapes;
};
for (const name of SHAPES.exact) byLastUnit(name).exact = true;
for (const suffix of SHAPES.suffixes) byLastUnit(suffix).suffixes.push(suffix);

/** Whether `name` has the shape of some glob: false means no glob can match it. */
function mayBeSensitive(name: string): boolean {
  if (SHAPES.other) return true;
  for (const prefix of SHAPES.prefixes) if (name.charCodeAt(0) === prefix.charCodeAt(0) && hasPrefix(name, prefix)) return true;
  const shapes = BY_LAST_UNIT.get(name.charCodeAt(name.length - 1));
  if (shapes === undefined) return false;
  if (shapes.exact && SHAPES.exact.has(name)) return true;
  for (const suffix of shapes.suffixes) if (name.endsWith(suffix)) return true;
  return false;
}

/** The name asked last and its kind: several rules ask for each walked entry's name in turn. */
let lastName: string | undefined;
let lastKind: SensitiveKind | undefined;

/** The first kind whose glob matches `name` (a single path segment). */
export function sensitiveKindOf(name: string): SensitiveKind | undefined {
  if (name !== lastName) {
    lastName = name;
    lastKind = mayBeSensitive(name) && ANY_KIND.test(name) ? matchers.find((m) => m.matches(name))?.kind : undefined;
  }
  return lastKind;
}

/** `.git`, `.svn`, `.hg`: directories whose whole content is sensitive. */
export function isSensitiveDirectoryName(name: string): boolean {
  return DIRECTORY_NAMES.has(name);
}

/** PEM armour of any private key: `BEGIN PRIVATE KEY`, `BEGIN RSA PRIVATE KEY`, `BEGIN OPENSSH PRIVATE KEY`. */
export function looksLikePrivateKey(content: Buffer): boolean {
  return /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(content.subarray(0, 4096).toString('latin1'));
}
