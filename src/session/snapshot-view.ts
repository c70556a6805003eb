import { readFileSync, statSync } from 'node:fs';
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
 * The snapshot file read last, while it is unchanged on disk: an editor lints on every change
 * and must not read and index a 100k-entry snapshot each time. Only the last, so a fleet of
 * snapshots linted one after another holds one table at a time.
 */
let lastFile: { file: string; name: string; identity: string; read: SnapshotRead } | undefined;

/**
 * A snapshot is the whole audited server: its configs are read from it, its modes, owners and
 * accounts too. Nothing of this machine's filesystem is looked at.
 */
export function openSnapshot(options: AuditedFsOptions, cwd: string, warn: (message: string) => void): AuditedView {
  const snapshot = options.snapshot as string;
  const others = [options.root !== undefined && '--root', options.fsListing !== undefined && '--fs-listing', options.fsManifest !== undefined && '--fs-manifest'].filter(Boolean);
  if (others.length > 0) throw new InputError(`--snapshot holds the whole server: give no ${others.join(' or ')} with it`);
  const read = snapshot === '-' ? (fromStdin ??= load('-', '<stdin>')) : loadFile(path.resolve(cwd, snapshot), snapshot);
  if (!read.ok) throw new InputError(`--snapshot ${snapshot}: ${read.message}`);
  for (const diagnostic of read.diagnostics) if (diagnostic.severity !== 'info') warn(diagnostic.message);
  const users = options.fsEnabled ? loadUserDb(read.fs).users : createUserDb([], []);
  return { root: snapshotRoot(snapshot, cwd), configFs: read.fs, auditFs: read.fs, users, fsEnabled: options.fsEnabled };
}

function loadFile(file: string, name: string): SnapshotRead {
  const identity = identityOf(file);
  if (identity !== undefined && lastFile?.file === file && lastFile.name === name && lastFile.identity === identity) return lastFile.read;
  const read = load(file, name);
  lastFile = identity !== undefined && read.ok ? { file, name, identity, read } : undefined;
  return read;
}

/** What tells a file rewritten since from the one read: device, inode, size and modification time. */
function identityOf(file: string): string | undefined {
  try {
    const st = statSync(file, { bigint: true });
    return `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}`;
  } catch {
    return undefined;
  }
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
