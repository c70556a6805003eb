import * as path from 'node:path';
import type { AuditedView } from '../engine/linter.js';
import { loadTarget } from '../engine/load-target.js';
import type { ParsedConfig } from '../parse/ast.js';
import { CliError, reasonWithoutPath, type CliIo } from './io.js';
import { escapeControlChars } from '../format/control-chars.js';
import { targetFor, toServerPath } from '../session/targets.js';

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
