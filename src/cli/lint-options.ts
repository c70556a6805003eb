import { parseArgs } from 'node:util';
import { normalizeRuleSetting } from '../config/rule-config.js';
import type { RuleConfig, RuleSetting } from '../config/types.js';
import { CliError } from './io.js';
import { parseWebUser } from '../session/web-user.js';

export { parseWebUser };

export const LINT_OPTIONS = {
  config: { type: 'string', short: 'c' },
  format: { type: 'string', short: 'f' },
  'output-file': { type: 'string', short: 'o' },
  'max-warnings': { type: 'string' },
  quiet: { type: 'boolean' },
  rule: { type: 'string', multiple: true },
  stdin: { type: 'boolean' },
  'stdin-filename': { type: 'string' },
  'print-config': { type: 'string' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  root: { type: 'string' },
  'fs-listing': { type: 'string' },
  'fs-manifest': { type: 'string' },
  snapshot: { type: 'string' },
  'no-fs': { type: 'boolean' },
  'web-user': { type: 'string' },
  'ignore-path': { type: 'string' },
  'report-unused-disable-directives': { type: 'boolean' },
  debug: { type: 'boolean' },
  'sarif-root': { type: 'string' },
  'sarif-fatal-rule': { type: 'string' },
  jobs: { type: 'string', short: 'j' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

export interface LintCliOptions {
  paths: string[];
  config?: string;
  format: string;
  outputFile?: string;
  /** -1: no limit. */
  maxWarnings: number;
  quiet: boolean;
  rules?: Record<string, RuleConfig>;
  stdin: boolean;
  stdinFilename?: string;
  printConfig?: string;
  color?: boolean;
  root?: string;
  fsListing?: string;
  fsManifest?: string;
  /** `--snapshot FILE|-`: the stream `forbidlint snapshot`'s command wrote. */
  snapshot?: string;
  fsEnabled: boolean;
  webUser?: { user: string; group?: string };
  ignorePath?: string;
  reportUnusedDisableDirectives: boolean;
  /** List what discovery left out, and why. */
  debug: boolean;
  /** SARIF URIs are relative to this directory instead of the repository's top level. */
  sarifRoot?: string;
  /** The SARIF rule id of configurations the server refuses to load. */
  sarifFatalRule?: string;
  /** How many `servers` are linted at once. */
  jobs?: number | 'auto';
  help: boolean;
  version: boolean;
}

/** Parses `forbidlint [lint]` arguments; every mistake is a CliError naming the option. */
export function parseLintArgs(argv: readonly string[]): LintCliOptions {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: LINT_OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw argumentError(error, LINT_OPTIONS, 'forbidlint --help');
  }
  const { values, positionals } = parsed;
  if (values.color && values['no-color']) throw new CliError('--color and --no-color contradict each other');
  if (values['stdin-filename'] !== undefined && !values.stdin) throw new CliError('--stdin-filename needs --stdin');
  if (values.stdin && positionals.length > 0) throw new CliError('--stdin lints standard input: give no paths with it');
  if (values.stdin && values['fs-listing'] === '-') throw new CliError('--stdin and --fs-listing - both want standard input');
  if (values.stdin && values.snapshot !== undefined) throw new CliError('--stdin and --snapshot: a snapshot holds the configuration itself; name a file inside it instead');
  const options: LintCliOptions = {
    paths: positionals,
    format: values.format ?? 'stylish',
    maxWarnings: parseMaxWarnings(values['max-warnings']),
    quiet: values.quiet ?? false,
    stdin: values.stdin ?? false,
    fsEnabled: !values['no-fs'],
    reportUnusedDisableDirectives: values['report-unused-disable-directives'] ?? false,
    debug: values.debug ?? false,
    help: values.help ?? false,
    version: values.version ?? false,
  };
  if (values.config !== undefined) options.config = values.config;
  if (values['output-file'] !== undefined) options.outputFile = values['output-file'];
  if (values.rule !== undefined) options.rules = parseRuleFlags(values.rule);
  if (values['stdin-filename'] !== undefined) options.stdinFilename = values['stdin-filename'];
  if (values['print-config'] !== undefined) options.printConfig = values['print-config'];
  if (values.color || values['no-color']) options.color = values.color === true;
  if (values.root !== undefined) options.root = values.root;
  if (values['fs-listing'] !== undefined) options.fsListing = values['fs-listing'];
  if (values['fs-manifest'] !== undefined) options.fsManifest = values['fs-manifest'];
  if (values.snapshot !== undefined) options.snapshot = values.snapshot;
  if (values['web-user'] !== undefined) options.webUser = parseWebUser(values['web-user'], '--web-user');
  if (values['ignore-path'] !== undefined) options.ignorePath = values['ignore-path'];
  if (values['sarif-root'] !== undefined) options.sarifRoot = values['sarif-root'];
  if (values['sarif-fatal-rule'] !== undefined) options.sarifFatalRule = parseSarifRuleId(values['sarif-fatal-rule']);
  if (values.jobs !== undefined) options.jobs = parseJobs(values.jobs);
  return options;
}

function parseJobs(value: string): number | 'auto' {
  if (value === 'auto') return value;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new CliError(`--jobs takes a number of servers linted at once (1 or more) or auto, not "${value}"`);
  return Number(value);
}

function parseSarifRuleId(value: string): string {
  // SARIF rule ids are opaque strings; GitHub shows them as given. Keep them printable and one word.
  if (!/^[\w./:-]+$/.test(value)) throw new CliError(`--sarif-fatal-rule takes a rule id such as forbidlint/invalid-config, not "${value}"`);
  return value;
}

/**
 * A parseArgs failure as one line that names the option, with the closest known option for a
 * typo, instead of Node's text (which suggests `--` for positionals nobody meant).
 */
export function argumentError(error: unknown, options: Readonly<Record<string, { type: string; short?: string }>>, help: string): CliError {
  const code = (error as NodeJS.ErrnoException).code;
  const message = (error as Error).message ?? String(error);
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const guess = closestOption(quoted, options);
    return new CliError(`unknown option ${quoted}${guess ? ` (did you mean ${guess}?)` : ''}: see ${help}`);
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const name = /--[\w-]+/.exec(quoted)?.[0] ?? quoted;
    return new CliError(options[name.slice(2)]?.type === 'boolean' ? `${name} takes no value: see ${help}` : `${name} needs a value: see ${help}`);
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return new CliError(`unexpected argument "${quoted}": see ${help}`);
  return new CliError(`${message.split('\n')[0]}: see ${help}`);
}

/** The known long option nearest to a mistyped one, if it is close enough to be the one meant. */
function closestOption(given: string, options: Readonly<Record<string, unknown>>): string | undefined {
  const typed = given.replace(/^-+/, '').split('=')[0] ?? '';
  let best: { name: string; distance: number } | undefined;
  for (const name of Object.keys(options)) {
    const distance = editDistance(typed, name);
    if (!best || distance < best.distance) best = { name, distance };
  }
  if (!best) return undefined;
  const prefix = Object.keys(options).find((name) => typed.length >= 3 && name.startsWith(typed));
  if (prefix) return `--${prefix}`;
  return best.distance <= Math.max(1, Math.floor(typed.length / 3)) ? `--${best.name}` : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function parseMaxWarnings(value: string | undefined): number {
  if (value === undefined) return -1;
  if (!/^-?\d+$/.test(value) || Number(value) < -1) throw new CliError(`--max-warnings takes a whole number (-1 for no limit), not "${value}"`);
  return Number(value);
}

/**
 * `--rule 'nginx/deny-all: error'` or `--rule 'nginx/x: ["warn", {"allow": true}]'` (a bare
 * severity or a JSON array), as ESLint takes it; several may be given.
 */
export function parseRuleFlags(flags: readonly string[]): Record<string, RuleConfig> {
  const rules: Record<string, RuleConfig> = {};
  for (const flag of flags) {
    const colon = flag.indexOf(':');
    const id = flag.slice(0, colon).trim();
    if (colon < 0 || id === '') throw new CliError(`--rule takes "rule-id: severity", not "${flag}"`);
    const value = flag.slice(colon + 1).trim();
    let setting: unknown = /^\d$/.test(value) ? Number(value) : value;
    if (value.startsWith('[')) {
      try {
        setting = JSON.parse(value);
      } catch {
        throw new CliError(`--rule ${id}: "${value}" is not a JSON array like ["warn", {"option": true}]`);
      }
    }
    const normalized = isRuleSetting(setting) ? normalizeRuleSetting(setting) : undefined;
    if (!normalized) throw new CliError(`--rule ${id}: severity must be off, warn, error, 0, 1 or 2`);
    rules[id] = normalized;
  }
  return rules;
}

function isRuleSetting(value: unknown): value is RuleSetting {
  if (typeof value === 'string' || typeof value === 'number') return true;
  return Array.isArray(value) && value.length >= 1 && value.length <= 2 && (value[1] === undefined || (typeof value[1] === 'object' && value[1] !== null && !Array.isArray(value[1])));
}
