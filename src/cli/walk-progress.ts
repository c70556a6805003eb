import * as posixPath from 'node:path/posix';
import type { CliIo } from './io.js';

/** On a terminal: often enough to look alive, rare enough to cost nothing. */
const TERMINAL_INTERVAL_MS = 200;
/** In a log (CI, a pipe, a file): one line every few seconds, so a long walk does not look hung. */
const LOG_INTERVAL_MS = 5_000;

export interface WalkProgress {
  /** `server`: the fleet's server the walk belongs to, named in the line. */
  update(root: string, entries: number, current?: string, server?: string): void;
  /** A line of its own (a server finished), clearing the terminal's progress line first. */
  line(text: string): void;
  done(): void;
}

/**
 * Progress of the filesystem walk on stderr. On a terminal, one self-erasing line ("walking
 * /var/www: 120000 entries"); elsewhere, a plain line every few seconds with the directory the
 * walk is in. Each server of a fleet is paced on its own and named in its lines. None with --quiet.
 */
export function walkProgress(io: CliIo, options: { quiet: boolean }): WalkProgress | undefined {
  if (options.quiet) return undefined;
  const now = io.now ?? Date.now;
  const terminal = io.stderr.isTTY === true && io.env['CI'] === undefined;
  const interval = terminal ? TERMINAL_INTERVAL_MS : LOG_INTERVAL_MS;
  // A log's first line comes an interval after the start (a fleet server's: after its first count): short walks print nothing.
  const last = new Map<string, number>(terminal ? [] : [['', now()]]);
  let shown = false;
  const clear = (): void => {
    if (shown) io.stderr.write('\r\x1b[K');
    shown = false;
  };
  return {
    update(root, entries, current, server) {
      // The walk's closing count (no current entry) ends nothing a log needs to hear about.
      if (!terminal && current === undefined) return;
      const time = now();
      // A terminal shows one line for all; a log paces each server on its own.
      const key = terminal ? '' : (server ?? '');
      if (!terminal && !last.has(key)) last.set(key, time);
      if (time - (last.get(key) ?? 0) < interval) return;
      last.set(key, time);
      const walking = server === undefined ? root : `${server} ${root}`;
      if (terminal) {
        shown = true;
        io.stderr.write(`\r\x1b[Kwalking ${walking}: ${entries} entries`);
      } else {
        io.stderr.write(`forbidlint: walking ${walking}: ${entries} entries so far${current === undefined ? '' : `, in ${posixPath.dirname(current)}`}\n`);
      }
    },
    line(text) {
      clear();
      io.stderr.write(text);
    },
    done: clear,
  };
}
