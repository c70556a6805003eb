import { parseArgs } from 'node:util';
import { checkServerPath, snapshotCommand } from '../snapshot/command.js';
import { EXIT_OK } from './exit-codes.js';
import { CliError, type CliIo } from './io.js';
import { argumentError } from './lint-options.js';

const SNAPSHOT_OPTIONS = {
  nginx: { type: 'boolean' },
  apache: { type: 'boolean' },
  config: { type: 'string', multiple: true },
  tree: { type: 'string', multiple: true },
  prefix: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const HELP = `Usage: forbidlint snapshot [--nginx|--apache] [--config PATH]... [--tree DIR]... [--prefix DIR]

Prints a POSIX sh command that captures what an audit of a server needs into one stream:
  ssh web1 "$(forbidlint snapshot)" > web1.snap
  forbidlint --snapshot web1.snap

      --nginx, --apache     capture only that server's configuration (default: both, as present)
      --config PATH         also capture this configuration file or directory (server path)
      --tree DIR            a served tree the configs' root/DocumentRoot/Alias lines do not name
      --prefix DIR          the server's / is at DIR (a chroot or a container's root)
`;

/** `forbidlint snapshot`: prints the command, runs nothing. */
export async function snapshotCommandCli(argv: readonly string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: [...argv], options: SNAPSHOT_OPTIONS, strict: true }));
  } catch (error) {
    throw argumentError(error, SNAPSHOT_OPTIONS, 'forbidlint snapshot --help');
  }
  if (values.help) {
    io.stdout.write(HELP);
    return EXIT_OK;
  }
  for (const [option, paths] of [['--config', values.config ?? []], ['--tree', values.tree ?? []], ['--prefix', values.prefix === undefined ? [] : [values.prefix]]] as const) {
    for (const value of paths) {
      const problem = checkServerPath(value, option);
      if (problem !== undefined) throw new CliError(problem);
    }
  }
  io.stdout.write(
    snapshotCommand({
      ...(values.nginx ? { nginx: true } : {}),
      ...(values.apache ? { apache: true } : {}),
      ...(values.config ? { configs: values.config } : {}),
      ...(values.tree ? { trees: values.tree } : {}),
      ...(values.prefix !== undefined ? { prefix: values.prefix } : {}),
    }),
  );
  return EXIT_OK;
}
