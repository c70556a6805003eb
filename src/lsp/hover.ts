import { MarkupKind, type Hover } from 'vscode-languageserver';
import type { LintMessage } from '../engine/events.js';
import type { DocumentLint } from './document-linter.js';

/** The findings under the cursor in Markdown: each message, its rule linked to its documentation, and the commands it suggests. */
export function hoverFor(lint: DocumentLint, messages: readonly LintMessage[]): Hover | null {
  if (lint.kind !== 'linted' || messages.length === 0) return null;
  const sections = messages.map((message) => {
    const url = message.ruleId !== null ? lint.rules.get(message.ruleId)?.meta.docs.url : undefined;
    const title = message.ruleId === null ? '**forbidlint**' : url !== undefined ? `**forbidlint** [${message.ruleId}](${url})` : `**forbidlint** ${message.ruleId}`;
    const commands = (message.suggestions ?? []).flatMap((s) => (s.command !== undefined ? [`- ${escapeMarkdown(s.desc)}: \`${s.command}\``] : []));
    return [title, escapeMarkdown(message.message), ...(commands.length ? [commands.join('\n')] : [])].join('\n\n');
  });
  return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') } };
}

/** Messages quote config text (`*`, `_`, `<Directory>`); Markdown must show it as written. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\*_[\]<>#|]/g, '\\$&');
}
