import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type * as Sarif from 'sarif';
import { parse as parseTestResults } from 'test-results-parser';
import { builtinRules } from '../../lint-rules/index.js';
import type { LintMessage, LintResult } from '../../src/engine/events.js';
import { createRule, NO_OPTIONS_SCHEMA, type Rule } from '../../src/engine/rule.js';
import { loadBuiltinFormatter, type Formatter } from '../../src/format/index.js';
import { readRuleReadme } from '../../src/format/rule-readme.js';
import { MAX_SARIF_RESULTS } from '../../src/format/sarif.js';
import { context, CWD, RESULTS } from './results.js';
import { sarifValidators } from './sarif-schemas.js';

/** The reports as the programs that consume them in CI read them. */
const dir = mkdtempSync(path.join(tmpdir(), 'forbidlint-reports-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const formatter = async (name: string) => (await loadBuiltinFormatter(name)) as Formatter;

const message = (ruleId: string, severity: 1 | 2, line: number, column: number): LintMessage => ({ ruleId, severity, message: `${ruleId} at ${line}:${column}`, line, column, endLine: line, endColumn: column + 4 });
const result = (file: string, messages: LintMessage[]): LintResult => ({
  filePath: `${CWD}/${file}`,
  messages,
  suppressedMessages: [],
  errorCount: messages.filter((m) => m.severity === 2).length,
  warningCount: messages.filter((m) => m.severity === 1).length,
  fatalErrorCount: messages.filter((m) => m.fatal).length,
  fixableErrorCount: 0,
  fixableWarningCount: 0,
});

describe('JUnit read by test-results-parser', () => {
  async function parsed(results: readonly LintResult[], maxWarnings?: number) {
    const file = path.join(dir, `junit-${maxWarnings ?? 'none'}.xml`);
    writeFileSync(file, (await formatter('junit'))(results, { ...context(), ...(maxWarnings === undefined ? {} : { maxWarnings }) }));
    return parseTestResults({ type: 'junit', files: [file] });
  }

  it('counts every suite (no NaN), fails errors, errors refused configurations, passes warnings', async () => {
    const report = await parsed(RESULTS);
    expect(report.suites.map((s) => [s.name, s.total, s.passed, s.failed, s.errors, s.skipped, s.status])).toEqual([
      ['etc/nginx/nginx.conf', 2, 1, 1, 0, 0, 'FAIL'],
      ['etc/nginx/sites-enabled/bad site.conf', 1, 0, 0, 1, 0, 'FAIL'],
      ['etc/nginx/mime.types', 1, 1, 0, 0, 0, 'PASS'],
      ['/etc/apache2/apache2.conf', 1, 1, 0, 0, 0, 'PASS'],
    ]);
    expect([report.total, report.passed, report.failed, report.errors, report.skipped]).toEqual([5, 3, 1, 1, 0]);
  });

  it('keeps two findings of one rule in one file apart, and fails warnings past --max-warnings', async () => {
    const results = [result('etc/nginx/nginx.conf', [message('fs/world-writable', 1, 4, 5), message('fs/world-writable', 1, 4, 5), message('fs/world-writable', 1, 9, 5), message('nginx/deny-all', 2, 4, 5)])];
    const within = await parsed(results, 3);
    expect(within.suites[0]?.cases.map((c) => [c.name, c.status])).toEqual([
      ['fs/world-writable at 4:5', 'PASS'],
      ['fs/world-writable at 4:5 #2', 'PASS'],
      ['fs/world-writable at 9:5', 'PASS'],
      ['nginx/deny-all at 4:5', 'FAIL'],
    ]);
    const past = await parsed(results, 2);
    expect(past.suites[0]?.cases.map((c) => c.status)).toEqual(['FAIL', 'FAIL', 'FAIL', 'FAIL']);
    expect([past.total, past.failed]).toEqual([4, 4]);
  });
});

describe('SARIF for code scanning', () => {
  const builtin = new Map<string, Rule>(builtinRules.map((r) => [r.meta.id, r]));
  const everyRule = builtinRules.map((rule, index) => result(`site${index}.conf`, [message(rule.meta.id, 2, 1, 1)]));
  const sarifOf = async (results: readonly LintResult[], rules: ReadonlyMap<string, Rule> = builtin) =>
    JSON.parse((await formatter('sarif'))(results, { ...context(), rules, ruleReadme: readRuleReadme })) as Sarif.Log;

  it('describes every built-in rule from its README: a full description of its own, help as text and Markdown', async () => {
    const rules = (await sarifOf(everyRule)).runs[0]?.tool.driver.rules ?? [];
    expect(rules.map((r) => r.id)).toEqual([...builtin.keys()].sort());
    for (const rule of rules) {
      const readme = readRuleReadme(rule.id) ?? '';
      expect(rule.fullDescription?.text).toBeTruthy();
      expect(rule.fullDescription?.text).not.toBe(rule.shortDescription?.text);
      expect(readme.replace(/\s+/g, ' ')).toContain(rule.fullDescription?.text);
      expect(rule.help?.markdown).toBe(readme.replace(/^# .*\n+/, '').trim());
      expect(rule.help?.markdown).toContain('## How to fix');
      expect(rule.help?.text).toContain('How to fix');
      expect(rule.help?.text).not.toContain('```');
      expect(rule.helpUri).toBeUndefined();
      const security = builtin.get(rule.id)?.meta.type === 'security';
      expect(rule.properties?.tags).toEqual(security ? ['security'] : [builtin.get(rule.id)?.meta.type === 'suggestion' ? 'maintainability' : 'correctness']);
      if (security) expect(Number(rule.properties?.['security-severity'])).toBeGreaterThanOrEqual(4);
      else expect(rule.properties?.['security-severity']).toBeUndefined();
    }
  });

  it('links a rule whose documentation URL is configured', async () => {
    const documented = createRule({
      meta: { id: 'acme/no-tmp', type: 'problem', docs: { description: 'No /tmp roots', url: 'https://docs.acme.test/rules/no-tmp' }, messages: { tmp: 'tmp' }, schema: NO_OPTIONS_SCHEMA, defaultSeverity: 'warn' },
      defaultOptions: {},
      create: () => ({}),
    });
    const log = await sarifOf([result('nginx.conf', [message('acme/no-tmp', 1, 2, 3)])], new Map([[documented.meta.id, documented]]));
    expect(log.runs[0]?.tool.driver.rules?.[0]).toMatchObject({ id: 'acme/no-tmp', helpUri: 'https://docs.acme.test/rules/no-tmp', help: { text: 'No /tmp roots' } });
  });

  it(`keeps at most ${MAX_SARIF_RESULTS} results, errors first, and says how many it left out and how to see them`, async () => {
    const warnings = Array.from({ length: MAX_SARIF_RESULTS + 5 }, (_, i) => message('fs/world-writable', 1, i + 1, 1));
    const errors = Array.from({ length: 20 }, (_, i) => message('nginx/deny-all', 2, MAX_SARIF_RESULTS + 100 + i, 1));
    const log = await sarifOf([result('big.conf', [...warnings, ...errors])]);
    const run = log.runs[0] as Sarif.Run;
    expect(run.results).toHaveLength(MAX_SARIF_RESULTS);
    expect(run.results?.slice(0, 20).every((r) => r.ruleId === 'nginx/deny-all')).toBe(true);
    expect(run.results?.[20]?.locations?.[0]?.physicalLocation?.region?.startLine).toBe(1);
    expect(run.invocations?.[0]?.toolExecutionNotifications).toEqual([
      {
        level: 'warning',
        descriptor: { id: 'results-capped' },
        message: {
          text: `25 of ${MAX_SARIF_RESULTS + 25} results are left out of this log: GitHub code scanning keeps at most ${MAX_SARIF_RESULTS} per run. It holds every error and the first warnings; run forbidlint with --format json or --format stylish to see every result.`,
        },
      },
    ]);
    for (const validate of sarifValidators()) expect(validate.errorsOf(log)).toEqual([]);
  });

  it('is valid SARIF 2.1.0 with every built-in rule described', async () => {
    for (const validate of sarifValidators()) expect(validate.errorsOf(await sarifOf([...everyRule, ...RESULTS]))).toEqual([]);
  });
});
