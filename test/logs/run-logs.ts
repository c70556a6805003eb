import { existsSync, readFileSync } from 'node:fs';
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
 * What decides an entry, by cause: a directive whose line matches, the mode of a component of
 * the served path (named with its owner and the web user), or a file that does not exist.
 */
export type Decider = RegExp | 'file-mode' | 'missing-file';

/**
 * Every examined entry agrees with the server: the same status, the cause the server's error
 * log shows, and what decided it of the kind `deciders` names for that cause.
 */
export function expectEveryEntryExplained(run: LogsRun, deciders: Readonly<Record<string, Decider>>): void {
  expect(run.report.entries.length).toBeGreaterThan(0);
  for (const entry of run.report.entries) {
    const where = `line ${entry.line} (${entry.method} ${entry.host ?? ''}${entry.path} from ${entry.clientIp}, ${entry.status})`;
    expect(entry.explanation, where).toBe('explained');
    expect(entry.agrees, where).toBe(true);
    expect(entry.predicted.status, where).toBe(entry.status);
    expect(entry.serverCause, where).not.toBeNull();
    expect(entry.predicted.cause, where).toBe(entry.serverCause?.cause);
    const decider = deciders[String(entry.predicted.cause)];
    expect(decider, `what decides ${entry.predicted.cause}`).toBeDefined();
    if (decider instanceof RegExp) {
      expect(entry.decidedBy, where).not.toBeNull();
      if (entry.decidedBy) expect(lineOf(entry.decidedBy.file, entry.decidedBy.line), where).toMatch(decider);
    } else if (decider === 'file-mode') {
      expect(entry.denial, where).not.toBeNull();
      expect(`${entry.fsPath}/`.startsWith(`${entry.denial?.path}/`) || entry.fsPath?.startsWith(`${entry.denial?.path}`), where).toBe(true);
      expect(entry.denial?.webUser, where).toBe('www-data');
    } else {
      expect(entry.fsPath, where).not.toBeNull();
      expect(existsSync(entry.fsPath ?? ''), where).toBe(false);
    }
  }
  expect(run.report.summary.badLines).toBe(0);
  expect(run.code).toBe(0);
}
