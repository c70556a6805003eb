/** Control characters XML 1.0 cannot carry even escaped. */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Text safe inside an XML attribute or element. */
export function escapeXml(text: string): string {
  return text
    .replace(FORBIDDEN, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** A CDATA section that survives `]]>` in the text, by splitting it across two sections. */
export function cdata(text: string): string {
  return `<![CDATA[${text.replace(FORBIDDEN, '').replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}
