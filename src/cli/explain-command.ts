import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { escapeControlChars } from '../format/control-chars.js';
import { regexBudgetDiagnostics } from '../regex/sites.js';
import { takeExhaustedRegexes } from '../regex/uncertainty.js';
import { createSimulator } from '../simulate/index.js';
import { parseRequestUrl, type HttpRequest, type Verdict } from '../simulate/types.js';
import { CliError, type CliIo } from './io.js';
import { argumentError, parseWebUser } from './lint-options.js';
import { hostPathOf, loadServerConfig, openServerView, snapshotMainConfig } from './server-config.js';

const EXPLAIN_OPTIONS = {
  'client-ip': { type: 'string' },
  method: { type: 'string', short: 'X' },
  header: { type: 'string', short: 'H', multiple: true },
  root: { type: 'string' },
  'fs-listing': { type: 'string' },
  'fs-manifest': { type: 'string' },
  snapshot: { type: 'string' },
  'web-user': { type: 'string' },
  format: { type: 'string', short: 'f' },
  help: { type: 'boolean', short: 'h' },
} as const;

const HELP = `Usage: forbidlint explain <config-file> <url> [options]

Predicts what the server configured by <config-file> answers for <url>, and why: the status,
the cause its error log would show (an AH code for Apache, e.g. directory-index-forbidden for
nginx), and the chain of config lines and path checks that decided it. Host and port of the
URL select the server block or virtual host as the server would.

Options:
  --client-ip IP         source address of the request (default 127.0.0.1)
  -X, --method METHOD    request method (default GET)
  -H, --header 'NAME: VALUE'  a request header, as curl sends it (repeatable); a Host header
                         names the site while the URL's host is the address connected to
  --root DIR             the audited server's / is mounted here; every path resolves inside it
                         (default: X for a config in a server copy X/etc/..., else this machine)
  --fs-listing FILE|-    modes and owners from a find -printf listing taken on the server
  --fs-manifest FILE     modes and owners from a tree manifest
  --snapshot FILE|-      the whole server from a snapshot (forbidlint snapshot); name the
                         config as the server sees it (/etc/nginx/nginx.conf), or leave it
                         out when the snapshot holds one server configuration
  --web-user USER[:GROUP]  the account the server runs as, instead of the config's
  -f, --format text|json   output format (default text)

Exit codes: 0 the request would succeed (2xx/3xx), 1 it would fail (4xx/5xx), 2 explain could not run.
`;

/** `forbidlint explain <config> <url>`: one request, simulated against the audited server. */
export async function explainCommand(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: EXPLAIN_OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw argumentError(error, EXPLAIN_OPTIONS, 'forbidlint explain --help');
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  // A snapshot holding one server configuration needs no config argument, as with lint.
  const [configArg, url, ...extra] = values.snapshot !== undefined && positionals.length === 1 ? [undefined, ...positionals] : positionals;
  if ((configArg === undefined && values.snapshot === undefined) || url === undefined || extra.length > 0) throw new CliError('explain takes a config file and a URL (see forbidlint explain --help)');
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new CliError(`--format for explain is text or json, not "${format}"`);

  const request = withHeaders(parseUrl(url, values.method, values['client-ip']), values.header ?? []);
  const view = await openServerView(configArg, values, io);
  const config = loadServerConfig(configArg ?? snapshotMainConfig(view), view, io);
  const hostPath = (file: string): string => hostPathOf(file, view.root);
  const webUser = values['web-user'] !== undefined ? parseWebUser(values['web-user'], '--web-user') : undefined;
  const simulator = createSimulator(config, { fs: view.auditFs, users: view.users, ...(webUser ? { webUser } : {}) });
  takeExhaustedRegexes();
  const verdict = simulator.explain(request);
  for (const d of regexBudgetDiagnostics(config, takeExhaustedRegexes())) io.stderr.write(escapeControlChars(`${relativeToCwd(hostPath(d.loc.file), io.cwd)}:${d.loc.line}:${d.loc.column}: warning: ${d.message}`) + '\n');
  io.stdout.write(
    format === 'json'
      ? `${JSON.stringify(toJson(verdict, hostPath), null, 2)}\n`
      : formatStory(request, verdict, config.dialect, (file) => relativeToCwd(hostPath(file), io.cwd)),
  );
  return verdict.status >= 400 ? 1 : 0;
}

/** The story names files the way a terminal user can open them: relative when under the working directory. */
function relativeToCwd(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

function parseUrl(url: string, method: string | undefined, clientIp: string | undefined): HttpRequest {
  if (!/^https?:\/\//i.test(url)) throw new CliError(`"${url}" is not an http:// or https:// URL`);
  try {
    return parseRequestUrl(url, { ...(method ? { method } : {}), ...(clientIp ? { clientIp } : {}) });
  } catch {
    throw new CliError(`"${url}" is not a valid URL`);
  }
}

/** `-H 'Name: value'`, as curl takes it. */
function withHeaders(request: HttpRequest, lines: readonly string[]): HttpRequest {
  if (lines.length === 0) return request;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const match = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):\s*(.*?)\s*$/.exec(line);
    if (!match) throw new CliError(`--header "${line}" is not a "Name: value" header`);
    // A Host header's name is written as the simulators look it up.
    headers[(match[1] as string).toLowerCase() === 'host' ? 'Host' : (match[1] as string)] = match[2] as string;
  }
  return { ...request, headers };
}

/** The JSON shape scripts rely on: status, cause, path, trace steps with file and line, fix, and what was guessed. */
function toJson(verdict: Verdict, shown: (file: string) => string): object {
  return {
    status: verdict.status,
    cause: verdict.cause,
    ...(verdict.path !== undefined ? { path: verdict.path } : {}),
    trace: verdict.trace.map((step) => ({
      step: step.step,
      ...(step.file !== undefined ? { file: shown(step.file) } : {}),
      ...(step.line !== undefined ? { line: step.line } : {}),
      ...(step.column !== undefined ? { column: step.column } : {}),
      message: step.message,
    })),
    ...(verdict.fix !== undefined ? { fix: verdict.fix } : {}),
    ...(verdict.uncertain?.length ? { uncertain: verdict.uncertain } : {}),
    ...(verdict.decidedBy !== undefined ? { decidedBy: { file: shown(verdict.decidedBy.file), line: verdict.decidedBy.line, column: verdict.decidedBy.column } } : {}),
  };
}

const REASONS: Readonly<Record<number, string>> = {
  200: 'OK',
  301: 'Moved Permanently',
  302: 'Found',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  500: 'Internal Server Error',
};

/** A short story: the answer first, then each step with the line that decided it, then the fix. */
function formatStory(request: HttpRequest, verdict: Verdict, dialect: string, shown: (file: string) => string): string {
  const url = escapeControlChars(`${request.scheme}://${request.host}${portSuffix(request)}${request.path}${request.query ? `?${request.query}` : ''}`);
  const lines = [`${request.method} ${url} -> ${verdict.status} ${REASONS[verdict.status] ?? ''}`.trimEnd()];
  if (verdict.cause !== null) lines.push(`cause: ${escapeControlChars(verdict.cause)} (what ${dialect === 'nginx' ? 'nginx' : 'Apache'} logs for this request)`);
  if (verdict.path !== undefined) lines.push(`path:  ${escapeControlChars(verdict.path)}`);
  lines.push('');
  verdict.trace.forEach((step, index) => {
    const where = step.file !== undefined ? `${escapeControlChars(shown(step.file))}${step.line !== undefined ? `:${step.line}` : ''}` : '';
    lines.push(`  ${String(index + 1).padStart(2)}. ${escapeControlChars(step.message)}${where ? `\n      at ${where}` : ''}`);
  });
  if (verdict.fix !== undefined) lines.push('', `fix: ${escapeControlChars(verdict.fix)}`);
  if (verdict.uncertain?.length) lines.push('', 'uncertain (guessed, not modelled):', ...verdict.uncertain.map((text) => `  - ${escapeControlChars(text)}`));
  return `${lines.join('\n')}\n`;
}

function portSuffix(request: HttpRequest): string {
  const standard = request.scheme === 'https' ? 443 : 80;
  return request.port === standard ? '' : `:${request.port}`;
}
