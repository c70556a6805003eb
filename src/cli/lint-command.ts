import { mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { builtinRules } from '../../lint-rules/index.js';
import { ConfigDiscovery } from '../config/discover.js';
import { withRuleConfigs } from '../config/resolve-config.js';
import type { ResolvedConfig, ServerEntry } from '../config/types.js';
import type { FsView } from '../fs/types.js';
import type { LintResult, LintTarget } from '../engine/events.js';
import { Linter } from '../engine/linter.js';
import { countMessages } from '../engine/results.js';
import { BUILTIN_FORMATS, loadBuiltinFormatter, type Formatter, type FormatterContext } from '../format/index.js';
import { displayPath } from '../format/paths.js';
import { readRuleReadme } from '../format/rule-readme.js';
import { openAuditedView, type AuditedFsOptions } from './audited-view.js';
import { EXIT_OK, EXIT_PROBLEMS } from './exit-codes.js';
import { lintHelp } from './help.js';
import { CliError, type CliIo } from './io.js';
import { parseLintArgs, parseWebUser, type LintCliOptions } from './lint-options.js';
import { effectiveConfig } from './print-config.js';
import { discoverTargets, ignoreFilter, parseIgnoreFile, serverTargets, targetFor, toServerPath } from './targets.js';
import { repositoryRoot } from './repository-root.js';
import { VERSION } from './version.js';
import { walkProgress } from './walk-progress.js';

/** `forbidlint [lint] [paths...]`: lint, format, write, and turn the results into an exit code. */
export async function lintCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const options = parseLintArgs(argv);
  if (options.help) {
    io.stdout.write(lintHelp());
    return EXIT_OK;
  }
  if (options.version) {
    io.stdout.write(`${VERSION}\n`);
    return EXIT_OK;
  }
  const discovery = configDiscovery(options, io, options.root);
  if (options.printConfig !== undefined) {
    const file = path.resolve(io.cwd, options.printConfig);
    const found = await discovery.forFile(file);
    const config = options.rules ? await withRuleConfigs(found, options.rules, '--rule') : found;
    io.stdout.write(`${JSON.stringify(effectiveConfig(config, file), null, 2)}\n`);
    return EXIT_OK;
  }
  const projectConfig = await discovery.forCwd();
  warnIfNoRuleEnabled(projectConfig, options, io);
  // A `root` named by the project's configuration guards discovery just as --root does.
  const configs = options.root === undefined && projectConfig.root !== undefined ? configDiscovery(options, io, projectConfig.root) : discovery;

  const groups = await lintGroups(options, projectConfig, io);
  const ignoreSets = [
    { baseDir: projectConfig.baseDir, patterns: projectConfig.ignorePatterns },
    ...(options.ignorePath !== undefined ? [readIgnoreFile(options.ignorePath, io.cwd)] : []),
  ];
  const isIgnored = ignoreFilter(ignoreSets);
  // The same globs keep the walk out of served entries (caches, vendored trees, uploads).
  const walkIgnore = ignoreSets.flatMap((set) => set.patterns);
  const progress = walkProgress(io, { quiet: options.quiet });
  const webUser = options.webUser ?? (projectConfig.webUser !== undefined ? parseWebUser(projectConfig.webUser, `${projectConfig.filePath}: webUser`) : undefined);
  let results: LintResult[] = [];
  const rules = new Map([...builtinRules, ...projectConfig.plugins.flatMap((p) => p.rules ?? [])].map((r) => [r.meta.id, r]));
  for (const group of groups) {
    const view = await openAuditedView(group.fs, io.cwd);
    const linter = new Linter({
      configs,
      view,
      ...(webUser ? { webUser } : {}),
      ...(options.rules ? { ruleConfigs: options.rules } : {}),
      reportUnusedDisableDirectives: options.reportUnusedDisableDirectives ? 2 : 0,
      walkIgnore,
      ...(progress ? { onWalkProgress: progress.update } : {}),
    });
    const targets = group.targets(view.configFs);
    results.push(...(await linter.lint(targets.filter((t) => t.text !== undefined || !isIgnored(hostPath(view.root, t.entry))))));
    for (const [id, rule] of linter.knownRules) rules.set(id, rule);
  }
  progress?.done();
  if (groups.length > 1) results = mergeResults(results);
  if (options.quiet) results = results.map(withoutWarnings);

  const formatter = await formatterFor(options.format, projectConfig);
  const output = formatter(results, {
    cwd: io.cwd,
    rules,
    color: options.outputFile === undefined && (options.color ?? colorByEnvironment(io)),
    version: VERSION,
    maxWarnings: options.maxWarnings,
    ...(options.format === 'sarif' ? sarifContext(options, io) : {}),
  });
  const inputs = [options.config, options.fsListing, options.fsManifest, options.ignorePath].flatMap((f) => (f === undefined || f === '-' ? [] : [path.resolve(io.cwd, f)]));
  refuseInputAsOutput(options.outputFile, [...results.map((r) => r.filePath), ...inputs, ...(projectConfig.filePath !== undefined ? [projectConfig.filePath] : [])], io);
  writeOutput(output, options.outputFile, io);
  return exitCode(results, options.maxWarnings, io);
}

/**
 * Node's convention: FORCE_COLOR (any value but 0 or false) turns colors on even in a pipe and
 * wins over NO_COLOR; NO_COLOR turns them off; otherwise colors go to a terminal only.
 */
function colorByEnvironment(io: CliIo): boolean {
  const force = io.env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  return io.stdout.isTTY === true && io.env['NO_COLOR'] === undefined;
}

/** SARIF URIs start at the repository root (code scanning places them there), and rule help comes from the READMEs. */
function sarifContext(options: LintCliOptions, io: CliIo): Pick<FormatterContext, 'sourceRoot' | 'fatalRuleId' | 'ruleReadme'> {
  return {
    sourceRoot: options.sarifRoot !== undefined ? path.resolve(io.cwd, options.sarifRoot) : (repositoryRoot(io.cwd) ?? io.cwd),
    ...(options.sarifFatalRule !== undefined ? { fatalRuleId: options.sarifFatalRule } : {}),
    ruleReadme: readRuleReadme,
  };
}

/**
 * A configuration file's rules replace the defaults: one without `extends` enables only the rules
 * it lists, so a file that lists none (or only turns some off) lints nothing, and says so.
 */
function warnIfNoRuleEnabled(config: ResolvedConfig, options: LintCliOptions, io: CliIo): void {
  if (config.filePath === undefined) return;
  const settings = [config.ruleConfigs, ...config.overrides.map((o) => o.ruleConfigs), options.rules ?? {}];
  if (settings.some((rules) => Object.values(rules).some((rule) => rule.severity > 0))) return;
  io.stderr.write(`forbidlint: warning: ${displayPath(config.filePath, io.cwd)} enables no rule, so nothing is checked: add "extends": "forbidlint:recommended" to it\n`);
}

/**
 * forbidlint never writes to what it audits: an output file that is a linted file (or the
 * configuration, the listing or the manifest it read) is refused.
 */
function refuseInputAsOutput(outputFile: string | undefined, inputs: readonly string[], io: CliIo): void {
  if (outputFile === undefined) return;
  const file = realOrResolved(path.resolve(io.cwd, outputFile));
  if (inputs.some((input) => realOrResolved(input) === file)) {
    throw new CliError(`--output-file ${outputFile} is one of the files being linted: write the report elsewhere`);
  }
}

function realOrResolved(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

function configDiscovery(options: LintCliOptions, io: CliIo, root: string | undefined): ConfigDiscovery {
  return new ConfigDiscovery({
    cwd: io.cwd,
    builtinRules,
    ...(root !== undefined ? { auditedRoot: path.resolve(io.cwd, root) } : {}),
    ...(options.config !== undefined ? { configFile: options.config } : {}),
  });
}

/** Targets sharing one audited filesystem; `servers` entries may each name their own root. */
interface LintGroup {
  fs: AuditedFsOptions;
  targets(configFs: FsView): LintTarget[];
}

async function lintGroups(options: LintCliOptions, project: ResolvedConfig, io: CliIo): Promise<LintGroup[]> {
  const fs: AuditedFsOptions = {
    fsEnabled: options.fsEnabled,
    ...pick('root', options.root ?? project.root),
    ...pick('fsListing', options.fsListing ?? project.fsListing),
    ...pick('fsManifest', options.fsManifest ?? project.fsManifest),
  };
  const rootOf = () => (fs.root === undefined ? '/' : path.resolve(io.cwd, fs.root));
  if (options.stdin) {
    const text = await io.readStdin();
    const name = toServerPath(options.stdinFilename ?? 'stdin.conf', io.cwd, rootOf());
    return [{ fs, targets: (configFs) => [targetFor(configFs, name, { text })] }];
  }
  if (options.paths.length > 0 || project.servers.length === 0) {
    const paths = options.paths.length > 0 ? options.paths : ['.'];
    return [{ fs, targets: (configFs) => paths.flatMap((p) => discoverTargets(configFs, toServerPath(p, io.cwd, rootOf()), p)) }];
  }
  const byFs = new Map<string, { fs: AuditedFsOptions; servers: ServerEntry[] }>();
  for (const server of project.servers) {
    const own: AuditedFsOptions = {
      fsEnabled: fs.fsEnabled,
      ...pick('root', server.root ?? fs.root),
      ...pick('fsListing', server.fsListing ?? fs.fsListing),
      ...pick('fsManifest', server.fsManifest ?? fs.fsManifest),
    };
    const key = JSON.stringify(own);
    const group = byFs.get(key) ?? { fs: own, servers: [] };
    group.servers.push(server);
    byFs.set(key, group);
  }
  return [...byFs.values()].map(({ fs: own, servers }) => {
    const root = own.root === undefined ? '/' : path.resolve(io.cwd, own.root);
    return { fs: own, targets: (configFs: FsView) => serverTargets(configFs, servers, (file) => toServerPath(file, io.cwd, root)) };
  });
}

function pick<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

function hostPath(root: string, serverPath: string): string {
  return root === '/' ? serverPath : path.join(root, serverPath);
}

function readIgnoreFile(file: string, cwd: string): { baseDir: string; patterns: string[] } {
  const resolved = path.resolve(cwd, file);
  try {
    return { baseDir: cwd, patterns: parseIgnoreFile(readFileSync(resolved, 'utf8')) };
  } catch (error) {
    throw new CliError(`cannot read --ignore-path ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** Results of several groups, one per file, sorted again. */
function mergeResults(results: readonly LintResult[]): LintResult[] {
  const byFile = new Map<string, LintResult>();
  for (const result of results) {
    const seen = byFile.get(result.filePath);
    if (!seen) byFile.set(result.filePath, result);
    else {
      const messages = [...seen.messages, ...result.messages];
      byFile.set(result.filePath, { ...seen, messages, suppressedMessages: [...seen.suppressedMessages, ...result.suppressedMessages], ...countMessages(messages) });
    }
  }
  return [...byFile.values()].sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
}

function withoutWarnings(result: LintResult): LintResult {
  const messages = result.messages.filter((m) => m.severity === 2);
  return { ...result, messages, ...countMessages(messages) };
}

async function formatterFor(name: string, project: ResolvedConfig): Promise<Formatter> {
  const builtin = await loadBuiltinFormatter(name);
  if (builtin) return builtin;
  for (const plugin of project.plugins) {
    const formatter = plugin.formatters?.[name];
    if (formatter) return formatter;
  }
  const fromPlugins = project.plugins.flatMap((p) => Object.keys(p.formatters ?? {}));
  throw new CliError(`unknown format "${name}": use one of ${[...BUILTIN_FORMATS, ...fromPlugins].join(', ')}`);
}

function writeOutput(output: string, outputFile: string | undefined, io: CliIo): void {
  if (outputFile === undefined) {
    io.stdout.write(output);
    return;
  }
  const file = path.resolve(io.cwd, outputFile);
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, output);
  } catch (error) {
    throw new CliError(`cannot write --output-file ${outputFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function exitCode(results: readonly LintResult[], maxWarnings: number, io: CliIo): number {
  const errors = results.reduce((n, r) => n + r.errorCount, 0);
  const warnings = results.reduce((n, r) => n + r.warningCount, 0);
  if (errors > 0) return EXIT_PROBLEMS;
  if (maxWarnings >= 0 && warnings > maxWarnings) {
    io.stderr.write(`forbidlint found too many warnings (maximum: ${maxWarnings}).\n`);
    return EXIT_PROBLEMS;
  }
  return EXIT_OK;
}
