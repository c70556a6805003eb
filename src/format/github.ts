import type { Formatter } from './types.js';
import { displayPath } from './paths.js';
import { escapeControlCharsButNewlines } from './control-chars.js';

/**
 * GitHub Actions workflow commands: `::error file=F,line=L,col=C,endLine=..,endColumn=..,title=T::message`.
 * The runner decodes %25, %0D, %0A in both parts and also %3A, %2C in properties; other control
 * characters (a CR, an ESC from a config or a file name) are shown as escapes, never raw.
 */
export const github: Formatter = (results, context) => {
  const lines: string[] = [];
  for (const result of results) {
    const file = displayPath(result.filePath, context.cwd);
    for (const m of result.messages) {
      const properties = [
        `file=${escapeProperty(file)}`,
        `line=${m.line}`,
        `col=${m.column}`,
        `endLine=${m.endLine}`,
        `endColumn=${m.endColumn}`,
        `title=${escapeProperty(m.ruleId ?? 'forbidlint')}`,
      ].join(',');
      lines.push(`::${m.severity === 2 ? 'error' : 'warning'} ${properties}::${escapeData(m.message)}`);
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
};

/** Line breaks of the message survive as %0A; any other control character is shown escaped, never raw. */
function escapeData(text: string): string {
  return escapeControlCharsButNewlines(text.replace(/%/g, '%25').replace(/\r\n/g, '\n')).replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
