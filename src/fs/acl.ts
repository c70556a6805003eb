import type { FsDiagnostic } from './diagnostics.js';
import type { AclPerm, EntryStat, PosixAcl, Principal, UserDb } from './types.js';

/**
 * POSIX.1e access control lists: reading `getfacl` text, and deciding access from an ACL the
 * way the kernel's posix_acl_permission() does.
 */

/**
 * The kernel's ACL walk for an entry with an extended ACL: the owner gets the owner bits
 * (unmasked); a named-user entry matching the uid decides, masked; then every group entry the
 * principal holds (the owning group's and named ones): the first that grants the whole request
 * decides, masked; if some group entry matched but none granted, access is refused without
 * looking at `other`; else the other bits. An all-clear mask turns the ACL off altogether.
 */
export function aclPermits(stat: EntryStat, acl: PosixAcl, who: Principal, want: AclPerm): boolean {
  if (stat.uid === who.uid) return ((stat.mode >> 6) & want) === want;
  const mask = acl.mask ?? (stat.mode >> 3) & 7;
  // acl_permission_check() reads the ACL only when the mode's group bits (the mask) are not
  // all clear: with `mask::---` the owning group gets nothing and everyone else the other bits,
  // even a named user or group that POSIX.1e would stop first.
  if (mask === 0) return !who.gids.includes(stat.gid) && (stat.mode & want) === want;
  const named = acl.users.find((entry) => entry.id === who.uid);
  if (named !== undefined) return (named.perm & mask & want) === want;
  let found = false;
  for (const entry of groupEntries(stat, acl)) {
    if (!who.gids.includes(entry.id)) continue;
    found = true;
    // posix_acl_permission() goes to the mask with the first granting entry and stops there.
    if ((entry.perm & want) === want) return (entry.perm & mask & want) === want;
  }
  return !found && (stat.mode & want) === want;
}

/** Which ACL entry the kernel consults for `who`, for messages and fixes. */
export function aclClass(stat: EntryStat, acl: PosixAcl, who: Principal): 'owner' | 'named-user' | 'group' | 'other' {
  if (stat.uid === who.uid) return 'owner';
  if (acl.users.some((entry) => entry.id === who.uid)) return 'named-user';
  return groupEntries(stat, acl).some((entry) => who.gids.includes(entry.id)) ? 'group' : 'other';
}

function groupEntries(stat: EntryStat, acl: PosixAcl): { id: number; perm: AclPerm }[] {
  return [{ id: stat.gid, perm: acl.owningGroup }, ...acl.groups];
}

/** `r-x` style text of permission bits, as getfacl and setfacl write them. */
export function permText(perm: AclPerm): string {
  return `${perm & 4 ? 'r' : '-'}${perm & 2 ? 'w' : '-'}${perm & 1 ? 'x' : '-'}`;
}

/** The ACL in getfacl's words, names from the audited system: `user:www-data:r-x,mask::r--`. */
export function describeAcl(acl: PosixAcl, users?: UserDb): string {
  const userName = (id: number): string => users?.userName(id) ?? String(id);
  const groupName = (id: number): string => users?.groupName(id) ?? String(id);
  return [
    ...acl.users.map((e) => `user:${userName(e.id)}:${permText(e.perm)}`),
    `group::${permText(acl.owningGroup)}`,
    ...acl.groups.map((e) => `group:${groupName(e.id)}:${permText(e.perm)}`),
    ...(acl.mask === undefined ? [] : [`mask::${permText(acl.mask)}`]),
  ].join(',');
}

export interface GetfaclOptions {
  /** Resolves `user:NAME:` and `group:NAME:`: the audited system's passwd/group, never this machine's. */
  users?: UserDb;
  /** Names the input in diagnostics (`snapshot.tar:acl.txt`); line numbers are added. */
  source?: string;
  onDiagnostic?: (diagnostic: FsDiagnostic) => void;
}

/**
 * Reads the text of `getfacl -R --skip-base -P --absolute-names [-n] PATH...`: one block per
 * entry, `# file: PATH` first. Only access ACLs are kept (`default:` entries decide what new
 * files inherit, not who may open this one), and only extended ones: a block with nothing but
 * `user::`, `group::` and `other::` says what the mode bits already say. Paths are as printed
 * (absolute with --absolute-names; getfacl's relative form gets its `/` back), with getfacl's
 * octal escapes (`\\` for a backslash, `\012` for a newline) decoded.
 */
export function parseGetfacl(text: string, options: GetfaclOptions = {}): Map<string, PosixAcl> {
  const acls = new Map<string, PosixAcl>();
  const report = (line: number, message: string): void =>
    options.onDiagnostic?.({ code: 'acl-malformed', path: `${options.source ?? 'getfacl output'}:${line}`, message, severity: 'warning' });
  let file: string | undefined;
  let entries: RawEntries = emptyEntries();
  const flush = (): void => {
    if (file !== undefined && isExtended(entries)) acls.set(file, entries.acl);
    file = undefined;
    entries = emptyEntries();
  };
  text.split('\n').forEach((raw, index) => {
    const line = raw;
    const lineNo = index + 1;
    if (line.trim() === '') return flush();
    const header = /^# file: (.*)$/.exec(line);
    if (header) {
      flush();
      const path = decodeGetfaclName(header[1] as string);
      file = path.startsWith('/') ? path : `/${path}`;
      return;
    }
    if (line.startsWith('#')) return; // # owner:, # group:, # flags:
    if (file === undefined) return report(lineNo, `ACL entry outside a "# file:" block: ${JSON.stringify(line)}`);
    const entry = /^(default:|d:)?(user|u|group|g|mask|m|other|o):([^:]*):([r-][w-][x-])(?:\s+#.*)?$/.exec(line.trim());
    if (!entry) return report(lineNo, `not a getfacl entry (tag:qualifier:rwx): ${JSON.stringify(line)}`);
    if (entry[1] !== undefined) return;
    const tag = (entry[2] as string)[0] as 'u' | 'g' | 'm' | 'o';
    const qualifier = decodeGetfaclName(entry[3] as string);
    const perm = parsePerm(entry[4] as string);
    if (qualifier === '') {
      if (tag === 'g') entries.acl.owningGroup = perm;
      else if (tag === 'm') entries.acl.mask = perm;
      entries.base.add(tag);
      return;
    }
    if (tag !== 'u' && tag !== 'g') return report(lineNo, `${entry[2]} entries take no qualifier: ${JSON.stringify(line)}`);
    const id = resolveQualifier(qualifier, tag, options.users);
    if (Number.isNaN(id)) report(lineNo, `${tag === 'u' ? 'user' : 'group'} "${qualifier}" does not exist in the audited system's /etc/${tag === 'u' ? 'passwd' : 'group'}: its entry matches nobody`);
    (tag === 'u' ? entries.acl.users : entries.acl.groups).push({ id, perm });
  });
  flush();
  return acls;
}

/** Tags of the kernel's ACL attribute (linux/posix_acl.h). */
const ACL_USER = 0x02;
const ACL_GROUP_OBJ = 0x04;
const ACL_GROUP = 0x08;
const ACL_MASK = 0x10;
const ACL_XATTR_VERSION = 2;

/**
 * Decodes a `system.posix_acl_access` attribute as the kernel stores it: a little-endian
 * version word, then 8-byte entries (tag u16, perm u16, id u32). Ids are numeric, as with
 * `getfacl -n`. Only an extended ACL is returned, as parseGetfacl keeps only those; a value
 * of another version or a torn length is not an ACL this reader knows, so nothing is claimed.
 */
export function decodeAclXattr(value: Buffer): PosixAcl | undefined {
  if (value.length < 4 || (value.length - 4) % 8 !== 0 || value.readUInt32LE(0) !== ACL_XATTR_VERSION) return undefined;
  const entries: RawEntries = emptyEntries();
  for (let at = 4; at < value.length; at += 8) {
    const tag = value.readUInt16LE(at);
    const perm = value.readUInt16LE(at + 2) & 7;
    const id = value.readUInt32LE(at + 4);
    if (tag === ACL_USER) entries.acl.users.push({ id, perm });
    else if (tag === ACL_GROUP) entries.acl.groups.push({ id, perm });
    else if (tag === ACL_GROUP_OBJ) entries.acl.owningGroup = perm;
    else if (tag === ACL_MASK) entries.acl.mask = perm;
  }
  return isExtended(entries) ? entries.acl : undefined;
}

/**
 * Parses one entry list as setfacl takes it (`user:www-data:r-x`, comma or newline separated),
 * for manifests and snapshots. Base entries may be left out (`group::` is then the mode's group
 * bits), and without `mask::` the mask is what setfacl would compute.
 */
export function parseAclSpec(spec: string, mode: number, users?: UserDb): { ok: true; acl: PosixAcl | undefined } | { ok: false; message: string } {
  const lines: string[] = [];
  const problems: string[] = [];
  for (const part of spec.split(/[,\n]/).map((p) => p.trim()).filter((p) => p !== '')) lines.push(part);
  const text = `# file: /entry\ngroup::${permText((mode >> 3) & 7)}\n${lines.join('\n')}\n`;
  const acl = parseGetfacl(text, { ...(users ? { users } : {}), onDiagnostic: (d) => problems.push(d.message) }).get('/entry');
  if (problems.length > 0) return { ok: false, message: problems.join('; ') };
  // setfacl -m computes a mask nobody gave: the union of every group-class entry.
  if (acl !== undefined && acl.mask === undefined) acl.mask = [...acl.users, ...acl.groups].reduce((mask, e) => mask | e.perm, acl.owningGroup);
  return { ok: true, acl };
}

interface RawEntries {
  acl: { owningGroup: AclPerm; users: { id: number; perm: AclPerm }[]; groups: { id: number; perm: AclPerm }[]; mask?: AclPerm };
  base: Set<string>;
}

function emptyEntries(): RawEntries {
  return { acl: { owningGroup: 0, users: [], groups: [] }, base: new Set() };
}

function isExtended(entries: RawEntries): boolean {
  return entries.acl.users.length > 0 || entries.acl.groups.length > 0 || entries.acl.mask !== undefined;
}

function parsePerm(text: string): AclPerm {
  return (text[0] === 'r' ? 4 : 0) | (text[1] === 'w' ? 2 : 0) | (text[2] === 'x' ? 1 : 0);
}

/** getfacl -n prints ids; without it names, which only the audited system can resolve. */
function resolveQualifier(qualifier: string, tag: 'u' | 'g', users: UserDb | undefined): number {
  if (/^\d+$/.test(qualifier)) return Number(qualifier);
  const id = tag === 'u' ? users?.userByName(qualifier)?.uid : users?.groupByName(qualifier)?.gid;
  return id ?? Number.NaN;
}

/** getfacl (libmisc quote()) doubles `\` and writes newlines and other control bytes as `\ooo`; paths are bytes, read as UTF-8. */
export function decodeGetfaclName(text: string): string {
  if (!text.includes('\\')) return text;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const octal = text[i] === '\\' ? /^[0-7]{3}/.exec(text.slice(i + 1, i + 4)) : null;
    if (text[i] === '\\' && text[i + 1] === '\\') {
      bytes.push(0x5c);
      i += 1;
    } else if (octal) {
      bytes.push(parseInt(octal[0], 8));
      i += 3;
    } else {
      const char = String.fromCodePoint(text.codePointAt(i) as number);
      bytes.push(...Buffer.from(char, 'utf8'));
      i += char.length - 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
