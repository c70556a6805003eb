import * as path from 'node:path';
import { walkTrees } from '../fs/walk.js';
import type { MountHealth } from '../fs/mount-health.js';
import type { FsView, UserDb } from '../fs/types.js';
import { createLinterHooks, type LinterHooks } from './hooks.js';
import type { LintSettings, Rule } from './rule.js';
import type { LayoutLintKey } from './layout-edit.js';
import type { ConfigSource, HookedPlugin, LintConfig } from './settings.js';
import type { LintResult, LintTarget } from './events.js';
import { buildModel, loadTarget, type LintCache } from './load-target.js';
import { lintTarget, type TreeWalker } from './lint-target.js';
import { ResultCollector } from './results.js';

/** The audited server as the linter sees it. */
export interface AuditedView {
  /** `--root`, where the server's `/` is mounted; `/` for the live system. */
  root: string;
  /** Where the configs are read: the live tree, confined under the root. */
  configFs: FsView;
  /** Where permissions are read: a listing or manifest when given, else `configFs`. */
  auditFs: FsView;
  users: UserDb;
  /** False under `--no-fs`: read the configs, look at nothing else. */
  fsEnabled: boolean;
  /** The live tree's mount: whether the audit of it saw everything. */
  health?: MountHealth;
}

export interface LinterOptions {
  /** The configuration of each linted file (src/config's ConfigDiscovery), `--rule` settings applied. */
  configs: ConfigSource;
  view: AuditedView;
  /** `--web-user USER[:GROUP]`. */
  webUser?: { user: string; group?: string };
  reportUnusedDisableDirectives?: 0 | 1 | 2;
  /** Globs of served entries not to walk (picomatch; relative to each tree or absolute server paths). */
  walkIgnore?: readonly string[];
  /** Told the running count of walked entries now and then, for a progress line. */
  onWalkProgress?: (root: string, entries: number, current?: string) => void;
  /** Kept across lints of the same document (the language server's), for what did not change. */
  cache?: LintCache;
  /** False: walks take no helper thread (see WalkOptions.helper). */
  walkHelper?: boolean;
}

/**
 * One lint run over many targets. Plugins' `apply(hooks)` runs once per plugin, the first time
 * a configuration naming it is used; `hooks` are shared by every target of the run.
 */
export class Linter {
  readonly hooks: LinterHooks = createLinterHooks();
  /** Every rule the configurations used so far know, by id: what formatters describe. */
  readonly knownRules = new Map<string, Rule>();
  private readonly appliedPlugins = new Set<HookedPlugin>();
  private readonly announcedConfigs = new Set<LintConfig>();

  constructor(private readonly options: LinterOptions) {}

  async lint(targets: readonly LintTarget[]): Promise<LintResult[]> {
    const collector = new ResultCollector(this.hostPathOf);
    // Configurations first: they load the plugins, which may want to tap `targetsFound`.
    for (const target of targets) await this.configFor(target);
    for (const target of this.hooks.targetsFound.call([...targets])) {
      const config = await this.configFor(target);
      const { view } = this.options;
      const parsed = loadTarget(target, view.configFs, this.options.cache);
      collector.addFiles(parsed.files);
      const model = buildModel(target, parsed, this.options.cache);
      const settings = { root: view.root, fsEnabled: view.fsEnabled, ...(this.options.webUser ? { webUser: this.options.webUser } : {}) };
      const reportUnusedDisableDirectives = this.options.reportUnusedDisableDirectives ?? 0;
      const layout = this.layoutKey(target, config, settings, reportUnusedDisableDirectives);
      const reused = layout && this.options.cache?.layout.reuse(target.entry, layout, parsed, this.options.cache.nginxParse);
      const outcome =
        reused ??
        (await lintTarget(
          {
            target,
            parsed,
            config,
            settings,
            fs: view.auditFs,
            users: view.users,
            ...(model ? { model } : {}),
            ...(view.fsEnabled ? { walk: this.walker(view.auditFs) } : {}),
            reportUnusedDisableDirectives,
            hostPath: this.hostPathOf,
            ...(this.options.cache ? { verdicts: this.options.cache.verdicts } : {}),
          },
          this.hooks,
        ));
      if (!reused && this.options.cache) {
        if (layout && outcome.reusable) this.options.cache.layout.remember(target.entry, layout, parsed, outcome);
        else if (view.fsEnabled) this.options.cache.layout.clear();
        else this.options.cache.layout.forget(target.entry);
      }
      collector.add(outcome.findings, outcome.suppressed);
    }
    const results = collector.results();
    this.hooks.done.call(results);
    return results;
  }

  /**
   * What a config pass of `target` is asked with, for reusing its findings across an edit of
   * layout alone (see layout-edit.ts); undefined where they may not be reused: a pass that reads
   * the filesystem, and a lint whose hooks a plugin or caller tapped (they would miss the events).
   */
  private layoutKey(target: LintTarget, config: LintConfig, settings: LintSettings, reportUnused: number): LayoutLintKey | undefined {
    if (settings.fsEnabled || this.appliedPlugins.size > 0 || this.hooks.target.taps.length > 0 || this.hooks.report.taps.length > 0) return undefined;
    // The text is the parse's to compare.
    const { text: _text, ...asked } = target;
    return { asked: JSON.stringify([asked, settings, reportUnused, this.options.view.root]), config };
  }

  /** Results name files as the user can open them: the server path under --root. */
  private readonly hostPathOf = (serverPath: string): string => {
    const { root } = this.options.view;
    return root === '/' ? serverPath : path.join(root, serverPath);
  };

  private async configFor(target: LintTarget): Promise<LintConfig> {
    const config = await this.options.configs.lintConfig(this.hostPathOf(target.configuredAs ?? target.entry));
    for (const plugin of config.plugins) {
      if (this.appliedPlugins.has(plugin)) continue;
      this.appliedPlugins.add(plugin);
      plugin.apply?.(this.hooks);
    }
    if (!this.announcedConfigs.has(config)) {
      this.announcedConfigs.add(config);
      for (const [id, rule] of config.rules) this.knownRules.set(id, rule);
      this.hooks.configLoaded.call(config);
    }
    return config;
  }

  private walker(fs: FsView): TreeWalker {
    const { walkIgnore, onWalkProgress, walkHelper } = this.options;
    return async (root, onEntry, onDiagnostic, onListed) => {
      await walkTrees(fs, [root], {
        onEntry,
        onDiagnostic,
        ...(onListed ? { onListed } : {}),
        ...(walkIgnore?.length ? { ignore: walkIgnore } : {}),
        ...(walkHelper === false ? { helper: false } : {}),
        ...(onWalkProgress ? { progress: (count: number, current?: string) => onWalkProgress(root, count, current) } : {}),
      });
    };
  }
}
