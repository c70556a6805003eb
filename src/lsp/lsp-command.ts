import { Console } from 'node:console';
import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node.js';
import { InputError } from '../session/errors.js';
import { startLanguageServer } from './server.js';

const USAGE = `Usage: forbidlint lsp [--stdio]

Runs the forbidlint language server on standard input and output: diagnostics for nginx and
Apache documents as they are edited, quick fixes and hovers. Editors start it themselves; see
docs/editors.md for VS Code, Neovim, Vim (ALE), Emacs (eglot) and Helix.
`;

/** The process status when the message stream cannot be read any further. */
const EXIT_PROTOCOL_ERROR = 2;
/**
 * The reader's errors that lose the message boundaries: a header without a usable
 * Content-Length. What follows it is a body read as headers, so no later message can be
 * found again (a body that is not JSON is only that message's problem, and is answered).
 */
const FRAMING_ERROR = /Content-Length/;

/**
 * `forbidlint lsp [--stdio]`: a language server on standard input and output (clients pass
 * `--stdio` by habit; it is the only transport). The returned promise never settles:
 * vscode-languageserver ends the process on the protocol's `exit` (status 0 after `shutdown`,
 * 1 without) or when standard input closes; a stream that lost its framing ends it with a
 * message on stderr (status 2), so the editor sees a stopped server and can restart it,
 * instead of one that silently hears nothing more.
 */
export function lspCommand(argv: readonly string[], io: { stdout: { write(text: string): unknown } }): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(USAGE);
    return Promise.resolve(0);
  }
  const unknown = argv.find((arg) => arg !== '--stdio');
  if (unknown !== undefined) return Promise.reject(new InputError(`lsp: unknown argument ${unknown}: the server speaks LSP over standard input and output only`));
  // Standard output carries the protocol: a plugin's stray console.log must not corrupt it.
  globalThis.console = new Console({ stdout: process.stderr, stderr: process.stderr });
  const reader = new StreamMessageReader(process.stdin);
  reader.onError((error) => {
    if (!FRAMING_ERROR.test(error.message)) return;
    process.stderr.write(`forbidlint lsp: unreadable message header (${error.message.split('\n')[0]}): the stream has lost its message boundaries; exiting\n`);
    process.exit(EXIT_PROTOCOL_ERROR);
  });
  const connection = createConnection(ProposedFeatures.all, reader, new StreamMessageWriter(process.stdout));
  // The server outlives any one request: a failure outside a lint is logged to the editor, not fatal.
  const report = (error: unknown) => connection.console.error(`forbidlint: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.on('uncaughtException', report);
  process.on('unhandledRejection', report);
  startLanguageServer(connection);
  return new Promise<number>(() => undefined);
}
