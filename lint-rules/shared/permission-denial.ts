import type { Suggestion } from '../../src/engine/rule.js';
import { chmodFix } from '../../src/fs/remedy.js';
import type { AccessDenial, EntryStat, Principal, UserDb } from '../../src/fs/types.js';
import { describeOwner } from '../../src/fs/users.js';

/** A denial decided by the mode bits of an entry that exists: the kind a chmod fixes. */
export type PermissionDenial = AccessDenial & { reason: 'permission'; stat: EntryStat };

export function isPermissionDenial(denial: AccessDenial): denial is PermissionDenial {
  return denial.reason === 'permission' && denial.stat !== undefined;
}

/**
 * What every "the web user cannot reach this" finding says: the data behind
 * `{{component}} is {{owner}}: {{user}} cannot {{need}} it`, and the chmod that lets it through.
 */
export function denialReport(denial: PermissionDenial, who: Principal, users: UserDb): { data: Record<'component' | 'owner' | 'user' | 'need', string>; suggest: Suggestion[] } {
  return {
    data: { component: denial.path, owner: describeOwner(denial.stat, users), user: who.name, need: denial.need },
    suggest: [{ desc: `let ${who.name} ${denial.need} ${denial.path}`, command: chmodFix(denial, who) }],
  };
}
