import { describeAcl } from './acl.js';
import type { FsDiagnostic } from './diagnostics.js';
import type { EntryStat, FsView, GroupEntry, PasswdEntry, Principal, UserDb } from './types.js';

const PASSWD = '/etc/passwd';
const GROUP = '/etc/group';

/**
 * Reads the audited system's /etc/passwd and /etc/group through `fs` (never the local
 * machine's: the server's www-data may be uid 33 here and 82 there). A missing or malformed
 * file yields diagnostics and an emptier database, never an exception.
 */
export function loadUserDb(fs: FsView): { users: UserDb; diagnostics: FsDiagnostic[] } {
  const diagnostics: FsDiagnostic[] = [];
  const passwd = readDatabase(fs, PASSWD, 7, diagnostics).map(toPasswdEntry);
  const groups = readDatabase(fs, GROUP, 4, diagnostics).map(toGroupEntry);
  return { users: createUserDb(passwd, groups), diagnostics };
}

/** Builds the lookup tables; the first entry wins on duplicate names or ids, as getpwnam(3) does. */
export function createUserDb(passwd: readonly PasswdEntry[], groups: readonly GroupEntry[]): UserDb {
  const usersByName = firstBy(passwd, (u) => u.name);
  const usersById = firstBy(passwd, (u) => u.uid);
  const groupsByName = firstBy(groups, (g) => g.name);
  const groupsById = firstBy(groups, (g) => g.gid);
  return {
    userByName: (name) => usersByName.get(name),
    userById: (uid) => usersById.get(uid),
    groupByName: (name) => groupsByName.get(name),
    groupById: (gid) => groupsById.get(gid),
    userName: (uid) => usersById.get(uid)?.name ?? String(uid),
    groupName: (gid) => groupsById.get(gid)?.name ?? String(gid),
    memberOf: (user) => groups.filter((g) => g.members.includes(user)),
  };
}

/**
 * Resolves the server's `user`/`User`/`Group` to the uid and every gid its workers hold.
 * Both servers call initgroups(3) before dropping privileges, so supplementary groups are
 * every /etc/group line listing the user as a member. Numeric ids are accepted bare (`33`) or
 * in httpd's `#33` form; an id with no passwd entry is kept as is, but then needs a group.
 */
export function resolvePrincipal(
  users: UserDb,
  user: string,
  group?: string,
): { ok: true; principal: Principal } | { ok: false; message: string } {
  const uid = numericId(user);
  const account = uid === undefined ? users.userByName(user) : users.userById(uid);
  if (account === undefined && uid === undefined) {
    return { ok: false, message: `user "${user}" does not exist in the audited system's ${PASSWD}` };
  }
  let gid = account?.gid;
  if (group !== undefined) {
    const numericGid = numericId(group);
    const entry = numericGid === undefined ? users.groupByName(group) : users.groupById(numericGid);
    if (entry === undefined && numericGid === undefined) {
      return { ok: false, message: `group "${group}" does not exist in the audited system's ${GROUP}` };
    }
    gid = entry?.gid ?? numericGid;
  }
  if (gid === undefined) {
    return { ok: false, message: `uid ${uid} has no entry in the audited system's ${PASSWD}, so its group is unknown: name a group too` };
  }
  const name = account?.name ?? String(uid);
  const gids = [gid];
  if (account !== undefined) {
    for (const g of users.memberOf?.(name) ?? []) if (!gids.includes(g.gid)) gids.push(g.gid);
  }
  return { ok: true, principal: { name, uid: account?.uid ?? (uid as number), gid, gids } };
}

/** `0750 root:www-data`; ids the audited system does not name stay numeric (`0644 1001:1001`). */
export function describeOwner(stat: EntryStat, users: UserDb): string {
  const acl = stat.acl === undefined ? '' : ` with ACL ${describeAcl(stat.acl, users)}`;
  return `${formatMode(stat.mode)} ${users.userName(stat.uid)}:${users.groupName(stat.gid)}${acl}`;
}

/** Four octal digits, the way chmod(1) takes them. */
export function formatMode(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, '0');
}

/** `33` or httpd's `#33`. */
function numericId(text: string): number | undefined {
  const match = /^#?(\d+)$/.exec(text);
  return match ? Number(match[1]) : undefined;
}

/** Colon-separated records with at least `fields` fields; comments and blank lines skipped as by glibc. */
function readDatabase(fs: FsView, path: string, fields: number, diagnostics: FsDiagnostic[]): string[][] {
  const read = fs.readFile(path);
  if (!read.ok) {
    diagnostics.push({
      code: 'userdb-unreadable',
      path,
      message: `cannot read ${path} from ${fs.description} (${read.error.message}); user and group names stay numeric`,
      severity: 'warning',
    });
    return [];
  }
  const records: string[][] = [];
  read.value
    .toString('utf8')
    .split('\n')
    .forEach((line, index) => {
      if (line.trim() === '' || line.startsWith('#')) return;
      const record = line.split(':');
      const id = record[2] ?? '';
      if (record.length < fields || !/^\d+$/.test(id) || (fields === 7 && !/^\d+$/.test(record[3] ?? ''))) {
        diagnostics.push({
          code: 'userdb-malformed',
          path: `${path}:${index + 1}`,
          message: `${path}:${index + 1}: expected ${fields} colon-separated fields with numeric ids, skipped: ${line}`,
          severity: 'warning',
        });
        return;
      }
      records.push(record);
    });
  return records;
}

function toPasswdEntry(record: string[]): PasswdEntry {
  const [name = '', , uid = '', gid = '', , home = '', shell = ''] = record;
  return { name, uid: Number(uid), gid: Number(gid), home, shell };
}

function toGroupEntry(record: string[]): GroupEntry {
  const [name = '', , gid = '', members = ''] = record;
  return { name, gid: Number(gid), members: members.split(',').filter((m) => m !== '') };
}

function firstBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T> {
  const map = new Map<K, T>();
  for (const item of items) if (!map.has(key(item))) map.set(key(item), item);
  return map;
}
