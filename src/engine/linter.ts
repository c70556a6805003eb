import * as path from 'node:path';
import { openFsView } from '../fs/index.js';
import { createUserDb, loadUserDb } from '../fs/users.js';
import { walkTrees } from '../fs/walk.js';
import type { FsView, UserDb } from '../fs/types.js';
import type { ConfigDiscovery } from '../config/discover.js';
import { ConfigError } from '../config/errors.js';
import { withRuleConfigs } from '../config/resolve-config.js';
import type { Plugin, ResolvedConfig, RuleConfig } from '../config/types.js';
import { createLinterHooks, type LinterHooks } from './hooks.js';
import type { LintResult, LintTarget } from './events.js';
import { buildModel, loadTarget } from './load-target.js';
import { lintTarget, type TreeWalker } from './lint-target.js';
import { ResultCollector } from './results.js';

/** Where the audited filesystem comes from; at most one of root, listing and manifest. */
export interface AuditedFs {
  root?: string;
  listing?: string;
  manifest?: string;
  /** `--no-fs`: read the configs, look at nothing else. */
  enabled: boolean;
}

export interface LinterOptions {
  configs: ConfigDiscovery;
  fs: AuditedFs;
  /** `--web-user USER[:GROUP]`. */
  webUser?: { user: string; group?: string };
  /** `--rule` settings, applied over every configuration. */
  ruleConfigs?: Record<string, RuleConfig>;
  reportUnusedDisableDirectives?: 0 | 1 | 2;
}

interface AuditedView {
  /** Where the configs are read: the live tree under --root. */
  configFs: FsView;
  /** Where permissions are read: the listing or manifest when given, else the same tree. */
  auditFs: FsView;
  users: UserDb;
}

/**
 * One lint run over many targets. Plugins' `apply(hooks)` runs once per plugin, the first time
 * a configuration naming it is used; `hooks` are shared by every target of the run.
 */
export class Linter {
  readonly hooks: LinterHooks = createLinterHooks();
  private readonly appliedPlugins = new Set<Plugin>();
  private readonly announcedConfigs = new Set<ResolvedConfig>();
  private view: AuditedView | undefined;

  constructor(private readonly options: LinterOptions) {}

  async lint(targets: readonly LintTarget[]): Promise<LintResult[]> {
    const collector = new ResultCollector(this.hostPathOf);
    for (const target of this.hooks.targetsFound.call([...targets])) {
      const config = await this.configFor(target);
      const view = this.auditedView();
      const parsed = loadTarget(target, view.configFs);
      collector.addFiles(parsed.files);
      const model = buildModel(target, parsed);
      const outcome = await lintTarget(
        {
          target,
          parsed,
          config,
          settings: { root: this.options.fs.root ?? '/', fsEnabled: this.options.fs.enabled, ...(this.options.webUser ? { webUser: this.options.webUser } : {}) },
          fs: view.auditFs,
          users: view.users,
          ...(model ? { model } : {}),
          ...(this.options.fs.enabled ? { walk: this.walker(view.auditFs) } : {}),
          reportUnusedDisableDirectives: this.options.reportUnusedDisableDirectives ?? 0,
        },
        this.hooks,
      );
      collector.add(outcome.findings, outcome.suppressed);
    }
    const results = collector.results();
    this.hooks.done.call(results);
    return results;
  }

  /** Results name files as the user can open them: the server path under --root. */
  private readonly hostPathOf = (serverPath: string): string => {
    const root = this.options.fs.root;
    return root === undefined || root === '/' ? serverPath : path.join(root, serverPath);
  };

  private async configFor(target: LintTarget): Promise<ResolvedConfig> {
    const found = await this.options.configs.forFile(this.hostPathOf(target.entry));
    const config = this.options.ruleConfigs ? await withRuleConfigs(found, this.options.ruleConfigs, '--rule') : found;
    for (const plugin of config.plugins) {
      if (this.appliedPlugins.has(plugin)) continue;
      this.appliedPlugins.add(plugin);
      plugin.apply?.(this.hooks);
    }
    if (!this.announcedConfigs.has(found)) {
      this.announcedConfigs.add(found);
      this.hooks.configLoaded.call(config);
    }
    return config;
  }

  private auditedView(): AuditedView {
    if (this.view) return this.view;
    const { root, listing, manifest, enabled } = this.options.fs;
    const configView = openFsView(root !== undefined ? { root } : {});
    if (!configView.ok) throw new ConfigError(configView.message);
    let auditFs = configView.fs;
    if (enabled && (listing !== undefined || manifest !== undefined)) {
      const opened = openFsView(listing !== undefined ? { listing } : { manifest: manifest as string });
      if (!opened.ok) throw new ConfigError(opened.message);
      auditFs = opened.fs;
    }
    const users = enabled ? loadUserDb(auditFs).users : createUserDb([], []);
    this.view = { configFs: configView.fs, auditFs, users };
    return this.view;
  }

  private walker(fs: FsView): TreeWalker {
    return async (root, onEntry, onDiagnostic) => {
      await walkTrees(fs, [root], { onEntry, onDiagnostic });
    };
  }
}
