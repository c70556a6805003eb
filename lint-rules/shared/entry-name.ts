import { posix } from 'node:path';
import type { WalkEntry } from '../../src/fs/walk.js';

/** The entry asked last and its name: the engine hands each walked entry to every rule in turn. */
let lastEntry: WalkEntry | undefined;
let lastName = '';

/** posix.basename of a walked entry's path (which never ends in a slash but at `/`), worked out once for all the rules that ask. */
export function entryName(entry: WalkEntry): string {
  if (entry !== lastEntry) {
    lastEntry = entry;
    lastName = entry.path.endsWith('/') ? posix.basename(entry.path) : entry.path.slice(entry.path.lastIndexOf('/') + 1);
  }
  return lastName;
}
