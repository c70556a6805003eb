import type { ParseDiagnostic, SourceLocation } from '../ast.js';

/**
 * Turns file bytes into the text the parser reads, with diagnostics for what httpd would
 * choke on or silently misread. httpd reads bytes; we read UTF-16 so positions match editors.
 */
export interface DecodedText {
  text: string;
  diagnostics: ParseDiagnostic[];
}

const UTF8_BOM = '\uFEFF';
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientUtf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

export function decodeSource(input: string | Buffer, file: string): DecodedText {
  const diagnostics: ParseDiagnostic[] = [];
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    try {
      text = strictUtf8.decode(input);
    } catch {
      text = lenientUtf8.decode(input);
      diagnostics.push({
        code: 'invalid-utf8',
        message: 'file is not valid UTF-8; undecodable bytes are shown as U+FFFD',
        severity: 'warning',
        loc: pointLoc(file, 1, 1),
      });
    }
  }
  // httpd skips a UTF-8 byte order mark at the start of a config file.
  if (text.startsWith(UTF8_BOM)) text = text.slice(1);
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    const { line, column } = positionOf(text, nul);
    diagnostics.push({
      code: 'binary-content',
      message: 'file contains a NUL byte: it looks binary, not an Apache configuration',
      severity: 'error',
      loc: pointLoc(file, line, column),
    });
  }
  return { text, diagnostics };
}

export function pointLoc(file: string, line: number, column: number): SourceLocation {
  return { file, line, column, endLine: line, endColumn: column + 1 };
}

function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
