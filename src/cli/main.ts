import { ConfigError } from '../config/errors.js';
import { EXIT_FAILURE } from './exit-codes.js';
import { CliError, type CliIo } from './io.js';

export type { CliIo } from './io.js';

/** A subcommand: loaded on demand, so `forbidlint --version` imports none of them. */
export interface Command {
  summary: string;
  run(): Promise<(argv: readonly string[], io: CliIo) => Promise<number>>;
}

/** Every subcommand; `lint` is the default when the first argument names none. */
export const COMMANDS: Readonly<Record<string, Command>> = {
  lint: { summary: 'lint configurations (the default)', run: async () => (await import('./lint-command.js')).lintCommand },
  rules: { summary: 'list the rules, their presets and documentation', run: async () => (await import('./rules-command.js')).rulesCommand },
  explain: { summary: 'predict the status and the logged cause of one request', run: async () => (await import('./explain-command.js')).explainCommand },
  logs: { summary: 'explain the 403s an access log holds: the deciding line or file mode of each', run: async () => (await import('./logs-command.js')).logsCommand },
  snapshot: { summary: 'print the sh command that captures a server for --snapshot (run it over ssh)', run: async () => (await import('./snapshot-command.js')).snapshotCommandCli },
  lsp: { summary: 'serve diagnostics and quick fixes to editors (Language Server Protocol over stdio)', run: async () => (await import('../lsp/lsp-command.js')).lspCommand },
};

/**
 * The whole command line as a function: returns the exit code instead of exiting, and writes
 * only through `io`. Problems of the input or the configuration are one line on stderr and
 * exit code 2, never a stack trace.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  const named = first !== undefined && Object.hasOwn(COMMANDS, first);
  const command = named ? (COMMANDS[first] as Command) : (COMMANDS['lint'] as Command);
  try {
    if (!named && (first === '--version' || first === '-v') && rest.length === 0) {
      const { VERSION } = await import('./version.js');
      io.stdout.write(`${VERSION}\n`);
      return 0;
    }
    if (!named && (first === '--help' || first === '-h') && rest.length === 0) {
      const { lintHelp } = await import('./help.js');
      io.stdout.write(lintHelp(Object.entries(COMMANDS).map(([name, c]) => ({ name, summary: c.summary }))));
      return 0;
    }
    const run = await command.run();
    return await run(named ? rest : argv, io);
  } catch (error) {
    io.stderr.write(`forbidlint: ${describeFailure(error)}\n`);
    return EXIT_FAILURE;
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof CliError || error instanceof ConfigError) return oneLine(error.message);
  const message = error instanceof Error ? error.message : String(error);
  return `internal error: ${oneLine(message)} (please report it)`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}
