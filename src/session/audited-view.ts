import { statSync } from 'node:fs';
import * as path from 'node:path';
import { LiveFs } from '../fs/live-fs.js';
import { loadListing } from '../fs/listing-fs.js';
import { createUserDb, loadUserDb } from '../fs/users.js';
import type { FsView } from '../fs/types.js';
import type { AuditedView } from '../engine/linter.js';
import { InputError } from './errors.js';

export interface AuditedFsOptions {
  root?: string;
  fsListing?: string;
  fsManifest?: string;
  /** A snapshot (`forbidlint snapshot`'s stream, or `-`): configs, contents and modes all come from it. */
  snapshot?: string;
  fsEnabled: boolean;
}

/**
 * Opens the audited server: configs are read from the tree under `root` (confined to it); file
 * modes come from a listing or manifest when one is given, else from that same tree; users and
 * groups from the audited system's own /etc/passwd and /etc/group (with a listing, the copies
 * under `root`).
 */
export async function openAuditedView(options: AuditedFsOptions, cwd: string, warn: (message: string) => void = () => undefined): Promise<AuditedView> {
  if (options.snapshot !== undefined) {
    const { openSnapshot } = await import('./snapshot-view.js');
    return openSnapshot(options, cwd, warn);
  }
  const root = options.root === undefined ? '/' : path.resolve(cwd, options.root);
  if (!isDirectory(root)) throw new InputError(`--root ${options.root}: not a directory`);
  const configFs = new LiveFs(root);
  let auditFs: FsView = configFs;
  if (options.fsEnabled && (options.fsListing !== undefined || options.fsManifest !== undefined)) {
    if (options.fsListing !== undefined && options.fsManifest !== undefined) throw new InputError('--fs-listing and --fs-manifest each describe the whole filesystem: give only one');
    auditFs = options.fsListing !== undefined ? openListing(options.fsListing, cwd, options.root === undefined ? undefined : root, warn) : await openManifest(options.fsManifest as string, cwd);
  }
  const users = options.fsEnabled ? loadUserDb(auditFs).users : createUserDb([], []);
  return { root, configFs, auditFs, users, fsEnabled: options.fsEnabled, health: configFs.health };
}

/**
 * A listing holds modes, not contents: the server's passwd, group and .htaccess files are read
 * from `--root`, where its config files are, and never from this machine's own `/`.
 */
function openListing(listing: string, cwd: string, contentRoot: string | undefined, warn: (message: string) => void): FsView {
  const loaded = loadListing(listing === '-' ? '-' : path.resolve(cwd, listing), contentRoot);
  if (!loaded.ok) throw new InputError(`--fs-listing ${listing}: ${loaded.message}`);
  // Lines the listing could not use (file:line and why): the audit is incomplete without them.
  for (const diagnostic of loaded.listing.diagnostics) if (diagnostic.severity !== 'info') warn(diagnostic.message);
  return loaded.listing.fs;
}

/** Loaded on demand: the YAML reader is a sizeable part of start-up, and most runs have no manifest. */
async function openManifest(manifest: string, cwd: string): Promise<FsView> {
  const { loadManifest, manifestFs } = await import('../fs/manifest-fs.js');
  const file = path.resolve(cwd, manifest);
  const parsed = loadManifest(file);
  if (!parsed.ok) throw new InputError(`--fs-manifest ${manifest}: ${parsed.errors.join('; ')}`);
  return manifestFs(parsed.tree, file);
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
