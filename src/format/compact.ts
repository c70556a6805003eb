import type { Formatter } from './types.js';
import { displayPath } from './paths.js';
import { plural, totals } from './summary.js';
import { escapeControlChars, oneLine } from './control-chars.js';

/** One line per problem, `file: line L, col C, Error - message (rule)`, for grep and editors' quickfix. */
export const compact: Formatter = (results, context) => {
  const lines: string[] = [];
  for (const result of results) {
    const file = escapeControlChars(displayPath(result.filePath, context.cwd));
    for (const m of result.messages) {
      const rule = m.ruleId ? ` (${escapeControlChars(m.ruleId)})` : '';
      lines.push(`${file}: line ${m.line}, col ${m.column}, ${m.severity === 2 ? 'Error' : 'Warning'} - ${oneLine(m.message)}${rule}`);
    }
  }
  const sum = totals(results);
  return lines.length === 0 ? '' : `${lines.join('\n')}\n\n${plural(sum.errors + sum.warnings, 'problem')}\n`;
};
