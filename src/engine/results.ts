import type { SourceFile } from '../parse/ast.js';
import type { Finding, LintMessage, LintResult } from './events.js';
import type { Suppression } from './disable-comments.js';

/**
 * Gathers findings of every target into one result per file, ESLint's shape: files sorted by
 * path, messages by position then rule, duplicates (a snippet included by two configs) once.
 */
export class ResultCollector {
  /** `toHostPath` maps a server path to the path the user can open (under --root). */
  constructor(private readonly toHostPath: (file: string) => string = (file) => file) {}

  private readonly files = new Map<string, { source?: string; messages: Map<string, LintMessage>; suppressed: Map<string, LintResult['suppressedMessages'][number]> }>();

  addFiles(files: readonly SourceFile[]): void {
    for (const file of files) this.entry(this.toHostPath(file.file)).source ??= file.text;
  }

  add(findings: readonly Finding[], suppressed: readonly Suppression[] = []): void {
    for (const finding of findings) {
      const message = toMessage(finding, this.toHostPath);
      this.entry(this.toHostPath(finding.loc.file)).messages.set(messageKey(message), message);
    }
    for (const { finding, justification } of suppressed) {
      const message = toMessage(finding, this.toHostPath);
      this.entry(this.toHostPath(finding.loc.file)).suppressed.set(messageKey(message), { ...message, suppressions: [{ kind: 'directive', justification }] });
    }
  }

  results(): LintResult[] {
    return [...this.files.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([filePath, entry]) => {
        const messages = [...entry.messages.values()].sort(compareMessages);
        return {
          filePath,
          messages,
          suppressedMessages: [...entry.suppressed.values()].sort(compareMessages),
          ...countMessages(messages),
          ...(entry.source !== undefined ? { source: entry.source } : {}),
        };
      });
  }

  private entry(file: string) {
    let entry = this.files.get(file);
    if (!entry) {
      entry = { messages: new Map(), suppressed: new Map() };
      this.files.set(file, entry);
    }
    return entry;
  }
}

/** A finding as ESLint's message; config spans in related locations named as the user sees them. */
export function toMessage(finding: Finding, toHostPath: (file: string) => string = (file) => file): LintMessage {
  const { loc } = finding;
  return {
    ruleId: finding.ruleId,
    ...(finding.messageId !== undefined ? { messageId: finding.messageId } : {}),
    severity: finding.severity,
    message: finding.message,
    line: loc.line,
    column: loc.column,
    endLine: loc.endLine,
    endColumn: loc.endColumn,
    ...(finding.fatal ? { fatal: true as const } : {}),
    ...(finding.fix ? { fix: { line: finding.fix.loc.line, column: finding.fix.loc.column, endLine: finding.fix.loc.endLine, endColumn: finding.fix.loc.endColumn, text: finding.fix.text } } : {}),
    ...(finding.suggestions ? { suggestions: finding.suggestions } : {}),
    ...(finding.related ? { relatedLocations: finding.related.map((r) => (r.loc ? { ...r, loc: { ...r.loc, file: toHostPath(r.loc.file) } } : r)) } : {}),
    ...(finding.path !== undefined ? { fsPath: finding.path } : {}),
    ...(finding.claim ? { claim: { ...finding.claim, config: toHostPath(finding.claim.config) } } : {}),
  };
}

/** Same place, rule and text: one message. Rule ids hold no NUL, and the text comes last. */
function messageKey(m: LintMessage): string {
  return `${m.line}:${m.column}:${m.endLine}:${m.endColumn}\0${m.ruleId === null ? '\u0001' : m.ruleId}\0${m.message}`;
}

export function compareMessages(a: LintMessage, b: LintMessage): number {
  return (
    a.line - b.line ||
    a.column - b.column ||
    (a.ruleId ?? '').localeCompare(b.ruleId ?? '') ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

export function countMessages(messages: readonly LintMessage[]): Pick<LintResult, 'errorCount' | 'warningCount' | 'fatalErrorCount' | 'fixableErrorCount' | 'fixableWarningCount'> {
  const counts = { errorCount: 0, warningCount: 0, fatalErrorCount: 0, fixableErrorCount: 0, fixableWarningCount: 0 };
  for (const m of messages) {
    if (m.severity === 2) counts.errorCount++;
    else counts.warningCount++;
    if (m.fatal) counts.fatalErrorCount++;
    if (m.fix && m.severity === 2) counts.fixableErrorCount++;
    if (m.fix && m.severity === 1) counts.fixableWarningCount++;
  }
  return counts;
}
