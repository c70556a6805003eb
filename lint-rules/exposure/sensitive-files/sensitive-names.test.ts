import fc from 'fast-check';
import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { SENSITIVE_KINDS, sensitiveKindOf } from './sensitive-names.js';

/** What each name is by the globs alone: the first kind whose glob matches, as picomatch decides. */
const byGlob = (name: string): string | undefined => SENSITIVE_KINDS.find((kind) => picomatch(kind.glob, { dot: true })(name))?.glob;

/** Pieces of the globs' own names, so that generated names often come close to one. */
const PIECES = ['.', '..', '~', '.git', '.svn', '.hg', '.env', '.env.', '.htpasswd', '.DS_Store', 'id_rsa', 'id_ed25519', '.sql', '.bak', '.swp', '.key', '.pem', 'sql', 'key', 'a', 'index', '-', ' ', '\n', 'é'];

describe('sensitiveKindOf', () => {
  it('settles a name as the globs do, shortcut or not', () => {
    const name = fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 3 })), { maxLength: 4 }).map((parts) => parts.join('').replace(/\//g, ''));
    fc.assert(
      fc.property(name, (n) => {
        expect(sensitiveKindOf(n)?.glob).toBe(byGlob(n));
      }),
      { numRuns: 5000 },
    );
  });

  it('knows each kind by a name of its own and none by an ordinary one', () => {
    const names = ['.git', '.svn', '.hg', '.env', '.env.local', '.htpasswd', 'dump.sql', 'site.bak', 'index.php~', '.index.php.swp', '.DS_Store', 'id_rsa', 'server.key', 'site.pem'];
    expect(names.map((n) => sensitiveKindOf(n)?.glob)).toEqual(['.git', '.svn', '.hg', '.env', '.env.*', '.htpasswd', '*.sql', '*.bak', '*~', '*.swp', '.DS_Store', '{id_rsa,id_dsa,id_ecdsa,id_ed25519,*.key}', '{id_rsa,id_dsa,id_ecdsa,id_ed25519,*.key}', '*.pem']);
    expect(['index.html', 'file-19.html', '.', '..', 'sql', 'env', '.gitignore', 'key'].map(sensitiveKindOf)).toEqual(Array(8).fill(undefined));
  });
});
