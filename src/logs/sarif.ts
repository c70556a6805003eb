import type { LintMessage, LintResult } from '../engine/events.js';
import { sarif } from '../format/sarif.js';
import type { LogsReport } from './report.js';
import { groupHeadline } from './stylish.js';

/**
 * SARIF through the lint formatter: each group is one result at its deciding line, or at its
 * first line in the access log when no directive decided. A group the configuration does not
 * explain is an error; an explained one a warning, as the 403s it stands for were real.
 */
export function sarifLogsReport(report: LogsReport, accessLog: string, context: { cwd: string; version: string }): string {
  const byFile = new Map<string, LintMessage[]>();
  for (const group of report.groups) {
    const at = group.decidedBy ?? { file: accessLog, line: group.examples[0]?.line ?? 1 };
    const ruleId = group.explanation === 'explained' ? `logs/${group.predicted.cause ?? 'no-logged-cause'}` : `logs/${group.explanation}`;
    const fix = group.fix && group.explanation !== 'not-explained' ? ` Fix: ${group.fix}` : '';
    const message: LintMessage = {
      ruleId,
      severity: group.explanation === 'explained' ? 1 : 2,
      message: `${groupHeadline(group)}, e.g. line ${group.examples[0]?.line ?? '?'} of ${accessLog}.${fix}`,
      line: at.line,
      column: 1,
      endLine: at.line,
      endColumn: 1,
      ...(group.fsPath ? { fsPath: group.fsPath } : {}),
    };
    const messages = byFile.get(at.file);
    if (messages) messages.push(message);
    else byFile.set(at.file, [message]);
  }
  const results: LintResult[] = [...byFile].map(([filePath, messages]) => ({
    filePath,
    messages,
    suppressedMessages: [],
    errorCount: messages.filter((m) => m.severity === 2).length,
    warningCount: messages.filter((m) => m.severity === 1).length,
    fatalErrorCount: 0,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
  }));
  return sarif(results, { cwd: context.cwd, rules: new Map(), color: false, version: context.version });
}
