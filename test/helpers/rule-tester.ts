import { describe, expect, it } from 'vitest';
import * as posixPath from 'node:path/posix';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { loadUserDb, manifestFs, parseManifest, walkTrees, type ManifestTree } from '../../src/fs/index.js';
import type { FsView } from '../../src/fs/types.js';
import type { Dialect, ParsedConfig } from '../../src/parse/ast.js';
import { loadNginxConfig } from '../../src/parse/nginx/index.js';
import { loadApacheConfig } from '../../src/parse/apache/index.js';
import { buildNginxModel } from '../../src/model/nginx/index.js';
import { buildApacheModel } from '../../src/model/apache/index.js';
import { createLinterHooks } from '../../src/engine/hooks.js';
import { lintTarget } from '../../src/engine/lint-target.js';
import type { ConfigModel, Finding } from '../../src/engine/events.js';
import { interpolate, type LintSettings, type Rule } from '../../src/engine/rule.js';
import type { ResolvedConfig } from '../../src/config/types.js';

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
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
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

export function runRuleTests(rule: Rule, cases: RuleTestCases): void {
  describe(rule.meta.id, () => {
    describe('valid', () => {
      for (const [index, testCase] of cases.valid.entries()) {
        it(testCase.name ?? `valid #${index + 1}`, async () => {
          const findings = await lintCase(rule, testCase);
          expect(findings.map(describeFinding)).toEqual([]);
        });
      }
    });
    describe('invalid', () => {
      for (const [index, testCase] of cases.invalid.entries()) {
        it(testCase.name ?? `invalid #${index + 1}`, async () => {
          const entry = testCase.entry ?? DEFAULT_ENTRY[testCase.dialect];
          const findings = await lintCase(rule, testCase);
          const actual = findings.map((f) => ({
            messageId: f.messageId,
            line: f.loc.line,
            column: f.loc.column,
            endLine: f.loc.endLine,
            endColumn: f.loc.endColumn,
            file: f.loc.file,
            path: f.path,
            message: f.message,
            severity: f.severity === 2 ? 'error' : 'warn',
          }));
          const expected = testCase.errors.map((e) => ({
            messageId: e.messageId,
            line: e.line,
            column: e.column,
            endLine: e.endLine ?? expect.any(Number),
            endColumn: e.endColumn ?? expect.any(Number),
            file: e.file ?? entry,
            path: e.path,
            message: e.data ? interpolate(rule.meta.messages[e.messageId] ?? e.messageId, e.data) : expect.any(String),
            severity: e.severity ?? expect.any(String),
          }));
          expect(actual).toEqual(expected);
        });
      }
    });
  });
}

/** Runs one rule over one case and returns its findings (parse problems fail the case). */
export async function lintCase(rule: Rule, testCase: RuleCase): Promise<Finding[]> {
  const entry = testCase.entry ?? DEFAULT_ENTRY[testCase.dialect];
  const fs = caseFs(testCase, entry);
  const parsed = parseCase(testCase.dialect, entry, fs);
  const syntaxErrors = parsed.diagnostics.filter((d) => d.severity === 'error');
  expect(syntaxErrors.map((d) => `${d.loc.file}:${d.loc.line}:${d.loc.column} ${d.message}`)).toEqual([]);
  const { users } = loadUserDb(fs);
  const settings: LintSettings = { root: '/', fsEnabled: true, ...testCase.settings };
  const outcome = await lintTarget(
    {
      target: { dialect: testCase.dialect, entry, kind: 'main' },
      parsed,
      config: singleRuleConfig(rule, testCase.options),
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
  return outcome.findings
    .filter((f) => f.ruleId === rule.meta.id)
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

function singleRuleConfig(rule: Rule, options: object | undefined): ResolvedConfig {
  return {
    baseDir: '/',
    plugins: [],
    rules: new Map([[rule.meta.id, rule]]),
    ruleConfigs: { [rule.meta.id]: options === undefined ? { severity: 2 } : { severity: 2, options } },
    overrides: [],
    ignorePatterns: [],
    servers: [],
  };
}

function describeFinding(f: Finding): string {
  return `${f.loc.file}:${f.loc.line}:${f.loc.column} ${f.messageId ?? ''}: ${f.message}`;
}
