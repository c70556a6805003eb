import type { Directive, ParseDiagnostic } from '../../parse/ast.js';

/** A directive the model cannot take as nginx would, reported at its position instead of thrown. */
export function directiveDiagnostic(code: string, message: string, directive: Directive, severity: ParseDiagnostic['severity'] = 'warning'): ParseDiagnostic {
  return { code, message, severity, loc: directive.loc };
}
