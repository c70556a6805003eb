import { afterAll, expect, it } from 'vitest';
import * as path from 'node:path';
import { LiveFs } from '../../src/fs/live-fs.js';
import { createUserDb } from '../../src/fs/users.js';
import { ConfigDiscovery } from '../../src/config/discover.js';
import { Linter } from '../../src/engine/linter.js';
import { tempTree } from '../cli/run-cli.js';
import { flagDirective } from './example-rules.js';

/** A plugin given by path that records the run-level hooks and edits the target list. */
const PLUGIN = `
export const seen = [];
export default {
  name: 'recorder',
  apply(hooks) {
    hooks.configLoaded.tap('recorder', (config) => seen.push('config ' + Object.keys(config.ruleConfigs).join(',')));
    hooks.targetsFound.tap('recorder', (targets) => { seen.push('targets ' + targets.length); return targets.filter((t) => !t.entry.endsWith('skip.conf')); });
    hooks.target.tap('recorder', (_, target) => seen.push('target ' + target.entry.split('/').pop()));
    hooks.done.tap('recorder', (results) => seen.push('done ' + results.map((r) => r.filePath.split('/').pop() + ':' + r.errorCount).join(' ')));
  },
};
`;

const tree = tempTree({
  '.forbidlintrc.json': JSON.stringify({ plugins: ['./recorder.mjs'], rules: { 'test/flag-directive': 'error' } }),
  'recorder.mjs': PLUGIN,
  'a.conf': 'autoindex on;\n',
  'skip.conf': 'autoindex on;\n',
});
afterAll(() => tree.cleanup());

it('loads configurations (and their plugins) first, then runs targetsFound, target and done around the targets', async () => {
  const fs = new LiveFs('/');
  const linter = new Linter({
    configs: new ConfigDiscovery({ cwd: tree.dir, builtinRules: [flagDirective] }),
    view: { root: '/', configFs: fs, auditFs: fs, users: createUserDb([], []), fsEnabled: false },
  });
  const target = (name: string) => ({ dialect: 'nginx' as const, entry: path.join(tree.dir, name), kind: 'snippet' as const });
  const results = await linter.lint([target('a.conf'), target('skip.conf')]);
  expect(results.map((r) => [path.basename(r.filePath), r.errorCount])).toEqual([['a.conf', 1]]);
  const { seen } = (await import(path.join(tree.dir, 'recorder.mjs'))) as { seen: string[] };
  expect(seen).toEqual(['config test/flag-directive', 'targets 2', 'target a.conf', 'done a.conf:1']);
});
