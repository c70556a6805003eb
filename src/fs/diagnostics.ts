/**
 * A problem met while reading the audited filesystem: an unreadable directory, a malformed
 * passwd line, a listing line that does not parse. Values, never exceptions: the engine turns
 * them into findings.
 */
export interface FsDiagnostic {
  /** Stable identifier, e.g. `passwd-malformed`, `walk-unreadable-dir`, `listing-malformed`. */
  code: string;
  /** The server path (or input file with `:line`) the problem is about. */
  path: string;
  message: string;
  severity: 'error' | 'warning' | 'info';
}
