import { readFileSync } from 'node:fs';
import * as posixPath from 'node:path/posix';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { EntryTable } from './entry-table.js';
import { parseAclSpec } from './acl.js';
import { fail, ok, type GroupEntry, type PasswdEntry, type PosixAcl } from './types.js';
import { createUserDb } from './users.js';

/**
 * A fixture tree as data, since git cannot store modes and owners (docs/filesystem.md):
 *
 *   users:   [{ name: www-data, uid: 33, gid: 33 }]
 *   groups:  [{ name: www-data, gid: 33, members: [alice] }]
 *   entries: [{ path: /srv/www, type: dir, mode: '0750', owner: root, group: www-data,
 *               acl: 'user:alice:r-x,mask::r-x', context: 'system_u:object_r:httpd_sys_content_t:s0' }]
 *
 * `acl` takes setfacl's entry syntax (a string, or a list of entries; base entries may be left
 * out, they are the mode's; the mode's group bits become the mask, as setfacl makes them) with names of the manifest's own users and groups; `context` is the
 * entry's SELinux label.
 * Parsed into a ManifestTree: every id numeric, every parent directory present, and the
 * users and groups written out as the tree's own /etc/passwd and /etc/group.
 */
export interface ManifestEntry {
  path: string;
  type: 'file' | 'dir' | 'symlink';
  mode: number;
  uid: number;
  gid: number;
  content?: string;
  target?: string;
  acl?: PosixAcl;
  context?: string;
}

export interface ManifestTree {
  users: PasswdEntry[];
  groups: GroupEntry[];
  /** Parents before children, `/` first. */
  entries: ManifestEntry[];
}

export type ManifestParse = { ok: true; tree: ManifestTree } | { ok: false; errors: string[] };

const DEFAULT_MODE = { file: 0o644, dir: 0o755, symlink: 0o777 } as const;
const ENTRY_KEYS = new Set(['path', 'type', 'mode', 'owner', 'group', 'content', 'target', 'acl', 'context']);
/** user:role:type, then the MLS/MCS level when the policy has one. */
const SELINUX_CONTEXT = /^[^:\s]+:[^:\s]+:[^:\s]+(?::\S+)?$/;
const TOP_KEYS = new Set(['users', 'groups', 'entries']);

export function loadManifest(file: string): ManifestParse {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { ok: false, errors: [`cannot read manifest ${file}: ${(e as Error).message}`] };
  }
  return parseManifest(text, file);
}

/** Parses YAML or JSON (a YAML subset); every error carries `file:line:col`. */
export function parseManifest(text: string, file: string): ManifestParse {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (offset: number): string => {
    const { line, col } = lineCounter.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  if (doc.errors.length > 0) return { ok: false, errors: doc.errors.map((e) => `${at(e.pos[0])}: ${e.message.split('\n')[0]}`) };
  return new ManifestReader(doc, at).read();
}

/** An EntryTable over a manifest: contents are the entries' `content` (empty when absent). */
export function manifestFs(tree: ManifestTree, name: string): EntryTable {
  const contents = new Map<string, string>();
  const table = new EntryTable(`manifest ${name}`, (path) => {
    const content = contents.get(path);
    return content === undefined ? fail('ENOENT', path, `no such file in manifest ${name}: ${path}`) : ok(Buffer.from(content));
  });
  for (const entry of tree.entries) {
    const size = entry.type === 'symlink' ? Buffer.byteLength(entry.target ?? '') : Buffer.byteLength(entry.content ?? '');
    const labels = { ...(entry.acl ? { acl: entry.acl } : {}), ...(entry.context !== undefined ? { context: entry.context } : {}) };
    table.set(entry.path, { type: entry.type, mode: entry.mode, uid: entry.uid, gid: entry.gid, size: entry.type === 'dir' ? 4096 : size, ...labels }, entry.target);
    if (entry.type === 'file') contents.set(entry.path, entry.content ?? '');
  }
  return table;
}

type Key = string | number;

class ManifestReader {
  private readonly errors: string[] = [];

  constructor(
    private readonly doc: Document,
    private readonly at: (offset: number) => string,
  ) {}

  read(): ManifestParse {
    let top: unknown;
    try {
      top = this.doc.toJS();
    } catch (e) {
      // yaml refuses alias bombs and the like only while building values.
      return { ok: false, errors: [`${this.at(0)}: ${(e as Error).message}`] };
    }
    if (!isRecord(top)) return { ok: false, errors: [`${this.at(0)}: a manifest is a mapping with \`entries\` (and optional \`users\`, \`groups\`)`] };
    this.unknownKeys(top, TOP_KEYS, []);
    const users = this.list(top, 'users').map((u, i) => this.user(u, i));
    const groups = this.list(top, 'groups').map((g, i) => this.group(g, i));
    if (!users.some((u) => u.uid === 0)) users.unshift({ name: 'root', uid: 0, gid: 0, home: '/root', shell: '/bin/sh' });
    if (!groups.some((g) => g.gid === 0)) groups.unshift({ name: 'root', gid: 0, members: [] });
    if (!Array.isArray(top.entries)) this.error(['entries'], 'is required: a list of { path, type, mode, owner, group }');
    const declared = this.list(top, 'entries').map((e, i) => this.entry(e, i, users, groups));
    this.checkNesting(declared);
    if (this.errors.length > 0) return { ok: false, errors: this.errors };
    const entries = withParents([...declared, ...userDbFiles(users, groups, declared)]);
    return { ok: true, tree: { users, groups, entries } };
  }

  /** Every declared entry's declared ancestors must be directories, and `/` one itself. */
  private checkNesting(declared: readonly ManifestEntry[]): void {
    const byPath = new Map(declared.map((e) => [e.path, e]));
    declared.forEach((entry, i) => {
      if (entry.path === '/' && entry.type !== 'dir') this.error(['entries', i, 'type'], 'of / must be dir');
      for (let child = entry.path, dir = posixPath.dirname(child); dir !== child; child = dir, dir = posixPath.dirname(dir)) {
        const parent = byPath.get(dir);
        if (parent !== undefined && parent.type !== 'dir') {
          this.error(['entries', i, 'path'], `lies under ${dir}, which is a ${parent.type}`);
          break;
        }
      }
    });
  }

  private user(value: unknown, i: number): PasswdEntry {
    const path = ['users', i];
    if (!isRecord(value)) return this.invalid(path, 'must be a mapping { name, uid, gid }', { name: '', uid: 0, gid: 0, home: '/', shell: '' });
    this.unknownKeys(value, new Set(['name', 'uid', 'gid', 'home', 'shell']), path);
    const uid = this.id(value, 'uid', path, true) ?? 0;
    return {
      name: this.string(value, 'name', path, true) ?? '',
      uid,
      gid: this.id(value, 'gid', path, false) ?? uid,
      home: this.string(value, 'home', path, false) ?? '/nonexistent',
      shell: this.string(value, 'shell', path, false) ?? '/usr/sbin/nologin',
    };
  }

  private group(value: unknown, i: number): GroupEntry {
    const path = ['groups', i];
    if (!isRecord(value)) return this.invalid(path, 'must be a mapping { name, gid, members }', { name: '', gid: 0, members: [] });
    this.unknownKeys(value, new Set(['name', 'gid', 'members']), path);
    const members = value.members ?? [];
    if (!Array.isArray(members) || !members.every((m) => typeof m === 'string')) this.error([...path, 'members'], 'must be a list of user names');
    return { name: this.string(value, 'name', path, true) ?? '', gid: this.id(value, 'gid', path, true) ?? 0, members: Array.isArray(members) ? members.map(String) : [] };
  }

  private entry(value: unknown, i: number, users: readonly PasswdEntry[], groups: readonly GroupEntry[]): ManifestEntry {
    const path = ['entries', i];
    const fallback: ManifestEntry = { path: '/', type: 'dir', mode: 0o755, uid: 0, gid: 0 };
    if (!isRecord(value)) return this.invalid(path, 'must be a mapping { path, type, mode, owner, group }', fallback);
    this.unknownKeys(value, ENTRY_KEYS, path);
    const entryPath = this.string(value, 'path', path, true) ?? '/';
    if (!entryPath.startsWith('/')) this.error([...path, 'path'], `must be absolute (as the server sees it), got ${JSON.stringify(entryPath)}`);
    const type = value.type;
    if (type !== 'file' && type !== 'dir' && type !== 'symlink') {
      this.error([...path, 'type'], `must be one of file, dir, symlink, got ${JSON.stringify(type)}`);
      return fallback;
    }
    const content = this.string(value, 'content', path, false);
    const target = this.string(value, 'target', path, type === 'symlink');
    if (content !== undefined && type !== 'file') this.error([...path, 'content'], `only files have content, this is a ${type}`);
    if (target !== undefined && type !== 'symlink') this.error([...path, 'target'], `only symlinks have a target, this is a ${type}`);
    const entry: ManifestEntry = {
      path: posixPath.normalize(entryPath),
      type,
      mode: this.mode(value, path) ?? DEFAULT_MODE[type],
      uid: this.owner(value, 'owner', path, users.map((u) => [u.name, u.uid])),
      gid: this.owner(value, 'group', path, groups.map((g) => [g.name, g.gid])),
    };
    if (content !== undefined) entry.content = content;
    if (target !== undefined) entry.target = target;
    const acl = this.acl(value, path, entry.mode, users, groups);
    if (acl !== undefined) {
      entry.acl = acl;
      // The kernel shows the mask as the group bits, as `ls -l` and `find -printf %m` do.
      entry.mode = (entry.mode & ~0o70) | ((acl.mask ?? 0) << 3);
    }
    const context = this.string(value, 'context', path, false);
    if (context !== undefined && !SELINUX_CONTEXT.test(context)) this.error([...path, 'context'], `must be an SELinux label user:role:type[:level], got ${JSON.stringify(context)}`);
    else if (context !== undefined) entry.context = context;
    return entry;
  }

  /** setfacl's entry syntax, as one string or a list of entries. */
  private acl(value: Record<string, unknown>, path: Key[], mode: number, users: readonly PasswdEntry[], groups: readonly GroupEntry[]): PosixAcl | undefined {
    const given = value.acl;
    if (given === undefined) return undefined;
    const spec = typeof given === 'string' ? given : Array.isArray(given) && given.every((e) => typeof e === 'string') ? given.join(',') : undefined;
    if (spec === undefined) return this.invalid([...path, 'acl'], `must be setfacl entries such as 'user:www-data:r-x,mask::r-x' (a string or a list), got ${JSON.stringify(given)}`, undefined);
    const parsed = parseAclSpec(spec, mode, createUserDb(users, groups));
    if (!parsed.ok) return this.invalid([...path, 'acl'], parsed.message, undefined);
    return parsed.acl;
  }

  /** Octal text: `'0644'`, or unquoted 0644, which YAML 1.2 reads as decimal, so its source is used. */
  private mode(value: Record<string, unknown>, path: Key[]): number | undefined {
    if (value.mode === undefined) return undefined;
    const node = this.doc.getIn([...path, 'mode'], true);
    const text = isScalar(node) && typeof node.source === 'string' ? node.source : String(value.mode);
    const digits = /^0?o?([0-7]{3,4})$/.exec(text.trim());
    if (!digits) return this.invalid([...path, 'mode'], `must be an octal mode such as '0644', got ${JSON.stringify(text)}`, undefined);
    return parseInt(digits[1] as string, 8);
  }

  private owner(value: Record<string, unknown>, key: 'owner' | 'group', path: Key[], known: [string, number][]): number {
    const given = value[key];
    if (given === undefined) return 0;
    if (typeof given === 'number' && Number.isInteger(given) && given >= 0) return given;
    const match = known.find(([name]) => name === given);
    if (match) return match[1];
    const list = key === 'owner' ? 'users' : 'groups';
    this.error([...path, key], `${JSON.stringify(given)} is not a numeric id nor a name listed under \`${list}\``);
    return 0;
  }

  private list(record: Record<string, unknown>, key: string): unknown[] {
    const value = record[key];
    if (value === undefined) return [];
    if (!Array.isArray(value)) return this.invalid([key], 'must be a list', []);
    return value;
  }

  private string(record: Record<string, unknown>, key: string, path: Key[], required: boolean): string | undefined {
    const value = record[key];
    if (value === undefined) {
      if (required) this.error(path, `needs \`${key}\``);
      return undefined;
    }
    if (typeof value !== 'string') return this.invalid([...path, key], `must be a string, got ${JSON.stringify(value)}`, undefined);
    return value;
  }

  private id(record: Record<string, unknown>, key: string, path: Key[], required: boolean): number | undefined {
    const value = record[key];
    if (value === undefined) {
      if (required) this.error(path, `needs \`${key}\``);
      return undefined;
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) return this.invalid([...path, key], `must be a non-negative integer, got ${JSON.stringify(value)}`, undefined);
    return value;
  }

  private unknownKeys(record: Record<string, unknown>, allowed: ReadonlySet<string>, path: Key[]): void {
    for (const key of Object.keys(record)) {
      if (!allowed.has(key)) this.error([...path, key], `unknown key \`${key}\` (expected one of ${[...allowed].join(', ')})`, true);
    }
  }

  /** Reports a problem and hands back the value to carry on with, so one pass finds every error. */
  private invalid<T>(path: Key[], message: string, fallback: T): T {
    this.error(path, message);
    return fallback;
  }

  /** Reports at the node itself (or its key), else at the nearest existing ancestor when the key is missing. */
  private error(path: Key[], message: string, atKey = false): void {
    let node: unknown = atKey ? this.keyNode(path) : undefined;
    for (let n = path.length; n >= 0 && !hasRange(node); n--) node = n === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, n), true);
    const offset = hasRange(node) ? node.range[0] : 0;
    this.errors.push(`${this.at(offset)}: ${describePath(path)} ${message}`);
  }

  private keyNode(path: Key[]): unknown {
    const parent = path.length > 1 ? this.doc.getIn(path.slice(0, -1), true) : this.doc.contents;
    const key = path[path.length - 1];
    return isMap(parent) ? parent.items.find((pair) => isScalar(pair.key) && pair.key.value === key)?.key : undefined;
  }
}

/** /etc/passwd and /etc/group in the server's format, unless the manifest writes its own. */
function userDbFiles(users: readonly PasswdEntry[], groups: readonly GroupEntry[], declared: readonly ManifestEntry[]): ManifestEntry[] {
  const files: ManifestEntry[] = [];
  const add = (path: string, lines: string[]): void => {
    if (!declared.some((e) => e.path === path)) files.push({ path, type: 'file', mode: 0o644, uid: 0, gid: 0, content: lines.join('\n') + '\n' });
  };
  add('/etc/passwd', users.map((u) => `${u.name}:x:${u.uid}:${u.gid}::${u.home}:${u.shell}`));
  add('/etc/group', groups.map((g) => `${g.name}:x:${g.gid}:${g.members.join(',')}`));
  return files;
}

/** Adds `/` and every missing parent as 0755 root:root directories, then orders parents first. */
function withParents(entries: readonly ManifestEntry[]): ManifestEntry[] {
  const byPath = new Map(entries.map((e) => [e.path, e]));
  for (const entry of entries) {
    for (let dir = posixPath.dirname(entry.path); !byPath.has(dir); dir = posixPath.dirname(dir)) {
      byPath.set(dir, { path: dir, type: 'dir', mode: 0o755, uid: 0, gid: 0 });
      if (dir === '/') break;
    }
  }
  if (!byPath.has('/')) byPath.set('/', { path: '/', type: 'dir', mode: 0o755, uid: 0, gid: 0 });
  return [...byPath.values()].sort((a, b) => depth(a.path) - depth(b.path) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function depth(path: string): number {
  return path === '/' ? 0 : path.split('/').length - 1;
}

function describePath(path: Key[]): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

function hasRange(node: unknown): node is { range: [number, number, number] } {
  return typeof node === 'object' && node !== null && Array.isArray((node as { range?: unknown }).range);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
