import type { IfCondition, NginxSettings, ReturnAction, RewriteStep } from '../../model/nginx/types.js';
import { open } from './content-phase.js';
import { answer, type Answer } from './outcome.js';
import { logFailure, noteExpansion, type Place, type RequestContext } from './request-context.js';
import { at, describeDirective, permissionFix, traceStep } from './trace.js';
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
  /** The settings of the last `if` block whose condition held in a location: the request is served with them. */
  settings?: NginxSettings;
}

/** The request as the steps change it. */
interface State {
  uri: string;
  args: string;
  rewrote: boolean;
  captures: readonly string[];
  namedCaptures: Readonly<Record<string, string>>;
  settings?: NginxSettings;
}

type Control = { kind: 'next' } | { kind: 'stop'; searchAgain: boolean } | Answer;

/**
 * ngx_http_rewrite_handler over one level's steps, in config order: `set` assigns a variable
 * for the rest of the request; `if` runs its block's steps when its condition holds; each
 * `rewrite` whose regex matches the URI replaces it (captures and variables expanded; a `?`
 * in the replacement sets the arguments, a trailing one drops the old ones); `last` and
 * `break` end the phase, `redirect`/`permanent` or an absolute replacement answer 302/301,
 * and `return` answers.
 */
export function runRewritePhase(context: RequestContext, steps: readonly RewriteStep[], start: { uri: string; args: string }, place: Place): Rewritten | Answer {
  const state: State = { ...start, rewrote: false, captures: place.scope.captures, namedCaptures: place.scope.namedCaptures };
  const control = runSteps(context, steps, state, place);
  if (control.kind === 'answer') return control;
  const searchAgain = control.kind === 'stop' ? control.searchAgain : state.rewrote;
  return { kind: 'rewritten', uri: state.uri, args: state.args, searchAgain, ...(state.settings ? { settings: state.settings } : {}) };
}

function runSteps(context: RequestContext, steps: readonly RewriteStep[], state: State, place: Place): Control {
  for (const step of steps) {
    const control = runStep(context, step, state, place);
    if (control.kind !== 'next') return control;
  }
  return { kind: 'next' };
}

function runStep(context: RequestContext, step: RewriteStep, state: State, place: Place): Control {
  const scope = scopeOf(context, place, state);
  switch (step.kind) {
    case 'return':
      return returned(context, step, scope);
    case 'break':
      context.trace.push(traceStep('rewrite', '"break" ends the rewrite phase', step.directive));
      return { kind: 'stop', searchAgain: false };
    case 'set': {
      const value = expanded(context, step.value, scope);
      context.variables.set(step.name, value);
      context.trace.push(traceStep('set', `$${step.name} = "${value}"`, step.directive));
      return { kind: 'next' };
    }
    case 'if': {
      const holds = evaluate(context, step.condition, scope, state, place);
      context.trace.push(traceStep('if', `${describeDirective(step.directive)} is ${holds ? 'true' : 'false'}`, step.directive));
      if (!holds) return { kind: 'next' };
      state.settings = step.settings;
      return runSteps(context, step.settings.rewritePhase ?? [], state, place);
    }
    case 'rewrite':
      return rewrite(context, step, state, scope);
  }
}

function rewrite(context: RequestContext, step: Extract<RewriteStep, { kind: 'rewrite' }>, state: State, scope: VariableScope): Control {
  const match = step.regex.exec(state.uri);
  if (!match) return { kind: 'next' };
  context.uriChanged = true;
  state.captures = [...match].map((c) => c ?? '');
  state.namedCaptures = { ...state.namedCaptures, ...match.groups };
  const replaced = expanded(context, step.replacement, { ...scope, captures: state.captures, namedCaptures: state.namedCaptures });
  const { uri } = state;
  if (/^(https?:\/\/|\$scheme)/.test(step.replacement) || step.flag === 'redirect' || step.flag === 'permanent') {
    const status = step.flag === 'permanent' ? 301 : 302;
    context.trace.push(traceStep('rewrite', `rewrite ${step.regex.source} redirects ${uri} to ${replaced} (${status})`, step.directive));
    return answer(status, null, { location: replaced });
  }
  const [newUri = '', newArgs] = replaced.split('?', 2);
  context.trace.push(traceStep('rewrite', `rewrite ${step.regex.source} changes ${uri} to ${newUri}`, step.directive));
  state.uri = newUri;
  state.rewrote = true;
  if (newArgs !== undefined) state.args = replaced.endsWith('?') ? newArgs : [newArgs, state.args].filter((a) => a !== '').join('&');
  if (step.flag === 'last' || step.flag === 'break') return { kind: 'stop', searchAgain: step.flag === 'last' };
  return { kind: 'next' };
}

/** ngx_http_script_if_code and its operands: variables, comparisons, regexes, file tests. */
function evaluate(context: RequestContext, condition: IfCondition, scope: VariableScope, state: State, place: Place): boolean {
  const value = (text: string): string => expanded(context, text, scope);
  switch (condition.kind) {
    case 'variable': {
      const v = value(condition.operand);
      return v !== '' && v !== '0';
    }
    case 'compare':
      return (value(condition.operand) === value(condition.value)) !== condition.negate;
    case 'regex': {
      const match = condition.regex.exec(value(condition.operand));
      if (match) {
        // A match sets $1... for the steps after it, negated or not (ngx_http_regex_exec).
        state.captures = [...match].map((c) => c ?? '');
        state.namedCaptures = { ...state.namedCaptures, ...match.groups };
      }
      return (match !== null) !== condition.negate;
    }
    case 'file':
      return fileTest(context, condition, value(condition.operand), place) !== condition.negate;
    case 'unsupported':
      context.uncertain.push(`if (${condition.text}) uses syntax forbidlint cannot evaluate: taken as false`);
      return false;
  }
}

/**
 * ngx_http_script_file_code: the path is opened as the workers; a failure other than "missing"
 * is logged at crit ("(13: Permission denied)") and the test is false. `-x` asks for all three
 * execute bits (ngx_is_exec).
 */
function fileTest(context: RequestContext, condition: Extract<IfCondition, { kind: 'file' }>, path: string, place: Place): boolean {
  const found = open(context, place, path, 'stat');
  if (!found.ok) {
    if (found.failure.errno === 'EACCES') {
      logFailure(context, answer(403, 'permission-denied', { path, ...(found.failure.denial ? { fix: permissionFix(found.failure.denial, context.who) } : {}) }));
    }
    return false;
  }
  const { stat } = found;
  switch (condition.test) {
    case 'f':
      return stat.type === 'file';
    case 'd':
      return stat.type === 'dir';
    case 'e':
      return true;
    case 'x':
      return (stat.mode & 0o111) === 0o111;
  }
}

function returned(context: RequestContext, action: ReturnAction, scope: VariableScope): Answer {
  context.trace.push(traceStep('return', `return ${action.code}${action.text ? ` ${action.text}` : ''}`, action.directive));
  const redirect = action.code >= 300 && action.code < 400 && action.text !== undefined ? { location: expanded(context, action.text, scope) } : {};
  return answer(action.code, null, { ...redirect, decidedBy: action.directive.loc, ...(action.code >= 400 ? { fix: `the "return ${action.code}" at ${at(action.directive)} answers this request` } : {}) });
}

function expanded(context: RequestContext, text: string, scope: VariableScope): string {
  const expansion = expandVariables(text, scope);
  noteExpansion(context, expansion);
  return expansion.value;
}

function scopeOf(context: RequestContext, place: Place, state: State): VariableScope {
  return { ...place.scope, uri: state.uri, args: state.args, captures: state.captures, namedCaptures: state.namedCaptures, assigned: context.variables };
}
