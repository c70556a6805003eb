import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation, type Range } from 'vscode-languageserver';
import type { LintMessage } from '../engine/events.js';
import type { DocumentLint, DocumentSnapshot, LintedDocument } from './document-linter.js';
import { rangesMeet, toRange } from './positions.js';

export const DIAGNOSTIC_SOURCE = 'forbidlint';

/** The URI of a file as the user sees it (under the project's root); the document keeps the URI the editor gave. */
export type UriOf = (hostPath: string) => string;

export function uriMapper(document: DocumentSnapshot): UriOf {
  return (hostPath) => (hostPath === document.file ? document.uri : pathToFileURL(hostPath).href);
}

/** The diagnostics to publish for a lint; an unusable configuration is one error at the top of the document. */
export function diagnosticsOf(document: DocumentSnapshot, lint: DocumentLint): Diagnostic[] {
  switch (lint.kind) {
    case 'ignored':
      return [];
    case 'unusable':
      return [{ range: toRange({ line: 1, column: 1, endLine: 1, endColumn: 1 }), severity: DiagnosticSeverity.Error, source: DIAGNOSTIC_SOURCE, message: `forbidlint cannot lint this file: ${lint.message}` }];
    case 'linted': {
      const diagnostics = lint.messages.map((message) => toDiagnostic(message, lint, uriMapper(document)));
      return lint.assumed === undefined ? diagnostics : [assumedContextNote(lint.assumed), ...diagnostics];
    }
  }
}

/**
 * Said once, at the top of a document no main configuration of the project reads: the context
 * it was linted in, and how to give the real one.
 */
function assumedContextNote(description: string): Diagnostic {
  return {
    range: toRange({ line: 1, column: 1, endLine: 1, endColumn: 1 }),
    severity: DiagnosticSeverity.Information,
    source: DIAGNOSTIC_SOURCE,
    message: `No main configuration of the project reads this file: linted ${description}. Open or name the main configuration (.forbidlintrc "servers") to use the real context.`,
  };
}

/** The diagnostics of the other files of the document's configuration, by URI. */
export function otherFilesDiagnostics(document: DocumentSnapshot, lint: DocumentLint): Map<string, Diagnostic[]> {
  const found = new Map<string, Diagnostic[]>();
  if (lint.kind !== 'linted') return found;
  const uriOf = uriMapper(document);
  for (const [file, messages] of lint.others) found.set(uriOf(file), messages.map((message) => toDiagnostic(message, lint, uriOf)));
  return found;
}

/**
 * One finding as an LSP diagnostic. Shell commands of suggestions cannot be code actions (an
 * action edits text or calls the server, it never runs a shell), so they are part of the message.
 */
export function toDiagnostic(message: LintMessage, lint: LintedDocument, uriOf: UriOf): Diagnostic {
  const url = message.ruleId !== null ? lint.rules.get(message.ruleId)?.meta.docs.url : undefined;
  const related = (message.relatedLocations ?? []).map(
    (location): DiagnosticRelatedInformation => ({
      message: location.message,
      // Related config spans name files as the user sees them already; a related path is the audited server's.
      location: location.loc ? { uri: uriOf(location.loc.file), range: toRange(location.loc) } : { uri: uriOf(lint.toHostPath(location.path)), range: toRange({ line: 1, column: 1, endLine: 1, endColumn: 1 }) },
    }),
  );
  return {
    range: toRange(message),
    severity: message.severity === 2 ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    source: DIAGNOSTIC_SOURCE,
    message: [message.message, ...commandLines(message)].join('\n'),
    ...(message.ruleId !== null ? { code: message.ruleId } : {}),
    ...(url !== undefined ? { codeDescription: { href: url } } : {}),
    ...(related.length ? { relatedInformation: related } : {}),
  };
}

/** `desc: command` for each suggestion the user runs in a shell. */
export function commandLines(message: LintMessage): string[] {
  return (message.suggestions ?? []).flatMap((suggestion) => (suggestion.command !== undefined ? [`${suggestion.desc}: ${suggestion.command}`] : []));
}

/** The findings of a lint whose range meets `range`, for code actions and hovers. */
export function messagesMeeting(lint: DocumentLint | undefined, range: Range): LintMessage[] {
  if (lint?.kind !== 'linted') return [];
  return lint.messages.filter((message) => rangesMeet(toRange(message), range));
}
