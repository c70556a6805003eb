import type { LogWriter } from './declared-logs.js';
import type { ErrorLogMatcher, ServerAccount } from './error-log.js';
import { fieldsOf, type CompiledFormat } from './format.js';
import { toLogEntry, type LogEntry } from './log-entry.js';
import type { Replay, Replayer } from './replay.js';
import { replayedRequest, type HostFallback } from './replayed-request.js';
import type { BadLine, EntryReport, Explanation, GroupReport, LineRef, LogsSummary } from './report.js';

export interface AnalyzeOptions {
  format: CompiledFormat;
  writers: readonly LogWriter[];
  replayer: Replayer;
  /** Statuses to examine (default 403). */
  statuses: ReadonlySet<number>;
  /** Epoch ms: earlier entries are left out. */
  since?: number;
  fallback: HostFallback;
  errorLog?: ErrorLogMatcher;
  /** How a configuration file is named in the report (a path on this machine, under --root). */
  shownFile: (file: string) => string;
  /**
   * Called for each examined entry, in log order, so a report can stream them; a promise it
   * returns (output that must drain first) is awaited before the next line.
   */
  onEntry?: (entry: EntryReport) => void | Promise<void>;
  /** Called every `progressEvery` lines. */
  onProgress?: (lines: number, chosen: number) => void;
  progressEvery?: number;
}

const EXAMPLES_PER_GROUP = 3;
const BAD_LINE_EXAMPLES = 5;

type Counts = Pick<LogsSummary, 'lines' | 'badLines' | 'badLineExamples' | 'chosen' | 'explained' | 'causeDiffers' | 'notExplained' | 'beforeSince' | 'withoutHost'>;

/**
 * Replays every entry of an access log with a chosen status and sorts them into groups of the
 * same explanation, cause and deciding line. The log is read once, batch by batch; only the
 * groups, a few examples each and the cache of distinct requests are kept.
 */
export async function analyzeLog(batches: AsyncIterable<readonly string[]>, options: AnalyzeOptions): Promise<{ groups: GroupReport[]; counts: Counts; errorLogMatched: number }> {
  const groups = new Map<string, GroupReport>();
  const counts: Counts = { lines: 0, badLines: 0, badLineExamples: [], chosen: 0, explained: 0, causeDiffers: 0, notExplained: 0, beforeSince: 0, withoutHost: 0 };
  let errorLogMatched = 0;
  const bad = (line: number, reason: string, text: string): void => {
    counts.badLines++;
    if (counts.badLineExamples.length < BAD_LINE_EXAMPLES) counts.badLineExamples.push({ line, reason, text: text.length > 300 ? `${text.slice(0, 300)}...` : text } satisfies BadLine);
  };
  const progressEvery = options.progressEvery ?? 250_000;
  const format = options.format;
  for await (const batch of batches) {
    for (const text of batch) {
      const lineNumber = ++counts.lines;
      if (options.onProgress && lineNumber % progressEvery === 0) options.onProgress(lineNumber, counts.chosen);
      if (text === '') continue;
      const match = format.regex.exec(text);
      if (match === null) {
        bad(lineNumber, `not in the "${format.name}" format`, text);
        continue;
      }
      // Most lines are answered here, from the status alone, without building their fields.
      const status = Number(match[format.statusGroup]);
      const chosen = options.statuses.has(status);
      // Error answers that are not examined still take their error-log lines, so later ones pair right.
      if (!chosen && !(options.errorLog && status >= 400)) continue;
      const parsed = toLogEntry(lineNumber, fieldsOf(format, match));
      if (!parsed.ok) {
        if (chosen) bad(lineNumber, parsed.reason, text);
        continue;
      }
      const entry = parsed.entry;
      const beforeSince = options.since !== undefined && entry.time !== undefined && entry.time.epochMs < options.since;
      if (!chosen || beforeSince) {
        if (beforeSince && chosen) counts.beforeSince++;
        options.errorLog?.account(entry);
        continue;
      }
      const { request, hostKnown } = replayedRequest(entry, options.writers, options.fallback);
      const replay = options.replayer.replay(request);
      const account: ServerAccount = options.errorLog ? options.errorLog.account(entry, replay.fsPath) : { kind: 'unknown' };
      counts.chosen++;
      if (account.kind === 'logged') errorLogMatched++;
      if (!hostKnown) counts.withoutHost++;
      const report = entryReport(entry, hostKnown ? request.host : null, replay, account, options.shownFile);
      counts[report.explanation === 'explained' ? 'explained' : report.explanation === 'cause-differs' ? 'causeDiffers' : 'notExplained']++;
      addToGroup(groups, report);
      const written = options.onEntry?.(report);
      if (written) await written;
    }
  }
  return { groups: orderGroups([...groups.values()]), counts, errorLogMatched };
}

function entryReport(entry: LogEntry, host: string | null, replay: Replay, account: ServerAccount, shownFile: (file: string) => string): EntryReport {
  const agrees = replay.status === entry.status;
  const serverCause = account.kind === 'logged' ? { cause: account.event.cause, errorLogLine: account.event.line } : account.kind === 'silent' ? { cause: account.cause, errorLogLine: null } : null;
  const explanation: Explanation = !agrees ? 'not-explained' : serverCause !== null && serverCause.cause !== replay.cause ? 'cause-differs' : 'explained';
  return {
    line: entry.line,
    time: entry.time ? new Date(entry.time.epochMs).toISOString() : null,
    clientIp: entry.clientIp ?? null,
    method: entry.method,
    path: entry.query === '' ? entry.path : `${entry.path}?${entry.query}`,
    host,
    status: entry.status,
    predicted: { status: replay.status, cause: replay.cause },
    agrees,
    decidedBy: replay.decidedBy ? { file: shownFile(replay.decidedBy.file), line: replay.decidedBy.line } : null,
    fsPath: replay.fsPath ?? null,
    fix: replay.fix ?? null,
    explanation,
    serverCause,
    denial: replay.denial ?? null,
    uncertain: replay.uncertain ?? [],
  };
}

function addToGroup(groups: Map<string, GroupReport>, entry: EntryReport): void {
  const serverCause = entry.explanation === 'cause-differs' ? (entry.serverCause?.cause ?? null) : null;
  const where: LineRef | null = entry.decidedBy;
  const key = [entry.explanation, entry.status, entry.predicted.status, entry.predicted.cause, serverCause, where ? `${where.file}:${where.line}` : ''].join('\0');
  const example = { line: entry.line, time: entry.time, clientIp: entry.clientIp, method: entry.method, host: entry.host, path: entry.path };
  const group = groups.get(key);
  if (group === undefined) {
    groups.set(key, {
      explanation: entry.explanation,
      status: entry.status,
      predicted: entry.predicted,
      serverCause,
      decidedBy: where,
      fsPath: entry.fsPath,
      denial: entry.denial,
      fix: entry.fix,
      uncertain: entry.uncertain,
      count: 1,
      firstTime: entry.time,
      lastTime: entry.time,
      examples: [example],
    });
    return;
  }
  group.count++;
  if (entry.time !== null) {
    // Logs are written in completion order, which is nearly but not exactly time order.
    if (group.firstTime === null || entry.time < group.firstTime) group.firstTime = entry.time;
    if (group.lastTime === null || entry.time > group.lastTime) group.lastTime = entry.time;
  }
  if (group.examples.length < EXAMPLES_PER_GROUP && !group.examples.some((e) => e.path === example.path && e.clientIp === example.clientIp)) group.examples.push(example);
}

/** What needs attention first: unexplained answers, then differing causes, each by count. */
function orderGroups(groups: GroupReport[]): GroupReport[] {
  const rank: Record<Explanation, number> = { 'not-explained': 0, 'cause-differs': 1, explained: 2 };
  return groups.sort((a, b) => rank[a.explanation] - rank[b.explanation] || b.count - a.count || (a.examples[0]?.line ?? 0) - (b.examples[0]?.line ?? 0));
}
