import * as posixPath from 'node:path/posix';
import type { Directive, ParseDiagnostic, ParsedConfig, SourceFile, SourceLocation } from '../parse/ast.js';
import type { FsView, Principal, UserDb } from '../fs/types.js';
import type { FsDiagnostic } from '../fs/diagnostics.js';
import type { WalkEntry } from '../fs/walk.js';
import { resolvePrincipal } from '../fs/users.js';
import type { ServedTree, ServerSummary } from '../model/types.js';
import { systemDirectory } from '../fs/system-directories.js';
import { StatCache } from '../fs/stat-cache.js';
import type { LintConfig, RuleSettings } from './settings.js';
import { createTargetHooks, type LinterHooks } from './hooks.js';
import type { ConfigModel, Finding, FsEntryEvent, LintTarget } from './events.js';
import { interpolate, type LintSettings, type ReportDescriptor, type Rule, type RuleContext } from './rule.js';
import { mergeOptions } from './options.js';
import { tapRuleListeners } from './tap-rules.js';
import { mergeFindings } from './merge-findings.js';
import { traverseConfig } from './traverse.js';
import { applyDisableDirectives, type DisableOptions, type Suppression } from './disable-comments.js';
import { regexBudgetDiagnostics } from '../regex/sites.js';
import { takeExhaustedRegexes } from '../regex/uncertainty.js';
import { pushAll } from '../util/push-all.js';
import { createServerProbe, type EngineProbe, type ProbedModel } from '../probe/probe.js';
import type { ApacheModel } from '../model/apache/index.js';
import type { NginxModel } from '../model/nginx/index.js';
import type { VerdictCache } from '../probe/verdict-cache.js';
import { hasPrefix } from '../util/has-prefix.js';

/**
 * Lists a served tree: `onEntry` for the root and everything below it, `onDiagnostic` for what
 * could not be read (fs/walk.ts's walkTrees does this for every FsView).
 */
export type TreeWalker = (
  root: string,
  onEntry: (entry: WalkEntry) => void,
  onDiagnostic: (diagnostic: FsDiagnostic) => void,
  onListed?: (dir: string, names: readonly string[]) => void,
) => Promise<void>;

export interface TargetInput {
  target: LintTarget;
  parsed: ParsedConfig;
  config: LintConfig;
  settings: LintSettings;
  fs: FsView;
  users: UserDb;
  /** The dialect's model, when one is available: without it no `server` or `fsEntry` hook fires. */
  model?: ConfigModel;
  /** Absent under `--no-fs`. */
  walk?: TreeWalker;
  /** Severity of unused disable comments; 0 to ignore them. */
  reportUnusedDisableDirectives: 0 | 1 | 2;
  /**
   * Where the user sees a server path (under --root: the mount plus the path), which is what
   * `overrides` globs, relative to the configuration file, are matched against. Default: the same.
   */
  hostPath?: (serverPath: string) => string;
  /**
   * What the probe simulated in the last lint of the same document. Used by passes that do not
   * walk; a pass that walks reads the filesystem afresh and starts it over.
   */
  verdicts?: VerdictCache;
}

export interface TargetOutcome {
  findings: Finding[];
  suppressed: Suppression[];
  /** False when a regex ran out of budget: its state outlives the lint, so the findings are not kept for the next. */
  reusable: boolean;
}

/**
 * Lints one parsed configuration: taps every enabled rule on fresh target hooks, fires them in
 * reading order (files, directives, servers, filesystem entries, finish), then applies each
 * file's disable comments.
 */
export async function lintTarget(input: TargetInput, hooks: LinterHooks): Promise<TargetOutcome> {
  const { parsed, config, model } = input;
  const findings: Finding[] = [];
  const emit = (finding: Finding): void => {
    const changed = hooks.report.call(finding);
    if (changed) findings.push(changed);
  };
  for (const diagnostic of [...parsed.diagnostics, ...(model?.diagnostics ?? [])]) {
    const finding = diagnosticFinding(diagnostic);
    if (finding) emit(finding);
  }

  takeExhaustedRegexes(); // what earlier targets exhausted is reported at their own lines
  const targetHooks = createTargetHooks();
  hooks.target.call(targetHooks, input.target);
  // Rules, the probe's simulator and access checks share what this lint has already looked at.
  const fs = new StatCache(input.fs);
  const shared = sharedContext({ ...input, fs }, emit, input.fs);
  // The probe hears of each walked entry before any rule does: a regex scope or .htaccess found there is asked too.
  const probe = shared.probe;
  if (probe) targetHooks.fsEntry.tap('forbidlint:probe', ({ server, tree, entry }) => probe.noteEntry(server, tree, entry));
  for (const rule of config.rules.values()) {
    if (!parsed.files.some((f) => (shared.ruleConfig(rule.meta.id, f.file)?.severity ?? 0) > 0)) continue;
    const listeners = rule.create(ruleContext(rule, { ...input, fs }, shared));
    const unknown = tapRuleListeners(rule.meta.id, listeners, targetHooks);
    if (unknown.length) throw new Error(`rule ${rule.meta.id} listens to unknown selector(s): ${unknown.join(', ')}`);
  }

  // ACLs the view reads apart from stat are read for every served tree before the first access question.
  if (model && input.settings.fsEnabled) {
    for (const note of fs.loadAccessLabels(model.servers.flatMap((s) => (probe?.trees(s) ?? s.trees).filter(isWalkable).map((t) => treeDir(t.fsPath))))) emit(fsDiagnosticFinding(note, shared));
  }
  traverseConfig(parsed, targetHooks);
  if (model) {
    for (const server of model.servers) targetHooks.server.call({ server, model });
    if (input.walk && input.settings.fsEnabled) {
      await walkServedTrees(model.servers, (server) => probe?.trees(server) ?? server.trees, input.walk, {
        onEntry: (event) => {
          event.entry.stat = fs.withAccessLabels(event.entry.path, event.entry.stat);
          fs.remember(event.entry.path, event.entry.stat);
          targetHooks.fsEntry.call(event);
        },
        onDiagnostic: (diagnostic) => emit(fsDiagnosticFinding(diagnostic, shared)),
        onListed: (dir, names) => fs.rememberListing(dir, names),
      });
    }
  }
  targetHooks.finish.call();
  probe?.end();
  const exhausted = takeExhaustedRegexes();
  for (const diagnostic of regexBudgetDiagnostics(parsed, exhausted)) emit(diagnosticFinding(diagnostic) as Finding);
  const outcome = applyDisableComments(parsed.files, findings, { reportUnused: input.reportUnusedDisableDirectives, knownRuleIds: new Set(config.rules.keys()) });
  return { ...outcome, findings: mergeFindings(outcome.findings, (id) => config.rules.get(id)?.meta.type), reusable: exhausted.length === 0 };
}

/** What every rule's context shares within one target: the anchor index and the web user. */
interface SharedContext {
  emit(finding: Finding): void;
  anchorOf(path: string): Directive | undefined;
  principal(): Principal | undefined;
  sources: ReadonlyMap<string, SourceFile>;
  entryStart: SourceLocation;
  /** A rule's setting for a file, by its server path. */
  ruleConfig(ruleId: string, serverPath: string): RuleSettings | undefined;
  probe: EngineProbe | undefined;
}

function sharedContext(input: TargetInput, emit: (finding: Finding) => void, auditedView: FsView): SharedContext {
  let principal: { value: Principal | undefined } | undefined;
  // Asked for every file of every rule and again for every report: a large config reports hundreds of times.
  const ruleConfigs = new Map<string, RuleSettings | undefined>();
  const webUser = input.settings.webUser;
  // A pass that walks sees the filesystem as it is now: verdicts of earlier passes may be out of date.
  if (input.settings.fsEnabled) input.verdicts?.clear();
  const verdicts = input.settings.fsEnabled ? undefined : input.verdicts;
  const probe = input.model
    ? createServerProbe(input.parsed, probedModel(input.parsed.dialect, input.model), {
        fs: input.fs,
        users: input.users,
        fsEnabled: input.settings.fsEnabled,
        ...(webUser ? { webUser } : {}),
        ...(verdicts ? { verdicts: { cache: verdicts, view: auditedView } } : {}),
      })
    : undefined;
  // The trees each server really serves (one per host where a root is built from the host), deepest first.
  let trees: ServedTree[] | undefined;
  const servedTrees = (): ServedTree[] =>
    (trees ??= (input.model?.servers ?? []).flatMap((s) => probe?.trees(s) ?? s.trees).sort((a, b) => b.fsPath.length - a.fsPath.length));
  return {
    emit,
    probe,
    sources: new Map(input.parsed.files.map((f) => [f.file, f])),
    entryStart: startOf(input.parsed.entry),
    ruleConfig(ruleId, serverPath) {
      const key = `${ruleId}\0${serverPath}`;
      if (ruleConfigs.has(key)) return ruleConfigs.get(key);
      const found = input.config.ruleSettings(ruleId, input.hostPath ? input.hostPath(serverPath) : serverPath);
      ruleConfigs.set(key, found);
      return found;
    },
    anchorOf: (path) => servedTrees().find((t) => isWithin(path, t.fsPath))?.directive,
    principal() {
      principal ??= { value: resolveWebUser(input, emit) };
      return principal.value;
    },
  };
}

/** The engine builds each dialect's model with its own builder (load-target.ts), so the dialect says which it is. */
function probedModel(dialect: ProbedModel['dialect'], model: ConfigModel): ProbedModel {
  return dialect === 'nginx' ? { dialect, model: model as NginxModel } : { dialect, model: model as ApacheModel };
}

/** `alias /srv/private/;` serves /srv/private itself too: a trailing slash does not change the tree. */
function treeDir(fsPath: string): string {
  return fsPath.replace(/(.)\/+$/, '$1');
}

function isWithin(path: string, dir: string): boolean {
  const base = treeDir(dir);
  return path === base || path.startsWith(base.endsWith('/') ? base : `${base}/`);
}

/**
 * `--web-user` first, then the config's `user`/`User`; an account the audited system does not
 * have is reported once, where the config names it, because the server would refuse to start.
 */
function resolveWebUser(input: TargetInput, emit: (finding: Finding) => void): Principal | undefined {
  const fromConfig = input.model?.webUser;
  const wanted = input.settings.webUser ?? fromConfig;
  if (!wanted) return undefined;
  const resolved = resolvePrincipal(input.users, wanted.user, wanted.group);
  if (resolved.ok) return resolved.principal;
  const source = input.settings.webUser ? undefined : fromConfig?.source;
  emit({ ruleId: null, severity: 1, message: `cannot check file permissions: ${resolved.message}`, loc: source?.loc ?? startOf(input.parsed.entry) });
  return undefined;
}

function ruleContext(rule: Rule, input: TargetInput, shared: SharedContext): RuleContext<object, string> {
  const id = rule.meta.id;
  return {
    id,
    options: mergeOptions(rule.defaultOptions, shared.ruleConfig(id, input.parsed.entry)?.options),
    settings: input.settings,
    dialect: input.parsed.dialect,
    config: input.parsed,
    fs: input.fs,
    users: input.users,
    get principal() {
      return shared.principal();
    },
    probe: shared.probe,
    getSourceFile: (file) => shared.sources.get(file),
    report(descriptor) {
      const loc = locate(descriptor, shared);
      const configured = shared.ruleConfig(id, loc.file)?.severity ?? 0;
      if (configured === 0) return;
      const severity = descriptor.severity === 'warn' ? 1 : configured;
      const template = rule.meta.messages[descriptor.messageId] ?? descriptor.messageId;
      const related = [...(descriptor.related ?? [])];
      if (descriptor.path !== undefined) related.push({ path: descriptor.path, message: `${descriptor.path} on the audited server` });
      shared.emit({
        ruleId: id,
        messageId: descriptor.messageId,
        severity,
        message: interpolate(template, descriptor.data),
        loc,
        ...(descriptor.path !== undefined ? { path: descriptor.path } : {}),
        ...(descriptor.fix ? { fix: descriptor.fix } : {}),
        ...(descriptor.suggest?.length ? { suggestions: [...descriptor.suggest] } : {}),
        ...(related.length ? { related } : {}),
        ...(descriptor.claim ? { claim: { ...descriptor.claim, config: input.parsed.entry } } : {}),
      });
    },
  };
}

/** A filesystem finding without a node lands on the directive serving its path, else the entry's start. */
function locate(descriptor: ReportDescriptor<string>, shared: SharedContext): SourceLocation {
  if (descriptor.node) return descriptor.node.loc;
  if (descriptor.loc) return descriptor.loc;
  return shared.anchorOf(descriptor.path)?.loc ?? shared.entryStart;
}

/** An unreadable directory under a document root: a warning on the directive that serves it. */
function fsDiagnosticFinding(diagnostic: FsDiagnostic, shared: SharedContext): Finding {
  const anchor = shared.anchorOf(diagnostic.path);
  return {
    ruleId: null,
    severity: diagnostic.severity === 'error' ? 2 : 1,
    message: diagnostic.message,
    loc: anchor?.loc ?? shared.entryStart,
    path: diagnostic.path,
    related: [{ path: diagnostic.path, message: `${diagnostic.path} on the audited server` }],
  };
}

function startOf(file: string): SourceLocation {
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
}

function diagnosticFinding(diagnostic: ParseDiagnostic): Finding | undefined {
  if (diagnostic.severity === 'info') return undefined;
  // An error diagnostic is one `nginx -t` / `apachectl configtest` refuses to start with.
  return diagnostic.severity === 'error'
    ? { ruleId: null, severity: 2, fatal: true, message: diagnostic.message, loc: diagnostic.loc }
    : { ruleId: null, severity: 1, message: diagnostic.message, loc: diagnostic.loc };
}

/**
 * Each tree is listed once, and a tree nested in another (an `alias` or `<Directory>` below a
 * document root) is listed as part of the outer one. Every server then hears about each entry
 * once, with the deepest of its own trees that holds it. Trees that name a system directory
 * (`root /;`) or depend on request variables are not walked (fs/system-directory-served and
 * fs/variable-root report them; a root built from the request's host is walked through the
 * trees the probe names for it). With virtual hosts, httpd's main server answers only for
 * addresses no vhost takes, so a tree the vhosts inherit from it is theirs alone.
 */
async function walkServedTrees(
  servers: readonly ServerSummary[],
  treesOf: (server: ServerSummary) => readonly ServedTree[],
  walk: TreeWalker,
  listeners: { onEntry(event: FsEntryEvent): void; onDiagnostic(diagnostic: FsDiagnostic): void; onListed(dir: string, names: readonly string[]): void },
): Promise<void> {
  const inheritedByVhosts = new Set(servers.filter((s) => s.dialect === 'apache' && s.block).flatMap((s) => s.trees.map((t) => t.directive)));
  // Who serves what, by directory: an entry asks its own path and its ancestors, not every tree
  // of every server (a 1,000-server config has thousands of trees).
  const holders = new Map<string, Holder[]>();
  servers.forEach((server, rank) => {
    for (const tree of treesOf(server)) {
      if (!isWalkable(tree) || (server.dialect === 'apache' && !server.block && inheritedByVhosts.has(tree.directive))) continue;
      const dir = posixPath.normalize(treeDir(tree.fsPath));
      const list = holders.get(dir) ?? [];
      list.push({ rank, server, tree });
      holders.set(dir, list);
    }
  });
  const outermost = [...holders.keys()].filter((root) => !ancestorsOf(root).some((dir) => holders.has(dir)));
  // Only an entry of one of these directories can be a tree of its own.
  const holdingParents = new Set([...holders.keys()].map(parentOf));
  for (const root of outermost) {
    // The holders of a directory and of its ancestors up to the root, deepest first: what every
    // entry inside it may be heard by. Most directories hold no tree and share their parent's list.
    const inside = new Map<string, readonly Holder[]>();
    const holdersAbove = (dir: string): readonly Holder[] => {
      let list = inside.get(dir);
      if (list === undefined) {
        const outer = dir === root || dir === '/' ? [] : holdersAbove(parentOf(dir));
        const own = holders.get(dir);
        list = own === undefined ? outer : [...own, ...outer];
        inside.set(dir, list);
      }
      return list;
    };
    // The walk hands over a directory's entries in a row: what they share is looked up once.
    let parent = '';
    let parentHolders: readonly Holder[] = [];
    let parentHoldsTrees = false;
    await walk(
      root,
      (entry) => {
        const path = entry.path;
        let own: readonly Holder[] | undefined;
        let above: readonly Holder[];
        if (path === root) above = holdersAbove(root);
        else {
          const cut = path.lastIndexOf('/');
          if (cut <= 0 ? parent !== '/' : cut !== parent.length || !hasPrefix(path, parent)) {
            parent = cut <= 0 ? '/' : path.slice(0, cut);
            parentHolders = holdersAbove(parent);
            parentHoldsTrees = holdingParents.has(parent);
          }
          above = parentHolders;
          own = parentHoldsTrees ? holders.get(path) : undefined;
        }
        const candidates = own === undefined ? above : [...own, ...above];
        const [only] = candidates;
        if (candidates.length === 1 && only !== undefined && only.tree.shadowed === undefined) {
          listeners.onEntry({ entry, tree: only.tree, server: only.server });
          return;
        }
        // Deepest first, so that each server hears of the entry with its deepest tree.
        const heard: Holder[] = [];
        for (const holder of candidates) {
          if (heard.some((h) => h.server === holder.server) || holder.tree.shadowed?.some((path) => isWithin(entry.path, path))) continue;
          heard.push(holder);
        }
        if (heard.length > 1) heard.sort((a, b) => a.rank - b.rank);
        for (const { server, tree } of heard) listeners.onEntry({ entry, tree, server });
      },
      listeners.onDiagnostic,
      listeners.onListed,
    );
  }
}

/** A served tree of a server, with the server's rank in the config. */
interface Holder {
  rank: number;
  server: ServerSummary;
  tree: ServedTree;
}

function parentOf(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut <= 0 ? '/' : path.slice(0, cut);
}

/** `/a/b/c` -> `/a/b`, `/a`, `/`. */
function ancestorsOf(path: string): string[] {
  const ancestors: string[] = [];
  for (let dir = path; dir !== '/'; ) {
    dir = parentOf(dir);
    ancestors.push(dir);
  }
  return ancestors;
}

function isWalkable(tree: ServedTree): boolean {
  return !(tree.directive.dialect === 'nginx' && tree.fsPath.includes('$')) && systemDirectory(tree.fsPath) === undefined;
}

function applyDisableComments(files: readonly SourceFile[], findings: readonly Finding[], options: DisableOptions): Omit<TargetOutcome, 'reusable'> {
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) {
    const list = byFile.get(finding.loc.file) ?? [];
    list.push(finding);
    byFile.set(finding.loc.file, list);
  }
  const outcome: Omit<TargetOutcome, 'reusable'> = { findings: [], suppressed: [] };
  for (const file of files) {
    const { kept, suppressed, problems } = applyDisableDirectives(file, byFile.get(file.file) ?? [], options);
    byFile.delete(file.file);
    pushAll(pushAll(outcome.findings, kept), problems);
    pushAll(outcome.suppressed, suppressed);
  }
  for (const rest of byFile.values()) pushAll(outcome.findings, rest);
  return outcome;
}
