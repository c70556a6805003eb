import * as path from 'node:path';
import type { AuditedView } from '../engine/linter.js';
import { loadTarget } from '../engine/load-target.js';
import type { ParsedConfig } from '../parse/ast.js';
import { CliError, reasonWithoutPath, type CliIo } from './io.js';
import { escapeControlChars } from '../format/control-chars.js';
import { discoverTargets, targetFor, toServerPath } from '../session/targets.js';
import { snapshotConfigs } from '../session/snapshot-root.js';
import type { AuditedFsOptions } from '../session/audited-view.js';

/** The options of explain and logs that say where the audited server is. */
export interface AuditedServerFlags {
  root?: string | undefined;
  'fs-listing'?: string | undefined;
  'fs-manifest'?: string | undefined;
  snapshot?: string | undefined;
}

/** How explain and logs open the audited server: as lint does, from a mount, a listing, a manifest or a snapshot. */
export function auditedFsOptions(values: AuditedServerFlags): AuditedFsOptions {
  return {
    ...(values.root !== undefined ? { root: values.root } : {}),
    ...(values['fs-listing'] !== undefined ? { fsListing: values['fs-listing'] } : {}),
    ...(values['fs-manifest'] !== undefined ? { fsManifest: values['fs-manifest'] } : {}),
    ...(values.snapshot !== undefined ? { snapshot: values.snapshot } : {}),
    fsEnabled: true,
  };
}

/** A file of the audited server as this machine reaches it: under --root when one is given. */
export function hostPathOf(file: string, root: string): string {
  return root === '/' ? file : path.join(root, file);
}

/**
 * The configuration a command simulates, read as its server reads it. One the server would
 * refuse to start with is reported (each error on its own line, at its file:line) and not used.
 */
export function loadServerConfig(configArg: string, view: AuditedView, io: CliIo): ParsedConfig {
  const entry = toServerPath(configArg, io.cwd, view.root);
  const stat = view.configFs.stat(entry);
  if (!stat.ok) throw new CliError(`cannot read ${configArg}: ${reasonWithoutPath(stat.error)}`);
  const config = loadTarget(targetFor(view.configFs, entry), view.configFs);
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
