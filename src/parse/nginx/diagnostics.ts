import type { ParseDiagnostic, SourceLocation } from '../ast.js';

/**
 * Every problem the nginx reader reports, with nginx's own wording where nginx has one (so a
 * user can match it against `nginx -t`) and a stable code for disable comments and SARIF.
 */
export const nginxDiagnostics = {
  unexpectedCharacter: (ch: string) => ({ code: 'unexpected-character', message: `unexpected "${ch}"` }),
  unexpectedSemicolon: () => ({ code: 'unexpected-semicolon', message: 'unexpected ";"' }),
  unexpectedOpen: () => ({ code: 'unexpected-open', message: 'unexpected "{"' }),
  unexpectedClose: () => ({ code: 'unexpected-close', message: 'unexpected "}"' }),
  unexpectedEof: () => ({ code: 'unexpected-eof', message: 'unexpected end of file, expecting ";" or "}"' }),
  unclosedBlock: () => ({ code: 'unclosed-block', message: 'unexpected end of file, expecting "}"' }),
  unterminatedQuote: (quote: string, line: number) => ({
    code: 'unterminated-quote',
    message: `unexpected end of file, expecting ";" or "}" (the ${quote} quote opened on line ${line} is never closed)`,
  }),
  tooLongParameter: (head: string) => ({ code: 'too-long-parameter', message: `too long parameter "${head}..." started` }),
  tooLongQuoted: (quote: string) => ({
    code: 'too-long-parameter',
    message: `too long parameter, probably missing terminating "${quote}" character`,
  }),
  notTerminated: (name: string) => ({ code: 'missing-semicolon', message: `directive "${name}" is not terminated by ";"` }),
  noOpeningBrace: (name: string) => ({ code: 'missing-opening-brace', message: `directive "${name}" has no opening "{"` }),
  unclosedLuaBlock: (name: string) => ({
    code: 'unclosed-lua-block',
    message: `unexpected end of file in the Lua code of "${name}", expecting "}"`,
  }),
  includeNotFound: (path: string, reason: string) => ({ code: 'include-not-found', message: `open() "${path}" failed (${reason})` }),
  includeCycle: (path: string) => ({ code: 'include-cycle', message: `"${path}" includes itself (through this include), which nginx would follow forever` }),
  includeArguments: () => ({ code: 'include-arguments', message: 'invalid number of arguments in "include" directive' }),
  fileTooLarge: (path: string, size: number, limit: number) => ({
    code: 'file-too-large',
    message: `"${path}" is ${size} bytes, more than the ${limit}-byte limit for a configuration file; not read`,
  }),
  fileUnreadable: (path: string, reason: string) => ({ code: 'file-unreadable', message: `open() "${path}" failed (${reason})` }),
} as const;

export function syntaxError(problem: { code: string; message: string }, loc: SourceLocation): ParseDiagnostic {
  return { ...problem, severity: 'error', loc };
}
