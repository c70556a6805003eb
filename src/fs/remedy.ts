import { permissionClass } from './access.js';
import { aclClass, permText } from './acl.js';
import type { AccessDenial, AccessNeed, EntryStat, Principal } from './types.js';

const BIT: Readonly<Record<AccessNeed, string>> = { read: 'r', write: 'w', search: 'x' };
const PERM: Readonly<Record<AccessNeed, number>> = { read: 4, write: 2, search: 1 };

/**
 * The smallest `chmod` that lets `who` past a permission denial: the missing bit, for the class
 * the kernel checks for that principal (owner if it owns the entry, group if it holds the
 * entry's group, other otherwise; the kernel never falls through to a later class).
 */
export function chmodFix(denial: Pick<AccessDenial, 'path' | 'need' | 'stat'>, who: Principal): string {
  const { stat } = denial;
  // Under an ACL a named entry outranks every group and `other`, and setfacl widens the mask to
  // fit it; chmod g+ would only widen the mask for entries that may not be the web user's.
  if (stat?.acl !== undefined && stat.uid !== who.uid) {
    const current = stat.acl.users.find((e) => e.id === who.uid)?.perm ?? 0;
    return `setfacl -m u:${who.name}:${permText(current | PERM[denial.need])} ${shellQuote(denial.path)}`;
  }
  const klass = denial.stat === undefined ? 'o' : permissionClass(denial.stat, who);
  return `chmod ${klass}+${BIT[denial.need]} ${shellQuote(denial.path)}`;
}

/** The `chmod` that takes `need` away from `who` on an entry, in the class the kernel checks. */
export function chmodRevoke(path: string, stat: EntryStat, who: Principal, need: AccessNeed): string {
  // The mask caps every named entry and the owning group: narrowing it takes the grant away.
  const klass = stat.acl === undefined ? undefined : aclClass(stat, stat.acl, who);
  if (stat.acl !== undefined && (klass === 'named-user' || klass === 'group')) {
    const mask = stat.acl.mask ?? (stat.mode >> 3) & 7;
    return `setfacl -m m::${permText(mask & ~PERM[need])} ${shellQuote(path)}`;
  }
  return `chmod ${permissionClass(stat, who)}-${BIT[need]} ${shellQuote(path)}`;
}

/** Quotes a path for a POSIX shell only when it needs it. */
export function shellQuote(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}
