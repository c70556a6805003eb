import * as path from 'node:path';
import type { AuditedView } from '../engine/linter.js';
import { loadTarget } from '../engine/load-target.js';
import type { ParsedConfig } from '../parse/ast.js';
import { CliError, reasonWithoutPath, type CliIo } from './io.js';
import { escapeControlChars } from '../format/control-chars.js';
import { discoverTargets, targetFor, toServerPath } from '../session/targets.js';
import { snapshotConfigs } from '../session/snapshot-root.js';
import { fileKind } from '../session/detect-dialect.js';
import { openAuditedView } from '../session/audited-view.js';
import { mirroredRoot } from '../session/mirrored-root.js';

/** A file of the audited server as this machine reaches it: under --root when one is given. */
export function hostPathOf(file: string, root: string): string {
  return root === '/' ? file : path.join(root, file);
}

/** What `explain` and `logs` take to open the audited server. */
export interface ServerViewFlags {
  root?: string | undefined;
  'fs-listing'?: string | undefined;
  'fs-manifest'?: string | undefined;
  snapshot?: string | undefined;
}

/**
 * The audited server of a command that simulates one configuration: under --root, or, with
 * nothing naming the audited system, at the root of the server copy the configuration lies in
 * (`X` for `X/etc/nginx/nginx.conf`), as the lint does, with a note saying so.
 */
export async function openServerView(configArg: string | undefined, flags: ServerViewFlags, io: CliIo): Promise<AuditedView> {
  const namesAuditedSystem = flags.root !== undefined || flags['fs-listing'] !== undefined || flags['fs-manifest'] !== undefined || flags.snapshot !== undefined;
  const copy = !namesAuditedSystem && configArg !== undefined ? mirroredRoot(path.resolve(io.cwd, configArg)) : undefined;
  const root = flags.root ?? copy;
  if (copy !== undefined) {
    const shown = path.relative(io.cwd, copy) || '.';
    io.stderr.write(`forbidlint: note: ${configArg}: read with ${shown} as the audited root, as --root ${shown} would: ${shown} holds a copy of a server. Give --root to choose another.\n`);
  }
  return openAuditedView(
    {
      ...(root !== undefined ? { root } : {}),
      ...(flags['fs-listing'] !== undefined ? { fsListing: flags['fs-listing'] } : {}),
      ...(flags['fs-manifest'] !== undefined ? { fsManifest: flags['fs-manifest'] } : {}),
      ...(flags.snapshot !== undefined ? { snapshot: flags.snapshot } : {}),
      fsEnabled: true,
    },
    io.cwd,
    (message) => io.stderr.write(`forbidlint: warning: ${escapeControlChars(message)}\n`),
  );
}

/**
 * The configuration a command simulates, read as its server reads it. One the server would
 * refuse to start with is reported (each error on its own line, at its file:line) and not used.
 */
export function loadServerConfig(configArg: string, view: AuditedView, io: CliIo): ParsedConfig {
  const entry = toServerPath(configArg, io.cwd, view.root);
  const stat = view.configFs.stat(entry);
  if (!stat.ok) throw new CliError(`cannot read ${configArg}: ${reasonWithoutPath(stat.error)}`);
  const config = loadTarget(targetFor(view.configFs, entry, { kind: fileKind(entry) }), view.configFs);
  const fatal = config.diagnostics.filter((d) => d.severity === 'error');
  if (fatal.length > 0) {
    for (const d of fatal) io.stderr.write(`${escapeControlChars(`${hostPathOf(d.loc.file, view.root)}:${d.loc.line}:${d.loc.column}: ${d.message}`)}\n`);
    throw new CliError(`the server would not start with ${configArg}: fix the errors above first`);
  }
  return config;
}

/**
 * The configuration of a snapshot named by no argument: the main configuration lint would read
 * in it, when there is one only (a server with both nginx and Apache needs it named).
 */
export function snapshotMainConfig(view: AuditedView): string {
  const mains = snapshotConfigs(view.configFs)
    .flatMap((dir) => discoverTargets(view.configFs, dir, dir))
    .filter((target) => target.kind === 'main');
  const [only] = mains;
  if (only === undefined || mains.length > 1) {
    throw new CliError(`the snapshot holds ${mains.length === 0 ? 'no main configuration' : `${mains.length} main configurations (${mains.map((t) => t.entry).join(', ')})`}: name the one to use before the other arguments, as the server sees it (/etc/nginx/nginx.conf)`);
  }
  return only.entry;
}
