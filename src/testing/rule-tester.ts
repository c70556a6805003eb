import { deepStrictEqual } from 'node:assert/strict';
import * as posixPath from 'node:path/posix';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { loadUserDb, manifestFs, parseManifest, walkTrees, type ManifestTree } from '../fs/index.js';
import type { FsView } from '../fs/types.js';
import type { Dialect, ParsedConfig } from '../parse/ast.js';
import { loadNginxConfig } from '../parse/nginx/index.js';
import { loadApacheConfig } from '../parse/apache/index.js';
import { buildNginxModel } from '../model/nginx/index.js';
import { buildApacheModel } from '../model/apache/index.js';
import { createLinterHooks } from '../engine/hooks.js';
import { lintTarget } from '../engine/lint-target.js';
import type { ConfigModel, Finding } from '../engine/events.js';
import { interpolate, type LintSettings, type Rule } from '../engine/rule.js';
import type { ResolvedConfig } from '../config/types.js';
import { lintConfigOf } from '../config/rule-config.js';

/**
 * ESLint's RuleTester for forbidlint: each case is a config plus the audited server's tree, run
 * through the real parser, model and engine with only the rule under test enabled. A valid case
 * must produce no message from the rule; an invalid one exactly the listed messages, positions
 * included.
 */

export interface RuleCase {
  name?: string;
  dialect: Dialect;
  /** The entry configuration's text. */
  config: string;
  /** Where the entry lives on the audited server. */
  entry?: string;
  /** More files by server path: included configs, `.htaccess` files, served content. */
  files?: Readonly<Record<string, string>>;
  /** The audited server's tree as manifest YAML (users, groups, entries); see docs/filesystem.md. */
  tree?: string;
  options?: object;
  settings?: Partial<Pick<LintSettings, 'webUser'>>;
}

export interface ExpectedError {
  messageId: string;
  data?: Readonly<Record<string, string | number>>;
  /** The exact range, end included: typescript-eslint's bar for every invalid case. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The file the finding points into; defaults to the entry. */
  file?: string;
  /** The server path of a filesystem finding. */
  path?: string;
  /** The finding's severity with the rule at `error`, for rules whose reports lower it; unchecked when absent. */
  severity?: 'warn' | 'error';
}

export interface InvalidCase extends RuleCase {
  errors: readonly ExpectedError[];
}

export interface RuleTestCases {
  valid: readonly RuleCase[];
  invalid: readonly InvalidCase[];
}

const DEFAULT_ENTRY: Readonly<Record<Dialect, string>> = {
  nginx: '/etc/nginx/nginx.conf',
  apache: '/etc/apache2/apache2.conf',
};

/** Accounts every Debian system has, for cases whose tree names none. */
const DEFAULT_ACCOUNTS = {
  users: [
    { name: 'root', uid: 0, gid: 0 },
    { name: 'www-data', uid: 33, gid: 33 },
    { name: 'nobody', uid: 65534, gid: 65534 },
  ],
  groups: [
    { name: 'root', gid: 0 },
    { name: 'www-data', gid: 33 },
    { name: 'nogroup', gid: 65534 },
  ],
};

/** The test framework's `describe` and `it` (vitest's, mocha's, node:test's). */
export type TestBlock = (name: string, body: () => void) => void;
export type TestCase = (name: string, body: () => Promise<void>) => void;

/**
 * Runs a rule's table of cases under any test framework, as typescript-eslint's RuleTester
 * does: set `RuleTester.describe` and `RuleTester.it` once (or pass them), then `run(rule,
 * cases)`. A failing case throws node's AssertionError with a diff.
 */
export class RuleTester {
  static describe: TestBlock | undefined;
  static it: TestCase | undefined;

  constructor(private readonly framework: { describe?: TestBlock; it?: TestCase } = {}) {}

  run(rule: Rule, cases: RuleTestCases): void {
    const describe = this.framework.describe ?? RuleTester.describe;
    const it = this.framework.it ?? RuleTester.it;
    if (!describe || !it) throw new Error('RuleTester needs describe and it: set RuleTester.describe and RuleTester.it, or pass them to the constructor');
    describe(rule.meta.id, () => {
      describe('valid', () => {
        for (const [index, testCase] of cases.valid.entries()) it(testCase.name ?? `valid #${index + 1}`, () => checkValid(rule, testCase));
      });
      describe('invalid', () => {
        for (const [index, testCase] of cases.invalid.entries()) it(testCase.name ?? `invalid #${index + 1}`, () => checkInvalid(rule, testCase));
      });
    });
  }
}

/** A valid case gives the rule nothing to report. */
export async function checkValid(rule: Rule, testCase: RuleCase): Promise<void> {
  const findings = await lintCase(rule, testCase);
  deepStrictEqual(findings.map(describeFinding), []);
}

/** An invalid case gives exactly its listed errors, in order, each at its exact range. */
export async function checkInvalid(rule: Rule, testCase: InvalidCase): Promise<void> {
  const entry = testCase.entry ?? DEFAULT_ENTRY[testCase.dialect];
  const findings = await lintCase(rule, testCase);
  const actual = findings.map((f, index) => ({
    messageId: f.messageId,
    line: f.loc.line,
    column: f.loc.column,
    endLine: f.loc.endLine,
    endColumn: f.loc.endColumn,
    file: f.loc.file,
    path: f.path,
    message: f.message,
    // Only compared where the case states it.
    severity: testCase.errors[index]?.severity === undefined ? undefined : f.severity === 2 ? 'error' : 'warn',
  }));
  const expected = testCase.errors.map((e, index) => ({
    messageId: e.messageId,
    line: e.line,
    column: e.column,
    endLine: e.endLine,
    endColumn: e.endColumn,
    file: e.file ?? entry,
    path: e.path,
    message: e.data ? interpolate(rule.meta.messages[e.messageId] ?? e.messageId, e.data) : (findings[index]?.message ?? '(any message)'),
    severity: e.severity,
  }));
  deepStrictEqual(actual, expected);
}

/**
 * Runs one rule (or several, to see how their findings add up) over one case and returns their
 * findings; a case the parser refuses fails.
 */
export async function lintCase(rules: Rule | readonly Rule[], testCase: RuleCase): Promise<Finding[]> {
  const list: readonly Rule[] = Array.isArray(rules) ? rules : [rules as Rule];
  const entry = testCase.entry ?? DEFAULT_ENTRY[testCase.dialect];
  const fs = caseFs(testCase, entry);
  const parsed = parseCase(testCase.dialect, entry, fs);
  const syntaxErrors = parsed.diagnostics.filter((d) => d.severity === 'error');
  deepStrictEqual(syntaxErrors.map((d) => `${d.loc.file}:${d.loc.line}:${d.loc.column} ${d.message}`), []);
  const { users } = loadUserDb(fs);
  const settings: LintSettings = { root: '/', fsEnabled: true, ...testCase.settings };
  const outcome = await lintTarget(
    {
      target: { dialect: testCase.dialect, entry, kind: 'main' },
      parsed,
      config: lintConfigOf(rulesConfig(list, testCase.options)),
      settings,
      fs,
      users,
      model: buildModel(testCase.dialect, parsed),
      walk: async (root, onEntry, onDiagnostic) => {
        await walkTrees(fs, [root], { onEntry, onDiagnostic });
      },
      reportUnusedDisableDirectives: 0,
    },
    createLinterHooks(),
  );
  const ids = new Set(list.map((r) => r.meta.id));
  return outcome.findings
    .filter((f) => f.ruleId !== null && ids.has(f.ruleId))
    .sort((a, b) => a.loc.file.localeCompare(b.loc.file) || a.loc.line - b.loc.line || a.loc.column - b.loc.column);
}

function parseCase(dialect: Dialect, entry: string, fs: FsView): ParsedConfig {
  return dialect === 'nginx' ? loadNginxConfig(entry, { fs }) : loadApacheConfig(entry, { fs });
}

function buildModel(dialect: Dialect, parsed: ParsedConfig): ConfigModel {
  return dialect === 'nginx' ? buildNginxModel(parsed) : buildApacheModel(parsed);
}

/** The case's tree (or Debian's stock accounts) with the configuration files laid in at their paths. */
function caseFs(testCase: RuleCase, entry: string): FsView {
  const declared = (parseYaml(testCase.tree ?? '') ?? {}) as Record<string, unknown>;
  const withAccounts = { ...DEFAULT_ACCOUNTS, entries: [], ...declared };
  const parsed = parseManifest(stringifyYaml(withAccounts), 'case tree');
  if (!parsed.ok) throw new Error(`bad tree in test case: ${parsed.errors.join('; ')}`);
  const tree = parsed.tree;
  addFile(tree, entry, testCase.config);
  for (const [path, content] of Object.entries(testCase.files ?? {})) addFile(tree, path, content);
  return manifestFs(tree, 'test case');
}

function addFile(tree: ManifestTree, path: string, content: string): void {
  const missing: string[] = [];
  for (let dir = posixPath.dirname(path); dir !== '/'; dir = posixPath.dirname(dir)) {
    if (!tree.entries.some((e) => e.path === dir)) missing.unshift(dir);
  }
  for (const dir of missing) tree.entries.push({ path: dir, type: 'dir', mode: 0o755, uid: 0, gid: 0 });
  // A file the tree already declares keeps its mode and owner: only its content comes from here.
  const declared = tree.entries.find((e) => e.path === path);
  if (declared) declared.content = content;
  else tree.entries.push({ path, type: 'file', mode: 0o644, uid: 0, gid: 0, content });
}

/** The rules at `error`, with the case's options (for the first rule; several rules take theirs by default). */
function rulesConfig(rules: readonly Rule[], options: object | undefined): ResolvedConfig {
  return {
    baseDir: '/',
    plugins: [],
    rules: new Map(rules.map((rule) => [rule.meta.id, rule])),
    ruleConfigs: Object.fromEntries(rules.map((rule, i) => [rule.meta.id, options === undefined || i > 0 ? { severity: 2 } : { severity: 2, options }])),
    overrides: [],
    ignorePatterns: [],
    servers: [],
  };
}

function describeFinding(f: Finding): string {
  return `${f.loc.file}:${f.loc.line}:${f.loc.column} ${f.messageId ?? ''}: ${f.message}`;
}
