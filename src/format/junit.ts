import type { LintMessage } from '../engine/events.js';
import type { Formatter } from './types.js';
import { displayPath } from './paths.js';
import { cdata, escapeXml } from './xml.js';

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

/**
 * JUnit XML as GitLab's `artifacts:reports:junit`, Jenkins and test-results-parser read it: a
 * suite per file with `tests`, `failures`, `errors` and `skipped` (readers compute "passed" from
 * them), a test case per problem named by rule, line and column, since viewers merge cases of
 * one name. A rule error is a failure; a configuration the server refuses to load is an error.
 * Warnings pass, with their text in `system-out`, so that a report does not turn a pipeline red
 * over what the exit code lets through; past `--max-warnings` they fail, as the exit code does.
 * A clean file is one passing case, so it is counted.
 */
export const junit: Formatter = (results, context) => {
  const warnings = results.reduce((sum, r) => sum + r.warningCount, 0);
  const warningsFail = context.maxWarnings !== undefined && context.maxWarnings >= 0 && warnings > context.maxWarnings;
  const total: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const suites = results.map((result) => {
    const file = escapeXml(displayPath(result.filePath, context.cwd));
    const counts: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
    const names = new Map<string, number>();
    const cases = result.messages.map((m) => {
      const name = uniqueName(caseName(m), names);
      const detail = `line ${m.line}, col ${m.column}, ${m.severity === 2 ? 'Error' : 'Warning'} - ${m.message}${m.ruleId ? ` (${m.ruleId})` : ''}`;
      const open = `<testcase time="0" name="${escapeXml(name)}" classname="${file}">`;
      counts.tests++;
      if (m.fatal) {
        counts.errors++;
        return `${open}<error type="invalid-config" message="${escapeXml(m.message)}">${cdata(detail)}</error></testcase>`;
      }
      if (m.severity === 2 || warningsFail) {
        counts.failures++;
        return `${open}<failure type="${m.severity === 2 ? 'error' : 'warning'}" message="${escapeXml(m.message)}">${cdata(detail)}</failure></testcase>`;
      }
      return `${open}<system-out>${cdata(detail)}</system-out></testcase>`;
    });
    if (cases.length === 0) {
      counts.tests++;
      cases.push(`<testcase time="0" name="forbidlint" classname="${file}" />`);
    }
    for (const key of ['tests', 'failures', 'errors', 'skipped'] as const) total[key] += counts[key];
    return `<testsuite package="forbidlint" time="0" ${attributes(counts)} name="${file}">\n${cases.join('\n')}\n</testsuite>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>\n<testsuites name="forbidlint" ${attributes(total)}>\n${suites.join('\n')}\n</testsuites>\n`;
};

function caseName(message: LintMessage): string {
  return `${message.ruleId ?? (message.fatal ? 'invalid-config' : 'forbidlint')} at ${message.line}:${message.column}`;
}

/** Two problems of one rule at one place (two paths under one `root`) get `#2`, `#3`. */
function uniqueName(name: string, seen: Map<string, number>): string {
  const count = (seen.get(name) ?? 0) + 1;
  seen.set(name, count);
  return count === 1 ? name : `${name} #${count}`;
}

function attributes(counts: Counts): string {
  return `tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}" skipped="${counts.skipped}"`;
}
