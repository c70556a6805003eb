import type { Formatter } from './types.js';
import { displayPath } from './paths.js';

/**
 * GitHub Actions workflow commands: `::error file=F,line=L,col=C,endLine=..,endColumn=..,title=T::message`.
 * The runner decodes %25, %0D, %0A in both parts and also %3A, %2C in properties, which is
 * therefore all that is escaped.
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

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
