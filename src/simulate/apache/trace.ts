import type { Directive, SourceLocation } from '../../parse/ast.js';
import type { TraceStep, Verdict } from '../types.js';

/** A trace step pointing at the directive that caused it, when there is one. */
export function traceStep(step: string, message: string, at?: Directive | SourceLocation): TraceStep {
  const loc = at === undefined ? undefined : 'loc' in at ? at.loc : at;
  return loc ? { step, message, file: loc.file, line: loc.line, column: loc.column, loc } : { step, message };
}

/** `file:line` for messages. */
export function where(directive: Directive): string {
  return `${directive.loc.file}:${directive.loc.line}`;
}

/** The end of a request: status, the AH code httpd logs first (or null), and a suggested fix. */
export type Outcome = Omit<Verdict, 'trace'>;
