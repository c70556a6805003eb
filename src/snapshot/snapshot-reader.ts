import { parseGetfacl } from '../fs/acl.js';
import type { FsDiagnostic } from '../fs/diagnostics.js';
import { loadUserDb } from '../fs/users.js';
import { fail, ok, type EntryType } from '../fs/types.js';
import { SnapshotFs, type SnapshotSelinux } from './snapshot-fs.js';
import { parseFindContext } from '../fs/selinux.js';
import { readTar } from './tar-reader.js';

/**
 * Reads the stream the command of command.ts writes into a SnapshotFs. The input is data from
 * another machine: every problem is a message naming the snapshot and the byte offset, a path
 * that climbs with `..` or is not absolute is refused, and nothing is ever written.
 */
export type SnapshotRead = { ok: true; fs: SnapshotFs; diagnostics: FsDiagnostic[]; entries: number } | { ok: false; message: string };

const MAGIC = 'forbidlint-snapshot 1';
const TRAILER = Buffer.from('forbidlint-snapshot-end\n');
const DOUBLE_NUL = Buffer.from([0, 0]);
const FIND_TYPES: Record<string, EntryType> = { f: 'file', d: 'dir', l: 'symlink', c: 'char', b: 'block', p: 'fifo', s: 'socket', D: 'unknown', U: 'unknown' };
const MAX_ID = 0xffff_ffff;
const MAX_DIAGNOSTICS = 20;
/** What readFile answers for a *.pem the server found a private key in: the snapshot names such files, it never carries the key. */
const PRIVATE_KEY_STAND_IN = Buffer.from('-----BEGIN PRIVATE KEY-----\n(the snapshot records that this file holds a private key, not the key)\n');

export function readSnapshot(input: Buffer, name: string): SnapshotRead {
  const fields = new FieldReader(input, name);
  const magic = fields.next();
  if (magic !== MAGIC) {
    return { ok: false, message: `${name} is not a forbidlint snapshot (it does not start with "${MAGIC}"; take one with the command \`forbidlint snapshot\` prints)` };
  }
  const diagnostics: FsDiagnostic[] = [];
  const contents = new Map<string, Buffer>();
  const selinux: SnapshotSelinux = {};
  let getfacl: string | undefined;
  let prefix = '';
  let entries = 0;
  let skipped = 0;
  const problem = (message: string, at: number): void => {
    if (++skipped <= MAX_DIAGNOSTICS) diagnostics.push({ code: 'snapshot-malformed', path: `${name}@${at}`, message: `${name}: byte ${at}: ${message}`, severity: 'warning' });
  };
  const fs = new SnapshotFs(`snapshot ${name}`, (path) => {
    const content = contents.get(path);
    return content !== undefined ? ok(content) : fail('ENOCONTENT', path, `${path} is in snapshot ${name} but its contents were not captured (the snapshot archives configs, passwd, group, hosts, mime.types and .htaccess files; add others with \`forbidlint snapshot --config PATH\`)`);
  }, selinux);

  for (;;) {
    const at = fields.at;
    const section = fields.next();
    if (section === undefined) return truncated(name, at, 'before its archive');
    if (section === 'prefix') {
      prefix = fields.next() ?? '';
    } else if (section === 'listing') {
      const start = fields.next();
      if (start === undefined) return truncated(name, at, 'in a listing');
      fields.beginList();
      for (;;) {
        const mark = fields.mark();
        const recordAt = (): number => fields.byteAt(mark);
        const meta = fields.next();
        if (meta === undefined) return truncated(name, recordAt(), `in the listing of ${start}`);
        if (meta === '') break;
        if (meta === 'key') {
          const path = fields.next();
          if (path === undefined) return truncated(name, recordAt(), `in the listing of ${start}`);
          const bad = pathProblem(path);
          if (bad !== undefined) problem(bad, recordAt());
          else contents.set(trimSlash(path), PRIVATE_KEY_STAND_IN);
          continue;
        }
        const parsed = parseMeta(meta);
        const path = fields.next();
        const target = parsed?.type === 'l' ? fields.next() : undefined;
        if (path === undefined || (parsed?.type === 'l' && target === undefined)) return truncated(name, recordAt(), `in the listing of ${start}`);
        if (parsed === undefined) {
          problem(`expected "MODE UID GID TYPE SIZE [CONTEXT]", got ${JSON.stringify(meta.slice(0, 80))}; entry skipped`, recordAt());
          continue;
        }
        const bad = pathProblem(path);
        const { uid, gid } = parsed;
        if (bad !== undefined || uid > MAX_ID || gid > MAX_ID) {
          problem(bad ?? `uid or gid above ${MAX_ID} (no such account can exist); entry skipped`, recordAt());
          continue;
        }
        const physical = trimSlash(path);
        const context = parsed.context === undefined ? undefined : parseFindContext(parsed.context);
        fs.set(physical, { type: FIND_TYPES[parsed.type] as EntryType, mode: parsed.mode, uid, gid, size: parsed.size, ...(context !== undefined ? { context } : {}) }, target);
        entries++;
      }
      const statusAt = fields.at;
      if (fields.next() !== 'status') return truncated(name, statusAt, `after the listing of ${start}`);
      const status = fields.next();
      if (status === undefined) return truncated(name, statusAt, `after the listing of ${start}`);
      if (status !== '0') diagnostics.push({ code: 'snapshot-incomplete-listing', path: start, message: `${name}: find over ${start} exited with status ${status} on the server: entries it could not read are missing (take the snapshot as root)`, severity: 'warning' });
    } else if (section === 'acl') {
      const text = fields.next();
      if (text === undefined) return truncated(name, at, 'in the ACL section');
      getfacl = withoutPrefix(text, prefix);
    } else if (section === 'getenforce') {
      const text = fields.next();
      if (text === undefined) return truncated(name, at, 'in the SELinux section');
      if (text.trim() !== '') selinux.getenforce = text.trim();
    } else if (section === 'tar') {
      const archive = readTar(input, fields.at);
      if (!archive.ok) return { ok: false, message: `${name}: byte ${archive.offset}: ${archive.message}` };
      for (const member of archive.members) {
        if (member.type !== 'file') continue;
        const path = memberPath(member.name);
        if (path === undefined) problem(`the archive member ${JSON.stringify(member.name.slice(0, 80))} climbs with .. or is empty; member skipped`, archive.end);
        else contents.set(path, member.data);
      }
      const rest = input.subarray(archive.end);
      if (!rest.equals(TRAILER)) {
        // Less than a block left is a header or the end marker cut short.
        return rest.length < 512
          ? truncated(name, archive.end, 'in its archive')
          : { ok: false, message: `${name}: byte ${archive.end}: neither a tar header nor the end marker: the snapshot is damaged` };
      }
      break;
    } else {
      return { ok: false, message: `${name}: byte ${at}: unknown section ${JSON.stringify(section.slice(0, 40))} (a snapshot from a newer forbidlint, or a damaged one)` };
    }
  }
  if (skipped > MAX_DIAGNOSTICS) diagnostics.push({ code: 'snapshot-malformed', path: name, message: `${name}: ${skipped - MAX_DIAGNOSTICS} more malformed entries skipped`, severity: 'warning' });
  const etc = ['/etc/passwd', '/etc/group'].find((file) => !contents.has(file));
  if (etc !== undefined) diagnostics.push({ code: 'snapshot-no-accounts', path: etc, message: `${name} holds no ${etc}: the web user's groups cannot be resolved`, severity: 'warning' });
  if (entries === 0) return { ok: false, message: `${name} has no listed entries${diagnostics[0] ? `; first problem: ${diagnostics[0].message}` : ''}` };
  const configFile = contents.get('/etc/selinux/config');
  if (configFile !== undefined) selinux.config = configFile.toString('utf8');
  if (getfacl !== undefined) {
    // Numeric ids (getfacl -n) resolve through the server's own accounts, captured above.
    const { users } = loadUserDb(fs);
    const acls = parseGetfacl(getfacl, { users, source: `${name}:acl`, onDiagnostic: (d) => diagnostics.push(d) });
    for (const [path, acl] of acls) fs.label(trimSlash(path), { acl });
  }
  return { ok: true, fs, diagnostics, entries };
}

interface Meta {
  mode: number;
  uid: number;
  gid: number;
  /** find's %y letter. */
  type: string;
  size: number;
  context: string | undefined;
}

/**
 * A listing record's `MODE UID GID TYPE SIZE [CONTEXT]` (find's %m %U %G %y %s [%Z]): 1-4 octal
 * digits, 1-20 digits twice, one of find's type letters, 1-20 digits, and a label without
 * whitespace when find read one; undefined for anything else. Read by hand, one record in
 * every entry: a regex's match array and substrings cost more than the rest of the record.
 */
export function parseMeta(meta: string): Meta | undefined {
  let at = 0;
  const number = (radix: 8 | 10, maxDigits: number): number | undefined => {
    let value = 0;
    const from = at;
    for (; at < meta.length; at++) {
      const digit = meta.charCodeAt(at) - 48;
      if (digit < 0 || digit >= radix) break;
      value = value * radix + digit;
    }
    const digits = at - from;
    return digits >= 1 && digits <= maxDigits ? value : undefined;
  };
  const space = (): boolean => meta.charCodeAt(at++) === 32;
  const mode = number(8, 4);
  if (mode === undefined || !space()) return undefined;
  const uid = number(10, 20);
  if (uid === undefined || !space()) return undefined;
  const gid = number(10, 20);
  if (gid === undefined || !space()) return undefined;
  const type = meta[at++] as string;
  if (!Object.hasOwn(FIND_TYPES, type) || !space()) return undefined;
  const size = number(10, 20);
  if (size === undefined) return undefined;
  if (at === meta.length) return { mode, uid, gid, type, size, context: undefined };
  const context = meta.slice(at + 1);
  return space() && context !== '' && !/\s/.test(context) ? { mode, uid, gid, type, size, context } : undefined;
}

function truncated(name: string, at: number, where: string): SnapshotRead {
  return { ok: false, message: `${name}: byte ${at}: the snapshot ends ${where}: it is truncated (was the command interrupted, or the transfer cut?)` };
}

/** Why a recorded path cannot be a server path, or undefined. */
function pathProblem(path: string): string | undefined {
  const shown = (): string => JSON.stringify(path.length > 80 ? `${path.slice(0, 80)}…` : path);
  if (!path.startsWith('/')) return `the path ${shown()} is not absolute; entry skipped`;
  // The regex is only worth running on the few paths with "/." in them (hidden files, mostly).
  if (path.includes('/.') && /\/\.{1,2}(?:\/|$)/.test(path)) return `the path ${shown()} has a . or .. component, which find never prints; entry skipped`;
  return undefined;
}

function trimSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.replace(/\/+$/, '') || '/' : path;
}

/** `./etc/nginx/nginx.conf` (relative to the server's `/`) as `/etc/nginx/nginx.conf`; undefined for a name that climbs. */
function memberPath(name: string): string | undefined {
  const parts = name.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.length === 0 || parts.includes('..')) return undefined;
  return `/${parts.join('/')}`;
}

/** getfacl's `# file:` lines name paths under the prefix the command ran with: make them the server's. */
function withoutPrefix(text: string, prefix: string): string {
  if (prefix === '') return text;
  const head = `# file: ${escapeGetfaclName(prefix)}`;
  return text
    .split('\n')
    .map((line) => (line.startsWith(head) && (line.length === head.length || line[head.length] === '/') ? `# file: ${line.slice(head.length) || '/'}` : line))
    .join('\n');
}

/** getfacl's quoting of a name: backslash and unprintable bytes as `\ooo` octal (a backslash as `\\`). */
function escapeGetfaclName(name: string): string {
  let out = '';
  for (const byte of Buffer.from(name)) {
    if (byte === 0x5c) out += '\\\\';
    else if (byte < 0x21 && byte !== 0x20) out += `\\${byte.toString(8).padStart(3, '0')}`;
    else if (byte >= 0x7f) out += `\\${byte.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(byte);
  }
  return out;
}

/**
 * NUL-terminated fields of the stream; undefined past the end (a field without its NUL is not a
 * field). A listing is decoded as one string (its end, the only empty field in it, is found
 * first): one decode instead of one per field.
 */
class FieldReader {
  private offset = 0;
  private text: string | undefined;
  private textAt = 0;
  private textStart = 0;
  private textEnd = 0;
  constructor(
    private readonly input: Buffer,
    readonly name: string,
  ) {}

  /** Reads up to and including the next empty field from one decoded string, when that field is there. */
  beginList(): void {
    const stop = this.input.indexOf(DOUBLE_NUL, this.offset - 1);
    if (stop < 0) return;
    this.textStart = this.offset;
    this.textEnd = stop + 2;
    this.text = this.input.toString('utf8', this.offset, this.textEnd);
    this.textAt = 0;
  }

  /** Where the next field starts, to name in a message with `byteAt`. */
  mark(): number {
    return this.text === undefined ? this.offset : this.textAt;
  }

  byteAt(mark: number): number {
    return this.text === undefined ? mark : this.textStart + Buffer.byteLength(this.text.slice(0, mark));
  }

  /** The byte offset of the next field (outside a list). */
  get at(): number {
    return this.text === undefined ? this.offset : this.byteAt(this.textAt);
  }

  next(): string | undefined {
    if (this.text !== undefined) {
      const nul = this.text.indexOf('\0', this.textAt);
      const field = this.text.slice(this.textAt, nul);
      this.textAt = nul + 1;
      if (this.textAt >= this.text.length) {
        this.text = undefined;
        this.offset = this.textEnd;
      }
      return field;
    }
    const nul = this.input.indexOf(0, this.offset);
    if (nul < 0) return undefined;
    const field = this.input.toString('utf8', this.offset, nul);
    this.offset = nul + 1;
    return field;
  }
}
