import type { Directive } from '../../parse/ast.js';
import { chmodFix } from '../../fs/remedy.js';
import type { AccessDenial, Principal } from '../../fs/types.js';
import type { NginxLocation } from '../../model/nginx/types.js';
import type { TraceStep } from '../types.js';

/** A trace step pointing at the directive that decided it, when one did. */
export function traceStep(step: string, message: string, directive?: Directive): TraceStep {
  if (directive === undefined) return { step, message };
  const { loc } = directive;
  return { step, message, file: loc.file, line: loc.line, column: loc.column, loc };
}

/** `file:line` of a directive, for messages and fixes. */
export function at(directive: Directive | undefined): string {
  return directive === undefined ? "nginx's default" : `${directive.loc.file}:${directive.loc.line}`;
}

/** The chmod that lets `who` through a permission denial, naming the account the workers run as. */
export function permissionFix(denial: AccessDenial, who: Principal): string {
  return `${chmodFix(denial, who)}  (nginx workers run as ${who.name})`;
}

/** `location ^~ /static/` as written, modifier included. */
export function describeLocation(location: NginxLocation): string {
  return `location ${location.directive.args.map((a) => a.raw).join(' ')}`;
}

/** A directive's head as written, for trace messages: `if (!-e $request_filename)`. */
export function describeDirective(directive: Directive): string {
  return `${directive.name} ${directive.args.map((a) => a.raw).join(' ')}`;
}
