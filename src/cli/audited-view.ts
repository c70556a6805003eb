import * as path from 'node:path';
import { openFsView } from '../fs/index.js';
import { createUserDb, loadUserDb } from '../fs/users.js';
import type { AuditedView } from '../engine/linter.js';
import { CliError } from './io.js';

export interface AuditedFsOptions {
  root?: string;
  fsListing?: string;
  fsManifest?: string;
  fsEnabled: boolean;
}

/**
 * Opens the audited server: configs are read from the tree under `root` (confined to it); file
 * modes come from a listing or manifest when one is given, else from that same tree; users and
 * groups from the audited system's own /etc/passwd and /etc/group.
 */
export function openAuditedView(options: AuditedFsOptions, cwd: string): AuditedView {
  const root = options.root === undefined ? '/' : path.resolve(cwd, options.root);
  const configView = openFsView({ root });
  if (!configView.ok) throw new CliError(configView.message);
  let auditFs = configView.fs;
  if (options.fsEnabled && (options.fsListing !== undefined || options.fsManifest !== undefined)) {
    if (options.fsListing !== undefined && options.fsManifest !== undefined) throw new CliError('--fs-listing and --fs-manifest each describe the whole filesystem: give only one');
    const opened = openFsView(
      options.fsListing !== undefined
        ? { listing: options.fsListing === '-' ? '-' : path.resolve(cwd, options.fsListing) }
        : { manifest: path.resolve(cwd, options.fsManifest as string) },
    );
    if (!opened.ok) throw new CliError(opened.message);
    auditFs = opened.fs;
  }
  const users = options.fsEnabled ? loadUserDb(auditFs).users : createUserDb([], []);
  return { root, configFs: configView.fs, auditFs, users, fsEnabled: options.fsEnabled };
}
