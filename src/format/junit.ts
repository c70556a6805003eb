import type { Formatter } from './types.js';
import { displayPath } from './paths.js';
import { cdata, escapeXml } from './xml.js';

/**
 * JUnit XML as GitLab's `artifacts:reports:junit` and Jenkins read it: a suite per file, a
 * failing test case per problem, one passing case for a clean file so it is counted.
 */
export const junit: Formatter = (results, context) => {
  const suites = results.map((result) => {
    const file = escapeXml(displayPath(result.filePath, context.cwd));
    const cases = result.messages.map((m) => {
      const rule = m.ruleId ?? 'forbidlint';
      const detail = `line ${m.line}, col ${m.column}, ${m.severity === 2 ? 'Error' : 'Warning'} - ${m.message}${m.ruleId ? ` (${m.ruleId})` : ''}`;
      return `<testcase time="0" name="${escapeXml(rule)}" classname="${file}"><failure message="${escapeXml(m.message)}">${cdata(detail)}</failure></testcase>`;
    });
    if (cases.length === 0) cases.push(`<testcase time="0" name="forbidlint" classname="${file}" />`);
    return `<testsuite package="forbidlint" time="0" tests="${cases.length}" errors="${result.messages.length}" name="${file}">\n${cases.join('\n')}\n</testsuite>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>\n<testsuites>\n${suites.join('\n')}\n</testsuites>\n`;
};
