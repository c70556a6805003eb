import type { GroupExample, GroupReport, LogsReport } from './report.js';

/**
 * The terminal report: one block per group, the ones that need attention first, then a
 * summary line. A log with 100,000 403s reads as the handful of causes behind them.
 */
export function stylishLogsReport(report: LogsReport, shown: (file: string) => string): string {
  const { summary } = report;
  const out: string[] = [];
  const statuses = summary.statuses.join(', ');
  const where = summary.format.declaredAt ? ` of ${shown(summary.format.declaredAt.file)}:${summary.format.declaredAt.line}` : '';
  out.push(`${summary.accessLog}: ${summary.lines} lines in the "${summary.format.name}" format${where}; ${summary.chosen} with status ${statuses}`);
  for (const group of report.groups) out.push('', ...groupBlock(group, shown));
  out.push('', summaryLine(report));
  if (summary.badLines > 0) {
    out.push(`${summary.badLines} bad line${summary.badLines === 1 ? '' : 's'}:`);
    for (const bad of summary.badLineExamples) out.push(`  line ${bad.line}: ${bad.reason}: ${bad.text}`);
  }
  if (summary.withoutHost > 0) out.push(`${summary.withoutHost} requests were replayed on the default server: the log names no host, give one with --host`);
  return `${out.join('\n')}\n`;
}

/** The first line of a group: what happened, how often, and whether the configuration accounts for it. */
export function groupHeadline(group: GroupReport): string {
  const times = `${group.count}×`;
  const answer = `${group.predicted.status}${group.predicted.cause !== null ? ` ${group.predicted.cause}` : ''}`;
  switch (group.explanation) {
    case 'not-explained':
      return `${times} ${group.status} not explained by the configuration: it answers ${answer} (the application, a WAF or a proxy in front answered ${group.status})`;
    case 'cause-differs':
      return `${times} ${group.status}: the error log says ${group.serverCause ?? 'nothing with a cause'}, the configuration explains it as ${group.predicted.cause ?? 'an answer without a logged cause'}`;
    case 'explained':
      return `${times} ${answer}`;
  }
}

function groupBlock(group: GroupReport, shown: (file: string) => string): string[] {
  const lines = [groupHeadline(group)];
  if (group.decidedBy) lines.push(`  decided at ${shown(group.decidedBy.file)}:${group.decidedBy.line}`);
  if (group.denial) {
    const d = group.denial;
    lines.push(`  ${d.path} is ${d.mode} ${d.owner}:${d.group}: ${d.webUser} cannot ${d.need} it`);
  } else if (group.fsPath) {
    lines.push(`  path ${group.fsPath}`);
  }
  if (group.fix && group.explanation !== 'not-explained') lines.push(`  fix: ${group.fix}`);
  if (group.uncertain.length > 0) lines.push(`  guessed: ${group.uncertain.join('; ')}`);
  if (group.firstTime) lines.push(`  first ${group.firstTime}, last ${group.lastTime}`);
  for (const example of group.examples) lines.push(`  line ${example.line}: ${describeRequest(example)}`);
  return lines;
}

function describeRequest(example: GroupExample): string {
  return `${example.method} ${example.host ?? ''}${example.path}${example.clientIp ? ` from ${example.clientIp}` : ''}`;
}

function summaryLine(report: LogsReport): string {
  const s = report.summary;
  const parts = [`${s.explained} explained`];
  if (s.causeDiffers > 0) parts.push(`${s.causeDiffers} with another cause in the error log`);
  if (s.notExplained > 0) parts.push(`${s.notExplained} not explained by the configuration`);
  const errorLog = s.errorLog ? `; ${s.errorLog.matched} matched in ${s.errorLog.file}` : '';
  const since = s.beforeSince > 0 ? `; ${s.beforeSince} before --since left out` : '';
  return `${s.chosen} entries: ${parts.join(', ')} (${s.distinctRequests} distinct requests simulated${errorLog}${since})`;
}
