import { loadUserDb, LiveFs, walkTrees, type FsView } from '../src/fs/index.js';
import { overlayFile } from '../src/engine/overlay-fs.js';
import { createLinterHooks } from '../src/engine/hooks.js';
import { lintTarget } from '../src/engine/lint-target.js';
import type { ResolvedConfig } from '../src/config/types.js';
import { lintConfigOf } from '../src/config/rule-config.js';
import { buildNginxModel } from '../src/model/nginx/index.js';
import { loadNginxConfig } from '../src/parse/nginx/index.js';
import { builtinRules } from '../lint-rules/index.js';
import { formatComparison, median, type Sample } from './lib.js';
import { ensureTree } from './walk.bench.js';

/**
 * The nginx rules that look at every served entry (each symlink and directory is a simulated
 * request) against the bare walk of the same 100k-entry live tree: what the rules add on top
 * of listing the document root. The site has `disable_symlinks on` and no index files, so
 * every symlink and every directory is a finding: the slowest path of those rules.
 */
const SIZE = 100_000;
const RUNS = 5;
const RULES = ['exposure/sensitive-files', 'nginx/directory-index-forbidden', 'nginx/disable-symlinks-refused', 'nginx/root-unreachable'];
const ENTRY = '/forbidlint-bench/nginx.conf';

export default async function nginxRulesBench(): Promise<void> {
  const root = ensureTree(SIZE);
  const fs = overlayFile(new LiveFs('/'), ENTRY, `user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        root ${JSON.stringify(root)};\n        disable_symlinks on;\n    }\n}\n`);
  const walkOnly = await timed(() => walkTrees(fs, [root], { onEntry() {} }));
  let findings = 0;
  const withRules = await timed(async () => {
    findings = await lintWithRules(fs);
  });
  console.log(formatComparison({ name: `4 fs rules on ${SIZE / 1000}k entries (${findings} findings)`, ours: withRules, baselineName: 'walk alone', baseline: walkOnly, goalRatio: 3 }));
}

async function lintWithRules(fs: FsView): Promise<number> {
  const rules = builtinRules.filter((r) => RULES.includes(r.meta.id));
  const config: ResolvedConfig = {
    baseDir: '/',
    plugins: [],
    rules: new Map(rules.map((r) => [r.meta.id, r])),
    ruleConfigs: Object.fromEntries(rules.map((r) => [r.meta.id, r.meta.id === 'nginx/directory-index-forbidden' ? { severity: 2, options: { subdirectories: true } } : { severity: 2 }])),
    overrides: [],
    ignorePatterns: [],
    servers: [],
  };
  const parsed = loadNginxConfig(ENTRY, { fs });
  const outcome = await lintTarget(
    {
      target: { dialect: 'nginx', entry: ENTRY, kind: 'main' },
      parsed,
      config: lintConfigOf(config),
      settings: { root: '/', fsEnabled: true },
      fs,
      users: loadUserDb(fs).users,
      model: buildNginxModel(parsed),
      walk: async (treeRoot, onEntry, onDiagnostic) => {
        await walkTrees(fs, [treeRoot], { onEntry, onDiagnostic });
      },
      reportUnusedDisableDirectives: 0,
    },
    createLinterHooks(),
  );
  return outcome.findings.length;
}

async function timed(run: () => Promise<unknown>): Promise<Sample> {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    await run();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { ms: median(samples) };
}
