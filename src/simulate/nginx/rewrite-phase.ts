import type { ReturnAction, RewriteStep } from '../../model/nginx/types.js';
import { answer, type Answer } from './outcome.js';
import type { RequestContext } from './request-context.js';
import { at, traceStep } from './trace.js';
import { expandVariables, type VariableScope } from './variables.js';

/** Where the rewrite phase leaves the request when it does not answer it. */
export interface Rewritten {
  kind: 'rewritten';
  uri: string;
  args: string;
  /**
   * Whether locations are searched again: a `rewrite` matched (even to the same URI) and no
   * `break` (flag or directive) cleared nginx's uri_changed.
   */
  searchAgain: boolean;
}

/**
 * ngx_http_rewrite_handler over one level's steps: each `rewrite` whose regex matches the URI
 * replaces it (captures and variables expanded; a `?` in the replacement sets the arguments,
 * a trailing one drops the old ones); `last` and `break` end the phase, `redirect`/`permanent`
 * or an absolute replacement answer 302/301, and `return` answers.
 */
export function runRewritePhase(context: RequestContext, steps: readonly RewriteStep[], start: { uri: string; args: string }, scope: VariableScope): Rewritten | Answer {
  let { uri, args } = start;
  let rewrote = false;
  for (const step of steps) {
    if (step.kind === 'return') return returned(context, step);
    if (step.kind === 'break') {
      context.trace.push(traceStep('rewrite', '"break" ends the rewrite phase', step.directive));
      return { kind: 'rewritten', uri, args, searchAgain: false };
    }
    const match = step.regex.exec(uri);
    if (!match) continue;
    const replaced = expandVariables(step.replacement, { ...scope, uri, args, captures: [...match].map((c) => c ?? ''), namedCaptures: { ...scope.namedCaptures, ...match.groups } }).value;
    if (/^(https?:\/\/|\$scheme)/.test(step.replacement) || step.flag === 'redirect' || step.flag === 'permanent') {
      const status = step.flag === 'permanent' ? 301 : 302;
      context.trace.push(traceStep('rewrite', `rewrite ${step.regex.source} redirects ${uri} to ${replaced} (${status})`, step.directive));
      return answer(status, null, { location: replaced });
    }
    const [newUri = '', newArgs] = replaced.split('?', 2);
    context.trace.push(traceStep('rewrite', `rewrite ${step.regex.source} changes ${uri} to ${newUri}`, step.directive));
    uri = newUri;
    rewrote = true;
    if (newArgs !== undefined) args = replaced.endsWith('?') ? newArgs : [newArgs, args].filter((a) => a !== '').join('&');
    if (step.flag === 'last' || step.flag === 'break') return { kind: 'rewritten', uri, args, searchAgain: step.flag === 'last' };
  }
  return { kind: 'rewritten', uri, args, searchAgain: rewrote };
}

function returned(context: RequestContext, action: ReturnAction): Answer {
  context.trace.push(traceStep('return', `return ${action.code}${action.text ? ` ${action.text}` : ''}`, action.directive));
  const redirect = action.code >= 300 && action.code < 400 && action.text !== undefined ? { location: action.text } : {};
  return answer(action.code, null, { ...redirect, decidedBy: action.directive.loc, ...(action.code >= 400 ? { fix: `the "return ${action.code}" at ${at(action.directive)} answers this request` } : {}) });
}
