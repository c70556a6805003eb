import type { Formatter } from './types.js';
import { escapeXml } from './xml.js';

/** Checkstyle 4.3 XML, which Jenkins' warnings plugin and GitLab-era tools read. */
export const checkstyle: Formatter = (results) => {
  const files = results.map((result) => {
    const errors = result.messages.map((m) => {
      const source = m.ruleId ? `forbidlint.rules.${m.ruleId}` : 'forbidlint';
      const message = `${m.message}${m.ruleId ? ` (${m.ruleId})` : ''}`;
      return `<error line="${m.line}" column="${m.column}" severity="${m.severity === 2 ? 'error' : 'warning'}" message="${escapeXml(message)}" source="${escapeXml(source)}" />`;
    });
    return `<file name="${escapeXml(result.filePath)}">${errors.join('')}</file>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?><checkstyle version="4.3">${files.join('')}</checkstyle>\n`;
};
