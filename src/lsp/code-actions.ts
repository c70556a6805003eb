import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit as LspTextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { LintMessage } from '../engine/events.js';
import type { TextEdit } from '../engine/rule.js';
import type { DocumentLint, DocumentSnapshot } from './document-linter.js';
import { toDiagnostic, uriMapper, type UriOf } from './diagnostics.js';
import { toRange } from './positions.js';

/**
 * Quick fixes for the findings of `lint` among `messages`: the rule's own fix, each suggested
 * config edit, and a `# forbidlint-disable-next-line <rule>` comment above the finding's line,
 * indented like it. Both dialects take that comment on a line of its own.
 */
export function codeActionsFor(document: DocumentSnapshot, lint: DocumentLint, messages: readonly LintMessage[]): CodeAction[] {
  if (lint.kind !== 'linted') return [];
  const uriOf = uriMapper(document);
  const actions: CodeAction[] = [];
  const disabled = new Set<string>();
  for (const message of messages) {
    const diagnostic = toDiagnostic(message, lint, uriOf);
    if (message.fix) {
      const { text, ...span } = message.fix;
      actions.push({ title: `Fix this ${message.ruleId ?? 'forbidlint'} problem`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true, edit: { changes: { [document.uri]: [{ range: toRange(span), newText: text }] } } });
    }
    for (const suggestion of message.suggestions ?? []) {
      if (suggestion.fix) actions.push({ title: suggestion.desc, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: workspaceEdit(suggestion.fix, (file) => uriOf(lint.toHostPath(file))) });
    }
    const key = `${message.ruleId}:${message.line}`;
    if (message.ruleId !== null && !disabled.has(key)) {
      disabled.add(key);
      actions.push(disableNextLine(document, message.ruleId, message.line, diagnostic));
    }
  }
  return actions;
}

/** A suggestion's edit names its file by server path. */
function workspaceEdit(fix: TextEdit, uriOfServerPath: UriOf): WorkspaceEdit {
  return { changes: { [uriOfServerPath(fix.loc.file)]: [{ range: toRange(fix.loc), newText: fix.text }] } };
}

function disableNextLine(document: DocumentSnapshot, ruleId: string, line: number, diagnostic: Diagnostic): CodeAction {
  const lines = document.text.split('\n');
  const text = lines[line - 1] ?? '';
  const indent = /^[ \t]*/.exec(text)?.[0] ?? '';
  const eol = text.endsWith('\r') ? '\r\n' : '\n';
  const insert: LspTextEdit = { range: toRange({ line, column: 1, endLine: line, endColumn: 1 }), newText: `${indent}# forbidlint-disable-next-line ${ruleId}${eol}` };
  return { title: `Disable ${ruleId} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { changes: { [document.uri]: [insert] } } };
}
