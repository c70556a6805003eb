import { createRule, NO_OPTIONS_SCHEMA } from '../../../src/engine/rule.js';
import { shellQuote } from '../../../src/fs/remedy.js';
import { describeOwner } from '../../../src/fs/users.js';
import type { EntryStat } from '../../../src/fs/types.js';
import type { ServedTree } from '../../../src/model/types.js';

/** Odd entries kept per owner and reported per tree; a tree with more has a deployment problem, not a few strays. */
const MAX_REPORTED_PER_TREE = 200;

interface OddEntry {
  path: string;
  stat: EntryStat;
}

interface TreeOwners {
  /** Entries seen per `uid:gid`. */
  counts: Map<string, number>;
  /** The first entries of each `uid:gid`, enough to report every minority owner. */
  samples: Map<string, OddEntry[]>;
}

const ownerKey = (stat: EntryStat): string => `${stat.uid}:${stat.gid}`;

export default createRule({
  meta: {
    id: 'fs/ownership-mismatch',
    type: 'suggestion',
    docs: { description: 'Report entries of a served tree owned by another user or group than the rest of the tree', recommended: 'strict' },
    messages: {
      mismatch: "{{path}} is {{owner}} while most of {{root}} belongs to {{usual}}: the web user's access to it differs from its neighbours', a common cause of a single page answering 403",
    },
    schema: NO_OPTIONS_SCHEMA,
    defaultSeverity: 'warn',
    hasSuggestions: true,
  },
  defaultOptions: {},
  create(context) {
    // The usual owner is only known once the whole tree has been seen: count, then report.
    const trees = new Map<ServedTree, TreeOwners>();
    const ownerName = (stat: EntryStat): string => `${context.users.userName(stat.uid)}:${context.users.groupName(stat.gid)}`;
    return {
      fsEntry({ entry, tree }) {
        if (entry.stat.type === 'symlink') return;
        const owners = trees.get(tree) ?? { counts: new Map(), samples: new Map() };
        trees.set(tree, owners);
        const key = ownerKey(entry.stat);
        owners.counts.set(key, (owners.counts.get(key) ?? 0) + 1);
        const samples = owners.samples.get(key) ?? [];
        if (samples.length < MAX_REPORTED_PER_TREE) samples.push({ path: entry.path, stat: entry.stat });
        owners.samples.set(key, samples);
      },
      finish() {
        for (const [tree, { counts, samples }] of trees) {
          const usualKey = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
          const usual = usualKey === undefined ? undefined : samples.get(usualKey)?.[0]?.stat;
          if (usual === undefined) continue;
          const odd = [...samples.entries()].filter(([key]) => key !== usualKey).flatMap(([, list]) => list);
          for (const { path, stat } of odd.slice(0, MAX_REPORTED_PER_TREE)) {
            context.report({
              path,
              node: tree.directive,
              messageId: 'mismatch',
              data: { path, owner: describeOwner(stat, context.users), root: tree.fsPath, usual: ownerName(usual) },
              suggest: [{ desc: `give ${path} the tree's usual owner`, command: `chown ${ownerName(usual)} ${shellQuote(path)}` }],
            });
          }
        }
      },
    };
  },
});
