import { readFileSync } from 'node:fs';
import type { FsDiagnostic } from './diagnostics.js';
import { EntryTable, type ContentSource } from './entry-table.js';
import { LiveFs } from './live-fs.js';
import { fail, type EntryType } from './types.js';

/**
 * The output of `find / -xdev -printf '%m %U %G %y %s %p\t%l\n'` run on the server (see
 * docs/filesystem.md): octal mode, numeric uid and gid, find's type letter, size, path, a tab,
 * then the link target (empty for everything but symlinks). The older `%m %U %G %y %p` form
 * without size and targets is accepted too.
 */
const FIND_TYPES: Record<string, EntryType> = { f: 'file', d: 'dir', l: 'symlink', c: 'char', b: 'block', p: 'fifo', s: 'socket', D: 'unknown', U: 'unknown' };

const MAX_ID = 0xffff_ffff;
const DOT_COMPONENT = /\/\.{1,2}(?:\/|$)/;

/** Past this many, malformed lines are counted rather than listed one by one. */
const MAX_LINE_DIAGNOSTICS = 20;

export interface LoadedListing {
  fs: EntryTable;
  diagnostics: FsDiagnostic[];
  /** Lines recorded (a path listed twice counts twice). */
  lines: number;
}

/**
 * Loads a listing file, or standard input for `-`. File contents (passwd, group, configs) are
 * read from `contentRoot`, a copy of those files laid out as on the server; without one,
 * readFile fails with a message saying so.
 */
export function loadListing(source: string | '-', contentRoot?: string): { ok: true; listing: LoadedListing } | { ok: false; message: string } {
  const name = source === '-' ? '<stdin>' : source;
  let text: string;
  try {
    text = readFileSync(source === '-' ? 0 : source, 'utf8');
  } catch (e) {
    return { ok: false, message: `cannot read listing ${name}: ${(e as Error).message}` };
  }
  const listing = parseListing(text, name, contentsFrom(contentRoot, name));
  if (listing.lines === 0) return { ok: false, message: `listing ${name} has no valid entries${listing.diagnostics[0] ? `; first problem: ${listing.diagnostics[0].message}` : ''}` };
  return { ok: true, listing };
}

export function parseListing(text: string, name: string, contents: ContentSource): LoadedListing {
  const table = new EntryTable(`listing ${name}`, contents);
  const diagnostics: FsDiagnostic[] = [];
  let malformed = 0;
  let lines = 0;
  let start = 0;
  // Names that are not UTF-8 arrive as U+FFFD and can match no config path; one scan tells whether to look per line.
  let undecodable = text.indexOf('\uFFFD');
  for (let line = 1; start < text.length; line++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const problem = end > start ? parseLine(text, start, end, table) : undefined;
    if (end > start && problem === undefined) lines++;
    if (problem !== undefined && ++malformed <= MAX_LINE_DIAGNOSTICS) {
      diagnostics.push({ code: 'listing-malformed', path: `${name}:${line}`, message: `${name}:${line}: ${problem}, line skipped`, severity: 'warning' });
    }
    if (undecodable >= start && undecodable < end) {
      diagnostics.push({ code: 'listing-undecodable-name', path: `${name}:${line}`, message: `${name}:${line}: the path is not valid UTF-8, so no configured path can name it`, severity: 'info' });
      undecodable = text.indexOf('\uFFFD', end);
    }
    start = end + 1;
  }
  if (malformed > MAX_LINE_DIAGNOSTICS) {
    diagnostics.push({ code: 'listing-malformed', path: name, message: `${name}: ${malformed - MAX_LINE_DIAGNOSTICS} more malformed lines skipped`, severity: 'warning' });
  }
  return { fs: table, diagnostics, lines };
}

/**
 * Parses one line in place (indices into the whole text, so paths are cheap slices of it).
 * Returns what is wrong with the line, or undefined once it is recorded.
 */
function parseLine(text: string, start: number, end: number, table: EntryTable): string | undefined {
  let at = start;
  const number = (radix: 8 | 10): number | undefined => {
    let value = 0;
    const from = at;
    for (; at < end; at++) {
      const digit = text.charCodeAt(at) - 48;
      if (digit < 0 || digit >= radix) break;
      value = value * radix + digit;
    }
    if (at === from || text.charCodeAt(at) !== 32) return undefined;
    at++;
    return value;
  };
  const mode = number(8);
  const uid = mode === undefined ? undefined : number(10);
  const gid = uid === undefined ? undefined : number(10);
  if (mode === undefined || uid === undefined || gid === undefined || mode > 0o7777) {
    return `expected "MODE UID GID TYPE SIZE PATH<tab>TARGET" (octal mode, numeric ids), got ${JSON.stringify(text.slice(start, Math.min(end, start + 80)))}`;
  }
  // A uid or gid past 32 bits would wrap in the kernel's arithmetic to another account.
  if (uid > MAX_ID || gid > MAX_ID) return `uid or gid above ${MAX_ID} (no such account can exist)`;
  // A listing written on Windows or through a CRLF conversion: every name would end in a CR.
  if (text.charCodeAt(end - 1) === 13) return 'the line ends in CR LF (convert the listing to LF line ends)';
  const type = FIND_TYPES[text.charAt(at)];
  if (type === undefined || text.charCodeAt(at + 1) !== 32) return `unknown type letter ${JSON.stringify(text.charAt(at))} (expected one of f d l c b p s)`;
  at += 2;
  const size = text.charAt(at) === '/' ? 0 : number(10);
  if (size === undefined) return 'expected a size in bytes before the path';
  if (text.charAt(at) !== '/') return 'the path is not absolute (run find on /, not on a relative directory)';
  const tab = type === 'symlink' ? text.indexOf('\t', at) : -1;
  let pathEnd = tab >= 0 && tab < end ? tab : end;
  if (type !== 'symlink' && text.charCodeAt(pathEnd - 1) === 9) pathEnd--;
  if (pathEnd - at > 1 && text.charCodeAt(pathEnd - 1) === 47) pathEnd--;
  const path = text.slice(at, pathEnd);
  // find never prints `.` or `..` as a component; recorded, they would make the tree endless.
  if (DOT_COMPONENT.test(path)) return `the path ${JSON.stringify(path.length > 80 ? `${path.slice(0, 80)}…` : path)} has a . or .. component, which find never prints`;
  const target = type === 'symlink' && tab >= 0 && tab < end ? text.slice(tab + 1, end) : undefined;
  table.set(path, { type, mode, uid, gid, size }, target);
  return undefined;
}

function contentsFrom(contentRoot: string | undefined, name: string): ContentSource {
  if (contentRoot === undefined) {
    return (path) => fail('ENOCONTENT', path, `listing ${name} records no file contents; give a content root holding a copy of ${path}`);
  }
  const copy = new LiveFs(contentRoot);
  return (path) => {
    const read = copy.readFile(path);
    return read.ok || read.error.code !== 'ENOENT'
      ? read
      : fail('ENOCONTENT', path, `${path} is in listing ${name} but not in the content root ${contentRoot}; copy it there to let forbidlint read it`);
  };
}
