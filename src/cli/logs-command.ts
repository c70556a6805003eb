import { statSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { resolvePrincipal } from '../fs/users.js';
import { displayPath } from '../format/paths.js';
import { escapeControlChars } from '../format/control-chars.js';
import { createSimulator } from '../simulate/index.js';
import { analyzeLog } from '../logs/analyze.js';
import { configuredLogs } from '../logs/declared-logs.js';
import { ErrorLogMatcher, readErrorLog } from '../logs/error-log.js';
import { parseSince } from '../logs/log-time.js';
import { jsonStream } from '../logs/json-stream.js';
import { eachLine, logFileLines, logStreamLines, peekLines } from '../logs/read-lines.js';
import { Replayer } from '../logs/replay.js';
import { parseHostOption, type HostFallback } from '../logs/replayed-request.js';
import type { LogsReport } from '../logs/report.js';
import { sarifLogsReport } from '../logs/sarif.js';
import { selectLog } from '../logs/select-log.js';
import { stylishLogsReport } from '../logs/stylish.js';
import { EXIT_OK, EXIT_PROBLEMS } from './exit-codes.js';
import { CliError, type CliIo } from './io.js';
import { parseWebUser } from './lint-options.js';
import { hostPathOf, loadServerConfig, openServerView, snapshotMainConfig } from './server-config.js';

const LOGS_OPTIONS = {
  'access-log': { type: 'string' },
  'error-log': { type: 'string' },
  status: { type: 'string' },
  since: { type: 'string' },
  host: { type: 'string' },
  root: { type: 'string' },
  'fs-listing': { type: 'string' },
  'fs-manifest': { type: 'string' },
  snapshot: { type: 'string' },
  'web-user': { type: 'string' },
  format: { type: 'string', short: 'f' },
  help: { type: 'boolean', short: 'h' },
} as const;

const FORMATS = ['stylish', 'json', 'sarif'] as const;
type LogsFormat = (typeof FORMATS)[number];

const HELP = `Usage: forbidlint logs <config-file> --access-log FILE [options]

Replays every request of an access log that got a chosen status (403 by default) through the
configuration, and says for each what decided it: the cause the server logs, the directive
(file:line) or the path with its mode, owner and the web user, and the fix. A logged 403 the
configuration cannot produce (the application, a WAF, a proxy in front) is reported as not
explained. The log's format is the one the configuration declares for it (log_format and
access_log, LogFormat and CustomLog); combined, main, common and vhost_combined are built in.

Options:
  --access-log FILE|-    the access log (gzip'd rotations too); - reads standard input
  --error-log FILE       the error log, to compare the cause the server logged with the predicted one
  --status LIST          statuses to examine, comma-separated (default 403)
  --since TIME           only entries from TIME: 2026-12-06, 2026-12-06T01:00:00Z, or 90m, 2h, 7d ago
  --host HOST[:PORT]     the virtual host the requests were for, when neither the log nor its file says
  --root DIR             the audited server's / is mounted here; every path resolves inside it
                         (default: X for a config in a server copy X/etc/..., else this machine)
  --fs-listing FILE|-    modes and owners from a find -printf listing taken on the server
  --fs-manifest FILE     modes and owners from a tree manifest
  --snapshot FILE|-      the whole server from a snapshot (forbidlint snapshot); name the
                         config as the server sees it (/etc/nginx/nginx.conf), or leave it
                         out when the snapshot holds one server configuration
  --web-user USER[:GROUP]  the account the server runs as, instead of the config's
  -f, --format NAME      stylish, json or sarif (default stylish)

Exit codes: 0 every examined entry is explained by the configuration, 1 some are not, 2 logs could not run.
`;

/** Above this many lines, progress goes to stderr. */
const PROGRESS_EVERY = 250_000;

/** `forbidlint logs <config> --access-log FILE`: the 403s a server gave, each with what decided it. */
export async function logsCommand(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: LOGS_OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError(`${(error as Error).message.split('\n')[0]} (see forbidlint logs --help)`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(HELP);
    return EXIT_OK;
  }
  // A snapshot holding one server configuration needs no config argument, as with lint.
  const [configArg, ...extra] = positionals;
  if ((configArg === undefined && values.snapshot === undefined) || extra.length > 0) throw new CliError('logs takes one config file (see forbidlint logs --help)');
  const accessLog = values['access-log'];
  if (accessLog === undefined) throw new CliError('logs needs --access-log FILE (or - for standard input)');
  const format = (values.format ?? 'stylish') as LogsFormat;
  if (!FORMATS.includes(format)) throw new CliError(`--format for logs is ${FORMATS.join(', ')}, not "${values.format}"`);
  const statuses = parseStatuses(values.status ?? '403');
  const since = values.since === undefined ? undefined : parseSince(values.since, Date.now());
  if (values.since !== undefined && since === undefined) throw new CliError(`--since takes a date, a time or a duration such as 2h, not "${values.since}"`);
  const fallback: HostFallback = values.host === undefined ? {} : (parseHostOption(values.host) ?? invalid(`--host takes HOST or HOST:PORT, not "${values.host}"`));
  const webUser = values['web-user'] !== undefined ? parseWebUser(values['web-user'], '--web-user') : undefined;
  if (accessLog !== '-') requireFile(accessLog, io.cwd, '--access-log');
  if (values['error-log'] !== undefined) requireFile(values['error-log'], io.cwd, '--error-log');

  if (accessLog === '-' && values.snapshot === '-') throw new CliError('--access-log - and --snapshot - cannot both be standard input: save one of them to a file');
  const view = await openServerView(configArg, values, io);
  const hostPath = (file: string): string => hostPathOf(file, view.root);
  const configName = configArg ?? snapshotMainConfig(view);
  const config = loadServerConfig(configName, view, io);
  const configured = configuredLogs(config);

  const accessLogName = accessLog === '-' ? 'standard input' : accessLog;
  const { first, batches } = await readable(accessLogName, () => peekLines(accessLog === '-' ? logStreamLines(stdinChunks(io)) : logFileLines(path.resolve(io.cwd, accessLog)), 200));
  const serverPath = accessLog === '-' ? undefined : serverPathOf(path.resolve(io.cwd, accessLog), view.root);
  const selected = selectLog(configured, serverPath, first);
  if (selected === undefined) throw new CliError(`no access-log format of ${configName} (nor combined, main, common, vhost_combined) reads the lines of ${accessLogName}`);
  if (selected.format.statusGroup === 0) throw new CliError(`the "${selected.format.name}" format of ${accessLogName} logs no status ($status, %>s), so no entry can be examined`);

  const errorLogFile = values['error-log'];
  const errorLog = errorLogFile === undefined ? undefined : await readable(errorLogFile, () => readErrorLog(config.dialect, eachLine(logFileLines(path.resolve(io.cwd, errorLogFile)))));

  const account = webUser ?? configured.webUser;
  const principal = resolvePrincipal(view.users, account.user, account.group);
  const simulator = createSimulator(config, { fs: view.auditFs, users: view.users, ...(webUser ? { webUser } : {}) });
  const replayer = new Replayer({ simulator, fs: view.auditFs, users: view.users, ...(principal.ok ? { principal: principal.principal } : {}) });

  const json = format === 'json' ? jsonStream(io.stdout) : undefined;
  const started = Date.now();
  const { groups, counts, errorLogMatched } = await readable(accessLogName, () => analyzeLog(batches, {
    format: selected.format,
    writers: selected.writers,
    replayer,
    statuses,
    ...(since !== undefined ? { since } : {}),
    fallback,
    ...(errorLog ? { errorLog: new ErrorLogMatcher(errorLog) } : {}),
    shownFile: hostPath,
    ...(json ? { onEntry: json.entry } : {}),
    progressEvery: PROGRESS_EVERY,
    onProgress: (lines, chosen) => io.stderr.write(`forbidlint logs: ${lines} lines read, ${chosen} examined (${((Date.now() - started) / 1000).toFixed(1)} s)\n`),
  }));
  const declaredAt = selected.format.declaredAt;
  const report: LogsReport = {
    groups,
    summary: {
      accessLog: accessLogName,
      format: { name: selected.format.name, declaredAt: declaredAt ? { file: hostPath(declaredAt.file), line: declaredAt.line } : null, recognisedBy: selected.recognisedBy },
      statuses: [...statuses],
      ...counts,
      distinctRequests: replayer.distinctRequests,
      errorLog: errorLogFile === undefined || errorLog === undefined ? null : { file: errorLogFile, lines: errorLog.lines, matched: errorLogMatched },
    },
  };
  if (json) json.end(report);
  else if (format === 'sarif') io.stdout.write(sarifLogsReport(report, accessLog === '-' ? 'stdin' : path.resolve(io.cwd, accessLog), { cwd: io.cwd, version: (await import('./version.js')).VERSION }));
  else io.stdout.write(stylishLogsReport(report, (file) => displayPath(file, io.cwd)));
  return counts.causeDiffers + counts.notExplained > 0 ? EXIT_PROBLEMS : EXIT_OK;
}

/** A log that turns out unreadable midway (a truncated .gz, a vanished file) is a failure to run, not a bug. */
async function readable<T>(name: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string') throw new CliError(`cannot read ${name}: ${(error as Error).message}`);
    throw error;
  }
}

function invalid(message: string): never {
  throw new CliError(message);
}

function parseStatuses(text: string): Set<number> {
  const statuses = text.split(',').map((s) => s.trim());
  if (statuses.some((s) => !/^[1-5]\d\d$/.test(s))) throw new CliError(`--status takes HTTP statuses separated by commas, such as 403,401, not "${text}"`);
  return new Set(statuses.map(Number));
}

function requireFile(file: string, cwd: string, option: string): void {
  try {
    if (statSync(path.resolve(cwd, file)).isFile()) return;
  } catch (error) {
    throw new CliError(`${option} ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  throw new CliError(`${option} ${file}: not a file`);
}

/** A log copied under --root keeps its server path there; one elsewhere is known by its name alone. */
function serverPathOf(file: string, root: string): string {
  if (root === '/') return file;
  const relative = path.relative(root, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : `/${relative.split(path.sep).join('/')}`;
}

async function* stdinChunks(io: CliIo): AsyncGenerator<Buffer | string> {
  if (io.stdinStream) yield* io.stdinStream();
  else yield await io.readStdin();
}
