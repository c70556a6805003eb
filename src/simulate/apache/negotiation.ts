import type { FsView } from '../../fs/types.js';
import type { UserFs } from './fs-as-user.js';

/**
 * mod_negotiation's MultiViews search (handle_multi, read_types_multi) for a file that does not
 * exist: the siblings named `<name>.<ext>...` are the variants, and under the default
 * `MultiviewsMatch NegotiatedOnly` a sibling counts only when mod_mime knows every one of its
 * extensions (a type, an encoding, a language or a charset).
 */
export type MultiViewsSearch =
  /** No sibling starts with `<name>.`: mod_negotiation declines. */
  | { kind: 'no-match' }
  /** Siblings match but none is a variant: 404, "None could be negotiated" (AH00687). */
  | { kind: 'none-negotiable'; siblings: string[] }
  /** At least one variant: the negotiation itself is not modelled. */
  | { kind: 'variants'; variants: string[] };

export function searchMultiViews(userFs: UserFs, filename: string, knownExtensions: ReadonlySet<string>): MultiViewsSearch {
  const slash = filename.lastIndexOf('/');
  const dir = filename.slice(0, slash) || '/';
  const name = filename.slice(slash + 1);
  const listing = userFs.fs.readdir(dir);
  if (!listing.ok) return { kind: 'no-match' };
  const siblings = listing.value.filter((entry) => entry.startsWith(`${name}.`));
  if (siblings.length === 0) return { kind: 'no-match' };
  const variants = siblings.filter((entry) => entry.slice(name.length + 1).split('.').every((ext) => knownExtensions.has(ext.toLowerCase())));
  return variants.length === 0 ? { kind: 'none-negotiable', siblings } : { kind: 'variants', variants };
}

const typesFiles = new WeakMap<FsView, Map<string, ReadonlySet<string> | undefined>>();

/** The extensions a TypesConfig file (mime.types: `type ext ext...`) maps, read once per filesystem view. */
export function typesConfigExtensions(fs: FsView, path: string): ReadonlySet<string> | undefined {
  let cache = typesFiles.get(fs);
  if (!cache) {
    cache = new Map();
    typesFiles.set(fs, cache);
  }
  if (cache.has(path)) return cache.get(path);
  const text = fs.readFile(path);
  const extensions = text.ok
    ? new Set(
        text.value
          .toString('utf8')
          .split('\n')
          .filter((line) => !line.startsWith('#'))
          .flatMap((line) => line.trim().split(/\s+/).slice(1))
          .map((ext) => ext.toLowerCase()),
      )
    : undefined;
  cache.set(path, extensions);
  return extensions;
}
