import { permissionClass } from './access.js';
import type { AccessDenial, AccessNeed, EntryStat, Principal } from './types.js';

const BIT: Readonly<Record<AccessNeed, string>> = { read: 'r', write: 'w', search: 'x' };

/**
 * The smallest `chmod` that lets `who` past a permission denial: the missing bit, for the class
 * the kernel checks for that principal (owner if it owns the entry, group if it holds the
 * entry's group, other otherwise; the kernel never falls through to a later class).
 */
export function chmodFix(denial: Pick<AccessDenial, 'path' | 'need' | 'stat'>, who: Principal): string {
  const klass = denial.stat === undefined ? 'o' : permissionClass(denial.stat, who);
  return `chmod ${klass}+${BIT[denial.need]} ${shellQuote(denial.path)}`;
}

/** The `chmod` that takes `need` away from `who` on an entry, in the class the kernel checks. */
export function chmodRevoke(path: string, stat: EntryStat, who: Principal, need: AccessNeed): string {
  return `chmod ${permissionClass(stat, who)}-${BIT[need]} ${shellQuote(path)}`;
}

/** Quotes a path for a POSIX shell only when it needs it. */
export function shellQuote(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}
