import * as posixPath from 'node:path/posix';
import type { ConfiguredLogs, DeclaredLog, LogWriter } from './declared-logs.js';
import type { CompiledFormat } from './format.js';

/** The log being read, as the configuration declares it, and how it was recognised. */
export interface SelectedLog {
  format: CompiledFormat;
  writers: readonly LogWriter[];
  /** The `access_log`/`CustomLog` that writes it, when one does. */
  declared?: DeclaredLog;
  /** `path`: the configuration names this file; `lines`: its format was recognised from the first lines. */
  recognisedBy: 'path' | 'lines';
}

/** Rotations keep the live log's name: access.log.1, access.log.2.gz, access.log-20261206.gz. */
export function unrotatedName(file: string): string {
  return file.replace(/\.gz$/, '').replace(/(\.\d+|-\d{8,10})$/, '');
}

/**
 * The declared log a file is: the same path on the audited server, else the same name (a copy
 * fetched from the server). When the configuration does not name it, or names it in several
 * formats, the format that reads the most of its first lines is taken.
 */
export function selectLog(configured: ConfiguredLogs, serverPath: string | undefined, firstLines: readonly string[]): SelectedLog | undefined {
  const wanted = serverPath === undefined ? undefined : unrotatedName(serverPath);
  const byPath = wanted === undefined ? [] : configured.logs.filter((log) => log.file === wanted);
  const candidates = byPath.length > 0 ? byPath : wanted === undefined ? [] : configured.logs.filter((log) => posixPath.basename(log.file) === posixPath.basename(wanted));
  if (candidates.length === 1) {
    const [only] = candidates as [DeclaredLog];
    return { format: only.format, writers: only.writers, declared: only, recognisedBy: 'path' };
  }
  const formats = candidates.length > 0 ? candidates.map((log) => log.format) : configured.formats;
  const best = bestFormat(formats, firstLines);
  if (best === undefined) return undefined;
  const declared = (candidates.length > 0 ? candidates : configured.logs).filter((log) => log.format === best);
  const writers = declared.length > 0 ? [...new Set(declared.flatMap((log) => log.writers))] : configured.servers;
  return { format: best, writers, ...(declared.length === 1 ? { declared: declared[0] as DeclaredLog } : {}), recognisedBy: 'lines' };
}

/**
 * The format that matches the most lines; on a tie the one capturing more fields, then the
 * longer one (`common` ends in a field that swallows the rest of a `combined` line).
 */
function bestFormat(formats: readonly CompiledFormat[], lines: readonly string[]): CompiledFormat | undefined {
  let best: CompiledFormat | undefined;
  let bestScore = 0;
  for (const format of formats) {
    const matched = lines.filter((line) => format.regex.test(line)).length;
    const score = matched * 1e6 + format.roles.length * 1e3 + Math.min(format.text.length, 999);
    if (matched > 0 && score > bestScore) {
      best = format;
      bestScore = score;
    }
  }
  return best;
}
