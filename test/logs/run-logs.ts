import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { EntryReport, LogsReport } from '../../src/logs/report.js';
import { runCli } from '../cli/run-cli.js';

export interface LogsRun {
  code: number;
  report: LogsReport & { entries: EntryReport[] };
  stderr: string;
}

/** `forbidlint logs ... --format json`, in-process, with the JSON report parsed. */
export async function runLogs(args: readonly string[], options: { cwd: string; stdin?: string }): Promise<LogsRun> {
  const run = await runCli(['logs', ...args, '--format', 'json'], options);
  let report: LogsRun['report'];
  try {
    report = JSON.parse(run.stdout) as LogsRun['report'];
  } catch {
    throw new Error(`forbidlint logs exited ${run.code} without a JSON report: ${run.stderr}${run.stdout}`);
  }
  return { code: run.code, report, stderr: run.stderr };
}

/** The text of `file` at 1-based `line`, to check what kind of directive decided. */
export function lineOf(file: string, line: number): string {
  return readFileSync(file, 'utf8').split('\n')[line - 1] ?? '';
}

/**
 * Every examined entry agrees with the server: the same status, the cause the server's error
 * log shows, and a deciding line of the kind `decidingLine` names for that cause.
 */
export function expectEveryEntryExplained(run: LogsRun, decidingLine: Readonly<Record<string, RegExp>>): void {
  expect(run.report.entries.length).toBeGreaterThan(0);
  for (const entry of run.report.entries) {
    const where = `line ${entry.line} (${entry.method} ${entry.host ?? ''}${entry.path} from ${entry.clientIp}, ${entry.status})`;
    expect(entry.explanation, where).toBe('explained');
    expect(entry.agrees, where).toBe(true);
    expect(entry.predicted.status, where).toBe(entry.status);
    expect(entry.serverCause, where).not.toBeNull();
    expect(entry.predicted.cause, where).toBe(entry.serverCause?.cause);
    const pattern = decidingLine[String(entry.predicted.cause)];
    expect(pattern, `a deciding-line pattern for ${entry.predicted.cause}`).toBeDefined();
    expect(entry.decidedBy, where).not.toBeNull();
    if (entry.decidedBy && pattern) expect(lineOf(entry.decidedBy.file, entry.decidedBy.line), where).toMatch(pattern);
  }
  expect(run.report.summary.badLines).toBe(0);
  expect(run.code).toBe(0);
}
