import { BUILTIN_FORMATS } from '../format/index.js';

/** `forbidlint --help`. */
export function lintHelp(commands: readonly { name: string; summary: string }[] = []): string {
  return `Usage: forbidlint [lint] [options] [paths...]
       forbidlint <command> [options]
       forbidlint logs <config> --access-log FILE   explain the 403s a server logged

Finds why nginx or Apache will answer 403 Forbidden, in the config and in the file modes.
A path is a config file, or a directory searched for nginx.conf, apache2.conf, httpd.conf,
.htaccess and site snippets. Without paths: the configuration's "servers", else ".".
${commands.length ? `\nCommands:\n${commands.map((c) => `  ${c.name.padEnd(10)}${c.summary}`).join('\n')}\n` : ''}
Configuration:
  -c, --config FILE                    use this configuration file, no search
      --rule 'ID: SEVERITY'            set a rule (off|warn|error, or a JSON [severity, options])
      --print-config FILE              print the configuration that applies to FILE
      --ignore-path FILE               skip configs matching the globs in FILE

Audited server:
      --root DIR                       the server's / is mounted at DIR; nothing outside is read
                                       (default: X for paths in a server copy X/etc/..., else /)
      --fs-listing FILE|-              file modes from a listing taken on the server (docs/filesystem.md)
      --fs-manifest FILE               file modes from a YAML/JSON tree manifest
      --snapshot FILE|-                the whole server from a snapshot (forbidlint snapshot)
      --no-fs                          check the configs only, not the files they serve
      --web-user USER[:GROUP]          the account the workers run as, instead of the config's
  -j, --jobs N|auto                    lint N of the configuration's "servers" at once (auto: one per core)

Input and output:
      --stdin                          lint standard input
      --stdin-filename NAME            the file name standard input stands for
  -f, --format NAME                    ${BUILTIN_FORMATS.join(', ')} (default: stylish)
  -o, --output-file FILE               write the report to FILE
      --color, --no-color              force colors on or off
      --quiet                          report errors only, no progress or per-server lines
      --max-warnings N                 exit 1 when there are more than N warnings
      --report-unused-disable-directives
                                       report forbidlint-disable comments that silence nothing
      --debug                          list the files discovery skipped (redis, supervisord, PHP-FPM...) and why
      --sarif-root DIR                 SARIF URIs relative to DIR (default: the git checkout's top)
      --sarif-fatal-rule ID            SARIF rule id of configs the server refuses to load
                                       (default: forbidlint/invalid-config)
  -h, --help                           show this help
  -v, --version                        print the version

Exit codes: 0 no errors, 1 errors (or too many warnings), 2 forbidlint could not run.
Colors follow FORCE_COLOR and NO_COLOR. CI use and installation: docs/ci.md.
`;
}
