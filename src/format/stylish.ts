import type { Formatter } from './types.js';
import { palette } from './ansi.js';
import { displayPath } from './paths.js';
import { plural, severityWord, totals } from './summary.js';
import { escapeControlChars, oneLine } from './control-chars.js';

/**
 * ESLint's default output: each file with problems, one aligned line per message
 * (`line:col  severity  message  rule`), then a summary. Nothing at all when clean.
 */
export const stylish: Formatter = (results, context) => {
  const c = palette(context.color);
  const blocks: string[] = [];
  for (const result of results) {
    if (result.messages.length === 0) continue;
    const rows = result.messages.map((m) => [
      `${m.line}:${m.column}`,
      severityWord(m),
      oneLine(m.message).replace(/\.$/, ''),
      escapeControlChars(m.ruleId ?? ''),
    ]);
    // A loop, not Math.max(...): a file can have more findings than a call has room for arguments.
    const widths = [0, 0, 0];
    for (const row of rows) for (let i = 0; i < 3; i++) widths[i] = Math.max(widths[i] ?? 0, (row[i] ?? '').length);
    const lines = rows.map(([position = '', severity = '', message = '', rule = '']) => {
      const sev = severity.padEnd(widths[1] ?? 0);
      return `  ${c.dim(position.padEnd(widths[0] ?? 0))}  ${severity === 'error' ? c.red(sev) : c.yellow(sev)}  ${message.padEnd(widths[2] ?? 0)}  ${c.dim(rule)}`.trimEnd();
    });
    blocks.push(`${c.underline(escapeControlChars(displayPath(result.filePath, context.cwd)))}\n${lines.join('\n')}`);
  }
  const sum = totals(results);
  const problems = sum.errors + sum.warnings;
  if (problems === 0) return '';
  const paint = sum.errors > 0 ? c.red : c.yellow;
  let summary = paint(c.bold(`\u2716 ${plural(problems, 'problem')} (${plural(sum.errors, 'error')}, ${plural(sum.warnings, 'warning')})`));
  if (sum.fixableErrors + sum.fixableWarnings > 0) {
    summary += `\n${paint(c.bold(`  ${plural(sum.fixableErrors, 'error')} and ${plural(sum.fixableWarnings, 'warning')} potentially fixable with the \`--fix\` option.`))}`;
  }
  return `\n${blocks.join('\n\n')}\n\n${summary}\n`;
};
