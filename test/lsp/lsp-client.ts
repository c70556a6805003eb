import { spawn, type ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  InitializeRequest,
  InitializedNotification,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  ExitNotification,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgress,
  WorkDoneProgressCreateRequest,
  type ClientCapabilities,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node.js';

/** Messages the server sent, kept until a test takes the one it waits for. */
export class Inbox<T> {
  private readonly items: T[] = [];
  private readonly waiters: { matches(item: T): boolean; resolve(item: T): void }[] = [];

  push(item: T): void {
    const waiter = this.waiters.findIndex((w) => w.matches(item));
    if (waiter >= 0) this.waiters.splice(waiter, 1)[0]?.resolve(item);
    else this.items.push(item);
  }

  /** The first message, received or to come, that `matches`; it is taken out of the inbox. */
  take(matches: (item: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
    const index = this.items.findIndex(matches);
    if (index >= 0) return Promise.resolve(this.items.splice(index, 1)[0] as T);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${what} within ${timeoutMs} ms; received: ${JSON.stringify(this.items).slice(0, 2000)}`)), timeoutMs);
      this.waiters.push({ matches, resolve: (item) => (clearTimeout(timer), resolve(item)) });
    });
  }

  /** Everything received and not taken. */
  pending(): readonly T[] {
    return this.items;
  }
}

export interface LspSession {
  connection: ProtocolConnection;
  diagnostics: Inbox<PublishDiagnosticsParams>;
  logs: Inbox<string>;
  /** `$/progress` values, in order. */
  progress: Inbox<{ kind: string; message?: string }>;
  /** shutdown, exit, and the server's exit status. */
  stop(): Promise<number | null>;
  child: ChildProcess;
}

/** Starts `node <bin> lsp --stdio` in `workspace` and runs the initialize handshake. */
export async function startSession(bin: string, workspace: string, initializationOptions: object = {}): Promise<LspSession> {
  const child = spawn(process.execPath, [bin, 'lsp', '--stdio'], { cwd: workspace, stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const session: LspSession = {
    connection,
    child,
    diagnostics: new Inbox(),
    logs: new Inbox(),
    progress: new Inbox(),
    async stop() {
      await connection.sendRequest(ShutdownRequest.type);
      await connection.sendNotification(ExitNotification.type);
      const code = await exited;
      connection.dispose();
      return code;
    },
  };
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => session.diagnostics.push(params));
  connection.onNotification(LogMessageNotification.type, (params) => session.logs.push(params.message));
  connection.onRequest(WorkDoneProgressCreateRequest.type, ({ token }) => {
    connection.onProgress(WorkDoneProgress.type, token, (value) => session.progress.push(value));
    return null;
  });
  connection.listen();
  const capabilities: ClientCapabilities = {
    window: { workDoneProgress: true },
    workspace: { didChangeWatchedFiles: { dynamicRegistration: false } },
    textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true } },
  };
  // A server that dies before answering (a missing build, a crash at start) fails the test at
  // once with what it printed, instead of leaving every test to its timeout.
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    if (stderr.length < 4000) stderr += String(chunk);
  });
  const diedFirst = exited.then((code) => {
    throw new Error(`the language server exited with ${code} before answering initialize:\n${stderr}`);
  });
  await Promise.race([connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: pathToFileURL(workspace).href, capabilities, initializationOptions, workspaceFolders: null }), diedFirst]);
  diedFirst.catch(() => undefined);
  await connection.sendNotification(InitializedNotification.type, {});
  return session;
}
