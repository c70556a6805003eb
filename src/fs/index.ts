import { statSync } from 'node:fs';
import type { FsDiagnostic } from './diagnostics.js';
import { LiveFs } from './live-fs.js';
import { loadListing } from './listing-fs.js';
import { loadManifest, manifestFs } from './manifest-fs.js';
import type { FsView } from './types.js';

export type { FsDiagnostic } from './diagnostics.js';
export { checkAccess, permits } from './access.js';
export { LiveFs } from './live-fs.js';
export { loadListing, parseListing } from './listing-fs.js';
export { loadManifest, manifestFs, parseManifest, type ManifestEntry, type ManifestTree } from './manifest-fs.js';
export { createUserDb, describeOwner, formatMode, loadUserDb, resolvePrincipal } from './users.js';
export { walkTrees, type WalkEntry, type WalkOptions, type WalkSummary } from './walk.js';
export * from './types.js';

export interface FsViewOptions {
  /** A server's filesystem mounted or copied here (`--root`); `/` by default. */
  root?: string;
  /** A `find -printf` listing taken on the server, or `-` for standard input. */
  listing?: string | '-';
  /** A YAML or JSON tree manifest (fixtures). */
  manifest?: string;
  /** With a listing: where copies of the server's files (passwd, group, configs) are. */
  contentRoot?: string;
}

/** Opens the one view the options ask for; conflicting or unreadable inputs are a message, not a throw. */
export function openFsView(options: FsViewOptions): { ok: true; fs: FsView; diagnostics: FsDiagnostic[] } | { ok: false; message: string } {
  const sources = [options.root !== undefined && '--root', options.listing !== undefined && '--listing', options.manifest !== undefined && '--manifest'].filter(Boolean);
  if (sources.length > 1) return { ok: false, message: `${sources.join(' and ')} each describe the whole filesystem: give only one` };
  if (options.contentRoot !== undefined && options.listing === undefined) return { ok: false, message: 'a content root only completes a listing: give --listing too' };
  if (options.listing !== undefined) {
    const loaded = loadListing(options.listing, options.contentRoot);
    return loaded.ok ? { ok: true, fs: loaded.listing.fs, diagnostics: loaded.listing.diagnostics } : loaded;
  }
  if (options.manifest !== undefined) {
    const parsed = loadManifest(options.manifest);
    return parsed.ok ? { ok: true, fs: manifestFs(parsed.tree, options.manifest), diagnostics: [] } : { ok: false, message: parsed.errors.join('\n') };
  }
  const root = options.root ?? '/';
  try {
    if (!statSync(root).isDirectory()) return { ok: false, message: `root ${root} is not a directory` };
  } catch (e) {
    return { ok: false, message: `cannot open root ${root}: ${(e as Error).message}` };
  }
  return { ok: true, fs: new LiveFs(root), diagnostics: [] };
}
