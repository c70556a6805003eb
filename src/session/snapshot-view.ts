import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { AuditedView } from '../engine/linter.js';
import { createUserDb, loadUserDb } from '../fs/users.js';
import { readSnapshot, type SnapshotRead } from '../snapshot/snapshot-reader.js';
import type { AuditedFsOptions } from './audited-view.js';
import { InputError } from './errors.js';
import { snapshotRoot } from './snapshot-root.js';

/** Standard input can be read once: its snapshot is kept for every later lint of the session. */
let fromStdin: SnapshotRead | undefined;

/**
 * A snapshot is the whole audited server: its configs are read from it, its modes, owners and
 * accounts too. Nothing of this machine's filesystem is looked at.
 */
export function openSnapshot(options: AuditedFsOptions, cwd: string, warn: (message: string) => void): AuditedView {
  const snapshot = options.snapshot as string;
  const others = [options.root !== undefined && '--root', options.fsListing !== undefined && '--fs-listing', options.fsManifest !== undefined && '--fs-manifest'].filter(Boolean);
  if (others.length > 0) throw new InputError(`--snapshot holds the whole server: give no ${others.join(' or ')} with it`);
  const read = snapshot === '-' ? (fromStdin ??= load('-', '<stdin>')) : load(path.resolve(cwd, snapshot), snapshot);
  if (!read.ok) throw new InputError(`--snapshot ${snapshot}: ${read.message}`);
  for (const diagnostic of read.diagnostics) if (diagnostic.severity !== 'info') warn(diagnostic.message);
  const users = options.fsEnabled ? loadUserDb(read.fs).users : createUserDb([], []);
  return { root: snapshotRoot(snapshot, cwd), configFs: read.fs, auditFs: read.fs, users, fsEnabled: options.fsEnabled };
}

function load(file: string | '-', name: string): SnapshotRead {
  let input: Buffer;
  try {
    input = readFileSync(file === '-' ? 0 : file);
  } catch (error) {
    return { ok: false, message: `cannot read it: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
  return readSnapshot(input, name);
}
