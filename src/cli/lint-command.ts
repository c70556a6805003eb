import { mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { withRuleConfigs } from '../config/resolve-config.js';
import type { ResolvedConfig } from '../config/types.js';
import type { LintResult } from '../engine/events.js';
import { countMessages } from '../engine/results.js';
import { BUILTIN_FORMATS, loadBuiltinFormatter, type Formatter, type FormatterContext } from '../format/index.js';
import { displayPath } from '../format/paths.js';
import { readRuleReadme } from '../format/rule-readme.js';
import { LintSession, newDiscovery, type SessionOutcome } from '../session/lint-session.js';
import { ignoreFilter, parseIgnoreFile } from '../session/targets.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_PROBLEMS } from './exit-codes.js';
import { autoJobs, lintFleet, type ServerRun } from '../session/fleet.js';
import type { WorkerSettings } from '../session/fleet-protocol.js';
import { lintHelp } from './help.js';
import { CliError, type CliIo } from './io.js';
import { parseLintArgs, type LintCliOptions } from './lint-options.js';
import { effectiveConfig } from './print-config.js';
import { repositoryRoot } from './repository-root.js';
import { VERSION } from './version.js';
import { walkProgress } from './walk-progress.js';
import { escapeControlChars } from '../format/control-chars.js';

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
  if (options.printConfig !== undefined) {
    const discovery = newDiscovery({ cwd: io.cwd, ...pick('configFile', options.config) }, options.root);
    const file = path.resolve(io.cwd, options.printConfig);
    const found = await discovery.forFile(file);
    const config = options.rules ? await withRuleConfigs(found, options.rules, '--rule') : found;
    io.stdout.write(`${JSON.stringify(effectiveConfig(config, file), null, 2)}\n`);
    return EXIT_OK;
  }
  const progress = walkProgress(io, { quiet: options.quiet });
  const onWarning = (message: string): void => void io.stderr.write(`forbidlint: warning: ${escapeControlChars(message)}\n`);
  const settings: WorkerSettings = {
    cwd: io.cwd,
    fsEnabled: options.fsEnabled,
    reportUnusedDisableDirectives: options.reportUnusedDisableDirectives,
    ...pick('configFile', options.config),
    ...pick('root', options.root),
    ...pick('fsListing', options.fsListing),
    ...pick('fsManifest', options.fsManifest),
    ...pick('snapshot', options.snapshot),
    ...(options.webUser ? { webUser: options.webUser } : {}),
    ...(options.rules ? { ruleConfigs: options.rules } : {}),
  };
  const session = await LintSession.open({ ...settings, ...(progress ? { onWalkProgress: progress.update } : {}), onWarning });
  const projectConfig = session.project;
  warnIfNoRuleEnabled(projectConfig, options, io);
  const ignoreSets = [
    { baseDir: projectConfig.baseDir, patterns: projectConfig.ignorePatterns },
    ...(options.ignorePath !== undefined ? [readIgnoreFile(options.ignorePath, io.cwd)] : []),
  ];
  const request = options.stdin ? { buffers: new Map([[options.stdinFilename ?? 'stdin.conf', await io.readStdin()]]), lint: options.stdinFilename ?? 'stdin.conf' } : { paths: options.paths };
  // The same globs keep the walk out of served entries (caches, vendored trees, uploads).
  const walkIgnore = ignoreSets.flatMap((set) => set.patterns);
  const fleet = session.fleet(request);
  const outcome: SessionOutcome & { servers?: ServerRun[] } =
    fleet && request.paths !== undefined
      ? await lintFleet(session, settings, { paths: request.paths }, fleet, {
          jobs: jobsOf(options.jobs ?? projectConfig.jobs ?? 1),
          ignoreSets,
          walkIgnore,
          onWarning,
          ...(progress ? { onWalkProgress: (server, root, entries, current) => progress.update(root, entries, current, fleet.length > 1 ? server.name : undefined) } : {}),
          // One server is a lint like any other; in a fleet, each says when it is done.
          ...(progress && fleet.length > 1 ? { onServerDone: (run) => progress.line(serverLine(run)) } : {}),
        })
      : await session.lint(request, { isIgnored: ignoreFilter(ignoreSets), walkIgnore });
  progress?.done();
  writeNotes(outcome, options, io);
  const { rules } = outcome;
  let results = outcome.results;
  if (options.quiet) results = results.map(withoutWarnings);

  const formatter = await formatterFor(options.format, projectConfig);
  const output = formatter(results, {
    cwd: io.cwd,
    rules,
    color: options.outputFile === undefined && (options.color ?? colorByEnvironment(io)),
    version: VERSION,
    maxWarnings: options.maxWarnings,
    incomplete: outcome.incomplete,
    ...(options.format === 'sarif' ? sarifContext(options, io) : {}),
    ...(outcome.servers ? { servers: outcome.servers.map((run) => ({ name: run.name, complete: run.complete, ...(run.failure !== undefined ? { failure: run.failure } : {}) })) } : {}),
  });
  const inputs = [options.config, options.fsListing, options.fsManifest, options.snapshot, options.ignorePath].flatMap((f) => (f === undefined || f === '-' ? [] : [path.resolve(io.cwd, f)]));
  refuseInputAsOutput(options.outputFile, [...results.map((r) => r.filePath), ...inputs, ...(projectConfig.filePath !== undefined ? [projectConfig.filePath] : [])], io);
  writeOutput(output, options.outputFile, io);
  const code = exitCode(results, options.maxWarnings, io);
  // An audit that did not finish (a failed mount, a server that could not be audited) must not
  // pass as a clean one: the report holds what was seen, the exit code says it is partial.
  const partial = outcome.servers
    ? outcome.servers.filter((run) => !run.complete).map((run) => ({ what: `${run.name} (${run.root})`, reason: run.failure ?? 'unknown reason' }))
    : outcome.incomplete.map(({ root, reason }) => ({ what: root, reason }));
  for (const { what, reason } of partial) io.stderr.write(`forbidlint: audit of ${escapeControlChars(what)} incomplete: ${escapeControlChars(reason)}\n`);
  return partial.length > 0 ? EXIT_FAILURE : code;
}

/** `forbidlint: web1 (/mnt/web1): 104,233 entries, 6.2 s, complete`: a fleet server finished. */
export function serverLine(run: ServerRun): string {
  return `forbidlint: ${run.name} (${escapeControlChars(run.root)}): ${run.entries.toLocaleString('en-US')} entries, ${run.seconds.toFixed(1)} s, ${run.complete ? 'complete' : 'incomplete'}\n`;
}

function jobsOf(jobs: number | 'auto'): number {
  return jobs === 'auto' ? autoJobs() : jobs;
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

function pick<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

/**
 * One note per assumed context, on stderr so that machine formats stay intact: which lone
 * files were read inside which stock configuration, and how to give the real one. Files
 * discovery left out are listed under --debug.
 */
function writeNotes(outcome: SessionOutcome, options: LintCliOptions, io: CliIo): void {
  const byContext = new Map<string, string[]>();
  for (const note of outcome.notes) byContext.set(note.description, [...(byContext.get(note.description) ?? []), path.relative(io.cwd, note.file) || note.file]);
  for (const [description, files] of byContext) {
    io.stderr.write(
      `forbidlint: note: no main configuration of the project reads ${files.join(', ')}: linted ${description}. Lint the main configuration, or name it in .forbidlintrc "servers" (with "root" for a mirrored tree), to use the real context.\n`,
    );
  }
  // A file read in an assumed context has its note above, which names the root already.
  const assumed = new Set(outcome.notes.map((note) => note.file));
  const byRoot = new Map<string, string[]>();
  for (const note of outcome.rooted ?? []) {
    if (assumed.has(note.file)) continue;
    const key = `${note.root}\0${note.through ?? ''}\0${note.noAccounts ? 'no accounts' : ''}`;
    const file = path.relative(io.cwd, note.file) || note.file;
    if (!byRoot.get(key)?.includes(file)) byRoot.set(key, [...(byRoot.get(key) ?? []), file]);
  }
  for (const [key, files] of byRoot) {
    const [root = '', through, noAccounts] = key.split('\0');
    const shownRoot = path.relative(io.cwd, root) || '.';
    // The copy's missing accounts are said in its main configuration, which a lone file's report leaves out.
    const accounts = noAccounts ? ` It holds no etc/passwd, so file permissions were not checked: copy the server's /etc/passwd and /etc/group there.` : '';
    io.stderr.write(
      `forbidlint: note: ${files.join(', ')}: linted${through ? ` through ${path.relative(io.cwd, through) || through}` : ''} with ${shownRoot} as the audited root, as --root ${shownRoot} would: ${shownRoot} holds a copy of a server, whose configuration's absolute paths (includes, served trees, /etc/passwd) mean files there. Give --root to choose another.${accounts}\n`,
    );
  }
  if (options.debug) for (const skipped of outcome.skipped) io.stderr.write(`forbidlint: debug: skipped ${skipped.file}: ${skipped.reason}\n`);
}

function readIgnoreFile(file: string, cwd: string): { baseDir: string; patterns: string[] } {
  const resolved = path.resolve(cwd, file);
  try {
    return { baseDir: cwd, patterns: parseIgnoreFile(readFileSync(resolved, 'utf8')) };
  } catch (error) {
    throw new CliError(`cannot read --ignore-path ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
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
