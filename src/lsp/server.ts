import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SEARCH_PLACES } from '../config/discover.js';
import pkg from '../../package.json' with { type: 'json' };
import { codeActionsFor } from './code-actions.js';
import { diagnosticsOf, messagesMeeting, otherFilesDiagnostics } from './diagnostics.js';
import { DocumentLinter, stringList, type DocumentSnapshot } from './document-linter.js';
import { hoverFor } from './hover.js';
import { LintScheduler } from './lint-scheduler.js';

/** How long edits must pause before the filesystem pass starts, unless the client says otherwise. */
export const DEFAULT_WALK_DELAY_MS = 300;

/** What a client may pass in `initializationOptions`. */
export interface InitializationOptions {
  /** Globs of more documents to lint, relative to the workspace folder. */
  filePatterns: string[];
  /** The pause in milliseconds before the filesystem pass. */
  walkDelay: number;
}

/** The options a client passed, each one ignored unless it has the right type: editors' settings are hand-written. */
export function readInitializationOptions(value: unknown): InitializationOptions {
  const options = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const walkDelay = options['walkDelay'];
  return {
    filePatterns: stringList(options['filePatterns']),
    walkDelay: typeof walkDelay === 'number' && Number.isFinite(walkDelay) && walkDelay >= 0 ? walkDelay : DEFAULT_WALK_DELAY_MS,
  };
}

/**
 * Serves diagnostics, quick fixes and hovers for nginx and Apache documents over `connection`.
 * Failures inside a lint are logged to the client (window/logMessage), never thrown at it.
 */
export function startLanguageServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  let scheduler: LintScheduler | undefined;
  let linter: DocumentLinter | undefined;
  let watchConfigs = false;
  /** The other files each document's last lint published diagnostics for, by the document's URI. */
  const publishedOthers = new Map<string, Set<string>>();
  /** What was last sent for each URI: as sent, or the diagnostics themselves until a comparison needs them as text. */
  const sent = new Map<string, string | Diagnostic[]>();
  const send = (uri: string, diagnostics: Diagnostic[], version?: number): void => {
    if (version !== undefined) {
      // A document's own diagnostics carry its version and always go out.
      sent.set(uri, diagnostics);
    } else {
      // An included file keeps its findings through most keystrokes elsewhere: sending them again costs both ends a parse.
      const text = JSON.stringify(diagnostics);
      const last = sent.get(uri);
      if ((typeof last === 'string' ? last : JSON.stringify(last)) === text) return;
      sent.set(uri, text);
    }
    void connection.sendDiagnostics({ uri, ...(version !== undefined ? { version } : {}), diagnostics });
  };
  const clearOthers = (uri: string, keep: ReadonlySet<string> = new Set()): void => {
    for (const other of publishedOthers.get(uri) ?? []) if (!keep.has(other)) send(other, []);
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const options = readInitializationOptions(params.initializationOptions);
    linter = new DocumentLinter({ cwd: workspaceDir(params), clientPatterns: options.filePatterns, openBuffers: () => openBuffers(documents) });
    scheduler = new LintScheduler(
      linter,
      {
        publish: (document, lint) => {
          // Every file of the document's configuration, so an include's findings show where they are;
          // the document's own last, so a client that waits for its version has all of them.
          const others = otherFilesDiagnostics(document, lint);
          for (const [uri, diagnostics] of others) send(uri, diagnostics);
          const now = new Set(others.keys());
          clearOthers(document.uri, now);
          publishedOthers.set(document.uri, now);
          send(document.uri, diagnosticsOf(document, lint), document.version);
        },
        walkStarted: async (document) => {
          try {
            const progress = await connection.window.createWorkDoneProgress();
            progress.begin('forbidlint', undefined, `checking the files ${path.basename(document.file)} serves`);
            return () => progress.done();
          } catch {
            // A client that refuses the progress token still gets the diagnostics.
            return () => undefined;
          }
        },
        log: (message) => connection.console.log(message),
        error: (message) => connection.console.error(message),
      },
      options.walkDelay,
    );
    watchConfigs = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        hoverProvider: true,
      },
      serverInfo: { name: 'forbidlint', version: pkg.version },
    };
  });

  connection.onInitialized(() => {
    if (!watchConfigs) return;
    void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: `**/{${SEARCH_PLACES.join(',')}}` }] });
  });

  const relintAll = (): void => {
    linter?.reloadConfigs();
    scheduler?.relintAll();
  };
  connection.onDidChangeWatchedFiles(relintAll);

  documents.onDidChangeContent(({ document }) => {
    const snapshot = snapshotOf(document);
    if (snapshot) scheduler?.schedule(snapshot);
  });
  documents.onDidSave(({ document }) => {
    if (isConfigFile(document.uri)) relintAll();
  });
  documents.onDidClose(({ document }) => {
    scheduler?.forget(document.uri);
    sent.set(document.uri, '[]');
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    clearOthers(document.uri);
    publishedOthers.delete(document.uri);
  });

  connection.onCodeAction(({ textDocument, range, context }) => {
    const latest = scheduler?.latest(textDocument.uri);
    const wanted = context.only === undefined || context.only.some((kind) => CodeActionKind.QuickFix === kind || CodeActionKind.QuickFix.startsWith(`${kind}.`));
    return latest && wanted ? codeActionsFor(latest.snapshot, latest.lint, messagesMeeting(latest.lint, range)) : [];
  });
  connection.onHover(({ textDocument, position }) => {
    const latest = scheduler?.latest(textDocument.uri);
    return latest ? hoverFor(latest.lint, messagesMeeting(latest.lint, { start: position, end: position })) : null;
  });

  documents.listen(connection);
  connection.listen();
}

/** The open documents' texts by host path: an include open in the editor is read as it is there. */
function openBuffers(documents: TextDocuments<TextDocument>): Map<string, string> {
  const buffers = new Map<string, string>();
  for (const document of documents.all()) if (document.uri.startsWith('file:')) buffers.set(fileURLToPath(document.uri), document.getText());
  return buffers;
}

/** Documents on disk only: includes and configuration are found from the document's directory. */
function snapshotOf(document: TextDocument): DocumentSnapshot | undefined {
  if (!document.uri.startsWith('file:')) return undefined;
  return { uri: document.uri, file: fileURLToPath(document.uri), languageId: document.languageId, version: document.version, text: document.getText() };
}

function isConfigFile(uri: string): boolean {
  return uri.startsWith('file:') && SEARCH_PLACES.includes(path.basename(fileURLToPath(uri)));
}

function workspaceDir(params: InitializeParams): string {
  const uri = params.workspaceFolders?.[0]?.uri ?? params.rootUri;
  return uri?.startsWith('file:') ? fileURLToPath(uri) : process.cwd();
}
