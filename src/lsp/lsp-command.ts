import { Console } from 'node:console';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { EXIT_OK } from '../cli/exit-codes.js';
import { CliError, type CliIo } from '../cli/io.js';
import { startLanguageServer } from './server.js';

const USAGE = `Usage: forbidlint lsp [--stdio]

Runs the forbidlint language server on standard input and output: diagnostics for nginx and
Apache documents as they are edited, quick fixes and hovers. Editors start it themselves; see
docs/editors.md for VS Code, Neovim, Helix and ALE.
`;

/**
 * `forbidlint lsp [--stdio]`: a language server on standard input and output (clients pass
 * `--stdio` by habit; it is the only transport). The returned promise never settles:
 * vscode-languageserver ends the process on the protocol's `exit` (status 0 after `shutdown`,
 * 1 without) or when standard input closes.
 */
export function lspCommand(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(USAGE);
    return Promise.resolve(EXIT_OK);
  }
  const unknown = argv.find((arg) => arg !== '--stdio');
  if (unknown !== undefined) return Promise.reject(new CliError(`lsp: unknown argument ${unknown}: the server speaks LSP over standard input and output only`));
  // Standard output carries the protocol: a plugin's stray console.log must not corrupt it.
  globalThis.console = new Console({ stdout: process.stderr, stderr: process.stderr });
  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  // The server outlives any one request: a failure outside a lint is logged to the editor, not fatal.
  const report = (error: unknown) => connection.console.error(`forbidlint: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.on('uncaughtException', report);
  process.on('unhandledRejection', report);
  startLanguageServer(connection);
  return new Promise<number>(() => undefined);
}
