import * as posixPath from 'node:path/posix';
import type { CliIo } from './io.js';

/** On a terminal: often enough to look alive, rare enough to cost nothing. */
const TERMINAL_INTERVAL_MS = 200;
/** In a log (CI, a pipe, a file): one line every few seconds, so a long walk does not look hung. */
const LOG_INTERVAL_MS = 5_000;

export interface WalkProgress {
  update(root: string, entries: number, current?: string): void;
  done(): void;
}

/**
 * Progress of the filesystem walk on stderr. On a terminal, one self-erasing line ("walking
 * /var/www: 120000 entries"); elsewhere, a plain line every few seconds with the directory the
 * walk is in. None with --quiet.
 */
export function walkProgress(io: CliIo, options: { quiet: boolean }): WalkProgress | undefined {
  if (options.quiet) return undefined;
  const now = io.now ?? Date.now;
  const terminal = io.stderr.isTTY === true && io.env['CI'] === undefined;
  const interval = terminal ? TERMINAL_INTERVAL_MS : LOG_INTERVAL_MS;
  // A log's first line comes after one interval: short walks print nothing.
  let last = terminal ? 0 : now();
  let shown = false;
  return {
    update(root, entries, current) {
      // The walk's closing count (no current entry) ends nothing a log needs to hear about.
      if (!terminal && current === undefined) return;
      const time = now();
      if (time - last < interval) return;
      last = time;
      if (terminal) {
        shown = true;
        io.stderr.write(`\r\x1b[Kwalking ${root}: ${entries} entries`);
      } else {
        io.stderr.write(`forbidlint: walking ${root}: ${entries} entries so far${current === undefined ? '' : `, in ${posixPath.dirname(current)}`}\n`);
      }
    },
    done() {
      if (shown) io.stderr.write('\r\x1b[K');
    },
  };
}
