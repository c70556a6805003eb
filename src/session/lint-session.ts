import * as path from 'node:path';
import { builtinRules } from '../../lint-rules/index.js';
import { ConfigDiscovery } from '../config/discover.js';
import type { ResolvedConfig, RuleConfig } from '../config/types.js';
import type { FsView } from '../fs/types.js';
import type { LintMessage, LintResult, LintTarget } from '../engine/events.js';
import { Linter, type AuditedView } from '../engine/linter.js';
import type { LintCache } from '../engine/load-target.js';
import { overlayFile } from '../engine/overlay-fs.js';
import { compareMessages, countMessages } from '../engine/results.js';
import type { Rule } from '../engine/rule.js';
import type { Dialect } from '../parse/ast.js';
import { openAuditedView, type AuditedFsOptions } from './audited-view.js';
import { planLints, type AssumedNote, type LintPlan } from './plan.js';
import { discoverTargets, serverTargets, targetFor, toServerPath, type SkippedFile } from './targets.js';
import { parseWebUser } from './web-user.js';
import { snapshotConfigs, snapshotRoot } from './snapshot-root.js';
import { mirroredRoot } from './mirrored-root.js';
import { LiveFs } from '../fs/live-fs.js';
import { pushAll } from '../util/push-all.js';

/** What the command line or the editor sets for a whole session; each falls back to the project's configuration. */
export interface SessionSettings {
  cwd: string;
  /** `--config`. */
  configFile?: string;
  root?: string;
  fsListing?: string;
  fsManifest?: string;
  snapshot?: string;
  fsEnabled: boolean;
  webUser?: { user: string; group?: string };
  ruleConfigs?: Record<string, RuleConfig>;
  reportUnusedDisableDirectives?: boolean;
  onWalkProgress?: (root: string, entries: number) => void;
  /** What could not be used of the audited view (a listing's malformed lines): the audit is incomplete without it. */
  onWarning?: (message: string) => void;
}

/** What the user asked to lint. */
export type LintRequest =
  /** Paths as typed; none: the project's `servers`, else the working directory. */
  | { paths: readonly string[] }
  /** Buffers not saved (`--stdin`, an editor's open documents), by host path; `lint` names the one asked about. */
  | { buffers: ReadonlyMap<string, string>; lint: string; dialect?: Dialect };

export interface SessionOutcome {
  results: LintResult[];
  /** Lone files linted in an assumed context (host paths), for the one note that says so. */
  notes: AssumedNote[];
  /** Paths linted with the root of the server copy they lie in as the audited root (no --root given), for the note that says so. */
  rooted?: RootedNote[];
  /** Files discovery left out as another daemon's configuration (host paths). */
  skipped: SkippedFile[];
  rules: ReadonlyMap<string, Rule>;
  /** Where a server path is for the user (under the root). */
  toHostPath(serverPath: string): string;
  /** Audited roots whose mount failed during the lint, with why: their findings are partial. */
  incomplete: { root: string; reason: string }[];
}

/** A path in a copy of a server's /etc, linted as `--root` at that copy would (host paths). */
export interface RootedNote {
  file: string;
  root: string;
  /** The main configuration whose findings in the file are reported; undefined for a main configuration itself. */
  through?: string;
  /** The copy holds no etc/passwd: file permissions could not be checked (said in the main configuration alone). */
  noAccounts?: boolean;
}

export interface LintOptions {
  /** Drops targets by host path (ignore patterns). */
  isIgnored?: (hostFile: string) => boolean;
  /** Report every file of the configuration a file belongs to, not that file alone (the editor's view). */
  wholeConfiguration?: boolean;
  /** Globs of served entries not to walk. */
  walkIgnore?: readonly string[];
  /** Kept across lints of the same document. */
  cache?: LintCache;
  /** Overrides the session's setting: the editor's config pass reads configuration only. */
  fsEnabled?: boolean;
  /**
   * The main configuration each lone file was last linted through, by server path: trusted
   * while that configuration still reads the file, so an editor's keystroke does not load
   * every candidate again. Kept up to date by the session.
   */
  owners?: Map<string, LintTarget>;
  /** Lets a caller cancel a pass (the editor's filesystem pass). */
  onLinter?: (linter: Linter) => void;
  /** False: walks take no helper thread. */
  walkHelper?: boolean;
  /** Overrides the session's progress callback for this lint. */
  onWalkProgress?: (root: string, entries: number, current?: string) => void;
}

/** One audited filesystem and the targets linted on it. */
interface TargetGroup {
  fs: AuditedFsOptions;
  /** The project's `servers` entries it stands for, when it lints them. */
  servers?: ResolvedConfig['servers'];
  /** The root was not given but taken from the server copy the paths lie in (see mirroredRoot). */
  mirrored?: boolean;
  targets(configFs: FsView, skipped: SkippedFile[]): LintTarget[];
}

/** A server of a fleet: the `servers` entries sharing one audited filesystem. */
export interface FleetServer {
  /** The first entry's `name`, else the basename of its root (or of its configuration file without one); unique in the fleet. */
  name: string;
  /** Where its `/` is (host path). */
  root: string;
}

/** What linting one audited filesystem gave. */
export interface GroupOutcome extends Omit<SessionOutcome, 'rules' | 'incomplete'> {
  rules: ReadonlyMap<string, Rule>;
  /** The audited root (`/` without --root). */
  root: string;
  /** Entries the walks went through. */
  entries: number;
  /** Why the audit did not finish although it gave findings (a mount that failed mid-walk); absent when it did. */
  incomplete?: string;
}

/**
 * One lint session, shared by the command line and the language server: the project's
 * configuration (found from the working directory, never from next to an audited file: the
 * audited `root`, `webUser` and listings come from there alone), the audited view, and the
 * plans that give every file the context it needs.
 */
export class LintSession {
  private constructor(
    readonly settings: SessionSettings,
    /** The project's configuration: `root`, `webUser`, `servers` and listings come from it. */
    readonly project: ResolvedConfig,
    /** Rule configurations per file; guarded by the audited root when there is one. */
    readonly configs: ConfigDiscovery,
  ) {}

  static async open(settings: SessionSettings): Promise<LintSession> {
    const discovery = newDiscovery(settings, settings.root);
    const project = await discovery.forCwd();
    // A `root` named by the project's configuration guards discovery just as --root does.
    const configs = settings.root === undefined && project.root !== undefined ? newDiscovery(settings, project.root) : discovery;
    return new LintSession(settings, project, configs);
  }

  /** The audited filesystem: flags over the project's configuration. */
  get fsOptions(): AuditedFsOptions {
    const { settings, project } = this;
    return {
      fsEnabled: settings.fsEnabled,
      ...pick('root', settings.root ?? project.root),
      ...pick('fsListing', settings.fsListing ?? project.fsListing),
      ...pick('fsManifest', settings.fsManifest ?? project.fsManifest),
      ...pick('snapshot', settings.snapshot),
    };
  }

  get webUser(): { user: string; group?: string } | undefined {
    const { settings, project } = this;
    return settings.webUser ?? (project.webUser !== undefined ? parseWebUser(project.webUser, `${project.filePath ?? 'configuration'}: webUser`) : undefined);
  }

  async lint(request: LintRequest, options: LintOptions = {}): Promise<SessionOutcome> {
    const rules = this.rules();
    const outcome: SessionOutcome = { results: [], notes: [], skipped: [], rules, toHostPath: (p) => p, incomplete: [] };
    for (const group of this.groups(request, options.fsEnabled)) {
      const linted = await this.lintGroup(group, request, options);
      outcome.toHostPath = linted.toHostPath;
      outcome.notes.push(...linted.notes);
      if (linted.rooted?.length) (outcome.rooted ??= []).push(...linted.rooted);
      pushAll(outcome.results, linted.results);
      outcome.skipped.push(...linted.skipped);
      for (const [id, rule] of linted.rules) rules.set(id, rule);
      if (linted.incomplete !== undefined) outcome.incomplete.push({ root: linted.root, reason: linted.incomplete });
    }
    outcome.results = mergeResults(outcome.results);
    return outcome;
  }

  /** The built-in rules and the project's plugins' rules, by id. */
  rules(): Map<string, Rule> {
    return new Map([...builtinRules, ...this.project.plugins.flatMap((p) => p.rules ?? [])].map((r) => [r.meta.id, r]));
  }

  /**
   * The servers a request lints when it names the project's `servers`: one per audited
   * filesystem (entries sharing a root share one walk), in the order of their first entry.
   * Undefined for any other request.
   */
  fleet(request: LintRequest): FleetServer[] | undefined {
    if ('buffers' in request || request.paths.length > 0 || this.project.servers.length === 0) return undefined;
    const taken = new Set<string>();
    return this.groups(request, undefined).map((group) => {
      const name = uniqueName(group.servers?.find((s) => s.name !== undefined)?.name ?? defaultServerName(group.fs, group.servers?.[0]?.config ?? '', this.settings.cwd), taken);
      return { name, root: rootOf(group.fs, this.settings.cwd) };
    });
  }

  /** Lints the `index`th server of `fleet(request)` alone; counts the entries its walks went through. */
  async lintServer(index: number, request: LintRequest, options: LintOptions = {}): Promise<GroupOutcome> {
    const group = this.groups(request, options.fsEnabled)[index];
    if (!group) throw new RangeError(`no server ${index} in this lint`);
    const linted = await this.lintGroup(group, request, options);
    return { ...linted, results: mergeResults(linted.results) };
  }

  private async lintGroup(group: TargetGroup, request: LintRequest, options: LintOptions): Promise<GroupOutcome> {
    let entries = 0;
    const onWalkProgress = options.onWalkProgress ?? this.settings.onWalkProgress;
    // A walk's closing call (no current entry) gives its total.
    options = { ...options, onWalkProgress: (root, count, current) => {
      if (current === undefined) entries += count;
      onWalkProgress?.(root, count, current);
    } };
    const base = await openAuditedView(group.fs, this.settings.cwd, this.settings.onWarning);
    const toHostPath = hostPathIn(base.root);
    // Buffers of files outside a copy of a server the root was taken from are no part of it.
    const inView = ([file]: readonly [string, string]) => !group.mirrored || isWithin(path.resolve(this.settings.cwd, file), base.root);
    const buffers = 'buffers' in request ? [...request.buffers].filter(inView).map(([file, text]) => [toServerPath(file, this.settings.cwd, base.root), text] as const) : [];
    const configFs = buffers.reduce((fs, [file, text]) => overlayFile(fs, file, text), base.configFs);
    const skipped: SkippedFile[] = [];
    const targets = group.targets(configFs, skipped).filter((t) => t.text !== undefined || !options.isIgnored?.(toHostPath(t.entry)));
    const known = this.knownMains(configFs, group.fs);
    let planned = planLints({ fs: configFs, targets, known, ...(options.owners ? { owners: options.owners } : {}) });
    let linted = await this.lintPlans(planned.plans, base, configFs, options);
    const stale = planned.plans.filter((plan) => plan.owned !== undefined && [...(plan.only ?? [])].some((file) => !linted.read.has(toHostPath(file))));
    if (stale.length > 0) {
      // A main configuration stopped reading a file it owned: find the file's context again.
      for (const plan of stale) for (const file of plan.only ?? []) options.owners?.delete(file);
      planned = planLints({ fs: configFs, targets, known, ...(options.owners ? { owners: options.owners } : {}) });
      linted = await this.lintPlans(planned.plans, base, configFs, options);
    }
    for (const plan of planned.plans) for (const file of plan.owned ?? []) options.owners?.set(file, plan.target);
    base.health?.checkDevice();
    const incomplete = base.health?.incomplete;
    return {
      results: linted.results,
      root: base.root,
      ...(incomplete !== undefined ? { incomplete } : {}),
      notes: planned.notes.map((note) => ({ ...note, file: toHostPath(note.file), ...(group.mirrored ? { description: `${note.description}, with ${base.root} as the audited root` } : {}) })),
      ...(group.mirrored ? { rooted: rootedNotes(planned.plans, base.root, toHostPath, base.fsEnabled && !base.configFs.stat('/etc/passwd').ok) } : {}),
      skipped: skipped.map((file) => ({ ...file, file: toHostPath(file.file) })),
      rules: linted.rules,
      toHostPath,
      entries,
    };
  }

  private async lintPlans(plans: readonly LintPlan[], base: AuditedView, configFs: FsView, options: LintOptions): Promise<{ results: LintResult[]; read: Set<string>; rules: ReadonlyMap<string, Rule> }> {
    const toHostPath = hostPathIn(base.root);
    const written = plans.flatMap((plan) => [...plan.written]);
    // A buffer read under another name (its sites-enabled/ symlink) is read with its unsaved text there too.
    const aliased = plans.flatMap((plan) => [...(plan.aliases ?? [])].flatMap(([alias, file]) => textOf(configFs, file, alias)));
    const view = withOverlay(base, configFs, [...written, ...aliased]);
    const linter = this.linter(view, options);
    options.onLinter?.(linter);
    const results: LintResult[] = [];
    const read = new Set<string>();
    for (const plan of plans) {
      const planResults = await (plan.configFs ? this.linter({ ...view, configFs: plan.configFs }, options) : linter).lint([plan.target]);
      for (const result of planResults) read.add(result.filePath);
      const shown = planResults.filter((result) => reported(result.filePath, plan, written, options.wholeConfiguration === true, toHostPath));
      results.push(...shown.map((result) => underAskedName(result, plan, toHostPath)));
    }
    return { results, read, rules: linter.knownRules };
  }

  private linter(view: AuditedView, { cache, walkIgnore, onWalkProgress, walkHelper }: LintOptions): Linter {
    const { settings } = this;
    const webUser = this.webUser;
    return new Linter({
      configs: this.configs,
      view,
      ...(webUser ? { webUser } : {}),
      ...(cache ? { cache } : {}),
      reportUnusedDisableDirectives: settings.reportUnusedDisableDirectives === true ? 2 : 0,
      ...(walkIgnore?.length ? { walkIgnore } : {}),
      ...(walkHelper === false ? { walkHelper } : {}),
      ...(onWalkProgress ? { onWalkProgress } : settings.onWalkProgress ? { onWalkProgress: settings.onWalkProgress } : {}),
    });
  }

  /**
   * The root of the server copy `file` lies in, taken as the audited root when nothing names
   * one (no --root, listing, manifest or snapshot, and none in the project's configuration).
   */
  private mirroredRootOf(fs: AuditedFsOptions, file: string): string | undefined {
    return this.mayGuessRoot(fs) ? mirroredRoot(path.resolve(this.settings.cwd, file)) : undefined;
  }

  /** A `servers` entry's root: its own, the session's, or that of the server copy its configuration lies in. */
  private serverRoot(server: ResolvedConfig['servers'][number], fs: AuditedFsOptions): string | undefined {
    const own = server.root ?? fs.root;
    if (own !== undefined || server.fsListing !== undefined || server.fsManifest !== undefined) return own;
    return server.config === undefined ? undefined : this.mirroredRootOf(fs, server.config);
  }

  /** The filesystem one `servers` entry is audited on: its snapshot, or its root (guessed for a server copy), listing or manifest. */
  private serverFs(server: ResolvedConfig['servers'][number], fs: AuditedFsOptions): AuditedFsOptions {
    if (server.snapshot !== undefined) return { fsEnabled: fs.fsEnabled, snapshot: server.snapshot };
    return {
      fsEnabled: fs.fsEnabled,
      ...pick('root', this.serverRoot(server, fs)),
      ...pick('fsListing', server.fsListing ?? fs.fsListing),
      ...pick('fsManifest', server.fsManifest ?? fs.fsManifest),
    };
  }

  private mayGuessRoot(fs: AuditedFsOptions): boolean {
    return fs.root === undefined && fs.fsListing === undefined && fs.fsManifest === undefined && fs.snapshot === undefined;
  }

  /**
   * Directories searched on this machine (no root given), their configurations split by the
   * server copy each lies in: one group audited at each copy's root, one for the rest.
   */
  private byServerCopy(fs: AuditedFsOptions, paths: readonly string[]): TargetGroup[] {
    const { cwd } = this.settings;
    const skipped: SkippedFile[] = [];
    const found = paths.flatMap((p) => discoverTargets(new LiveFs('/'), toServerPath(p, cwd, '/'), p, skipped));
    const byCopy = new Map<string | undefined, LintTarget[]>();
    for (const target of found) {
      const copy = mirroredRoot(target.entry);
      byCopy.set(copy, [...(byCopy.get(copy) ?? []), copy === undefined ? target : { ...target, entry: toServerPath(target.entry, cwd, copy) }]);
    }
    // The rest, possibly nothing, still carries what discovery skipped.
    if (!byCopy.has(undefined)) byCopy.set(undefined, []);
    return [...byCopy].map(([copy, targets]) =>
      copy === undefined
        ? { fs, targets: (_configFs: FsView, skippedHere: SkippedFile[]) => (skippedHere.push(...skipped), targets) }
        : { fs: { ...fs, root: copy }, mirrored: true, targets: () => targets },
    );
  }

  /** The project's `servers` that share the audited view `fs`, as targets. */
  private knownMains(configFs: FsView, fs: AuditedFsOptions): LintTarget[] {
    const { cwd } = this.settings;
    const root = rootOf(fs, cwd);
    const servers = this.project.servers.filter((server) => rootOf(this.serverFs(server, this.fsOptions), cwd) === root);
    return serverTargets(configFs, servers, (file) => toServerPath(file, cwd, root));
  }

  /** Targets sharing one audited filesystem; `servers` entries may each name their own root. */
  private groups(request: LintRequest, fsEnabled: boolean | undefined): TargetGroup[] {
    const fs = { ...this.fsOptions, ...(fsEnabled !== undefined ? { fsEnabled } : {}) };
    const { cwd } = this.settings;
    const root = rootOf(fs, cwd);
    if ('buffers' in request) {
      const copy = this.mirroredRootOf(fs, request.lint);
      const own = copy === undefined ? fs : { ...fs, root: copy };
      const name = toServerPath(request.lint, cwd, rootOf(own, cwd));
      const text = request.buffers.get(request.lint) ?? '';
      return [{ fs: own, ...(copy !== undefined ? { mirrored: true } : {}), targets: (configFs) => [targetFor(configFs, name, { text, ...(request.dialect ? { dialect: request.dialect } : {}) })] }];
    }
    if (fs.snapshot !== undefined) {
      return [{ fs, targets: (configFs, skipped) => (request.paths.length > 0 ? request.paths : snapshotConfigs(configFs)).flatMap((p) => discoverTargets(configFs, toServerPath(p, cwd, root), p, skipped)) }];
    }
    if (request.paths.length > 0 || this.project.servers.length === 0) {
      // Paths in a copy of a server's /etc are audited at that copy's root, one group per copy.
      const byRoot = new Map<string | undefined, string[]>();
      for (const p of request.paths.length > 0 ? request.paths : ['.']) {
        const copy = this.mirroredRootOf(fs, p);
        byRoot.set(copy, [...(byRoot.get(copy) ?? []), p]);
      }
      return [...byRoot].flatMap(([copy, paths]): TargetGroup[] => {
        if (copy === undefined && this.mayGuessRoot(fs)) return this.byServerCopy(fs, paths);
        const own = copy === undefined ? fs : { ...fs, root: copy };
        const ownRoot = rootOf(own, cwd);
        return [{ fs: own, ...(copy !== undefined ? { mirrored: true } : {}), targets: (configFs: FsView, skipped: SkippedFile[]) => paths.flatMap((p) => discoverTargets(configFs, toServerPath(p, cwd, ownRoot), p, skipped)) }];
      });
    }
    const byFs = new Map<string, { fs: AuditedFsOptions; servers: ResolvedConfig['servers'] }>();
    for (const server of this.project.servers) {
      const own = this.serverFs(server, fs);
      const key = JSON.stringify(own);
      const group = byFs.get(key) ?? { fs: own, servers: [] };
      group.servers.push(server);
      byFs.set(key, group);
    }
    return [...byFs.values()].map(({ fs: own, servers }) => {
      const ownRoot = rootOf(own, cwd);
      const toServer = (file: string) => toServerPath(file, cwd, ownRoot);
      return {
        fs: own,
        servers,
        // A snapshot's entry without a config lints each configuration the snapshot holds, as --snapshot does.
        targets: (configFs: FsView, skipped: SkippedFile[]) => [
          ...serverTargets(configFs, servers, toServer),
          ...(servers.some((server) => server.config === undefined) ? snapshotConfigs(configFs).flatMap((dir) => discoverTargets(configFs, dir, dir, skipped)) : []),
        ],
      };
    });
  }
}

/** Finds the forbidlint configuration of each file; guarded by the audited `root` when there is one. */
export function newDiscovery(settings: Pick<SessionSettings, 'cwd' | 'configFile' | 'ruleConfigs'>, root: string | undefined): ConfigDiscovery {
  return new ConfigDiscovery({
    cwd: settings.cwd,
    builtinRules,
    ...(root !== undefined ? { auditedRoot: path.resolve(settings.cwd, root) } : {}),
    ...(settings.configFile !== undefined ? { configFile: settings.configFile } : {}),
    ...(settings.ruleConfigs ? { ruleConfigs: settings.ruleConfigs } : {}),
  });
}

/** What the note on a root taken from a server copy says of each file: the configuration its findings come from. */
function rootedNotes(plans: readonly LintPlan[], root: string, toHostPath: (p: string) => string, noAccounts: boolean): RootedNote[] {
  const accounts = noAccounts ? { noAccounts } : {};
  return plans.flatMap((plan): RootedNote[] => {
    // Assumed contexts have their own note; a .htaccess checked as it stands is linted through its server too.
    if (plan.written.size > 0 || plan.configFs || plan.target.kind === 'htaccess') return [];
    if (plan.only === undefined) return [{ file: toHostPath(plan.target.entry), root, ...accounts }];
    const asked = [...plan.only].map((file) => plan.aliases?.get(file) ?? file);
    return asked.map((file) => ({ file: toHostPath(file), root, through: toHostPath(plan.target.entry), ...accounts }));
  });
}

function isWithin(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** Where a server path is for the user: the same path, or under the mount of `--root`. */
function hostPathIn(root: string): (serverPath: string) => string {
  return (serverPath) => (root === '/' ? serverPath : path.join(root, serverPath));
}

/**
 * The audited filesystem of one `servers` entry: its snapshot alone, or its own root, listing
 * and manifest over the project's.
 */

function defaultServerName(fs: AuditedFsOptions, config: string, cwd: string): string {
  // web1.snap is web1; a root is its directory's name; else the config's file name.
  const base = fs.snapshot !== undefined ? path.basename(fs.snapshot).replace(/\.[^.]*$/, '') : fs.root !== undefined ? path.basename(path.resolve(cwd, fs.root)) : path.basename(config);
  return base.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'server';
}

/** `name`, or `name-2`, `name-3`... when an earlier server took it: SARIF runs must differ in automationDetails.id. */
function uniqueName(name: string, taken: Set<string>): string {
  let unique = name;
  for (let n = 2; taken.has(unique); n++) unique = `${name}-${n}`;
  taken.add(unique);
  return unique;
}

function rootOf(fs: AuditedFsOptions, cwd: string): string {
  if (fs.snapshot !== undefined) return snapshotRoot(fs.snapshot, cwd);
  return fs.root === undefined ? '/' : path.resolve(cwd, fs.root);
}

function pick<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

/**
 * The view a plan is linted through: buffers and written contexts replace what is on disk;
 * permissions still come from the listing or manifest when there is one.
 */
function withOverlay(base: AuditedView, configFs: FsView, written: readonly (readonly [string, string])[]): AuditedView {
  const overlaid = written.reduce((fs, [file, text]) => overlayFile(fs, file, text), configFs);
  return { ...base, configFs: overlaid, auditFs: base.auditFs === base.configFs ? overlaid : base.auditFs };
}

/** The text of `file` to read at `alias` too, when it is a buffer (the view reads the disk behind a symlink). */
function textOf(fs: FsView, file: string, alias: string): [string, string][] {
  const content = fs.readFile(file);
  return content.ok ? [[alias, content.value.toString('utf8')]] : [];
}

/** A result of a file its configuration reads under another name, shown under the name asked. */
function underAskedName(result: LintResult, plan: LintPlan, toHostPath: (p: string) => string): LintResult {
  for (const [alias, file] of plan.aliases ?? []) if (toHostPath(alias) === result.filePath) return { ...result, filePath: toHostPath(file) };
  return result;
}

/** A result is shown unless it is a written context, or a file its plan does not report. */
function reported(hostFile: string, plan: LintPlan, written: readonly (readonly [string, string])[], whole: boolean, toHostPath: (p: string) => string): boolean {
  if (written.some(([file]) => toHostPath(file) === hostFile)) return false;
  if (whole || plan.only === undefined) return true;
  return [...plan.only].some((file) => toHostPath(file) === hostFile);
}

/** Results of several plans, one per file, each message once, sorted again. */
export function mergeResults(results: readonly LintResult[]): LintResult[] {
  const byFile = new Map<string, LintResult>();
  for (const result of results) {
    const seen = byFile.get(result.filePath);
    if (!seen) {
      byFile.set(result.filePath, result);
      continue;
    }
    const messages = unique([...seen.messages, ...result.messages]).sort(compareMessages);
    byFile.set(result.filePath, { ...seen, messages, suppressedMessages: unique([...seen.suppressedMessages, ...result.suppressedMessages]), ...countMessages(messages) });
  }
  return [...byFile.values()].sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
}

/**
 * The results of a fleet's servers, each already merged, in file order; a file two servers
 * both report (two listings of one tree) stays twice, once per server, in `servers` order.
 */
export function mergeResultsOfFleet(perServer: readonly (readonly LintResult[])[]): LintResult[] {
  return perServer.flat().sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
}

function unique<T extends LintMessage>(messages: readonly T[]): T[] {
  const seen = new Set<string>();
  return messages.filter((m) => {
    const key = `${m.ruleId}\0${m.line}:${m.column}:${m.endLine}:${m.endColumn}\0${m.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
