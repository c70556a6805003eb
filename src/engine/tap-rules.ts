import type { DirectiveListener, RuleListeners } from './rule.js';
import type { TargetHooks } from './hooks.js';

/**
 * Turns a rule's listener object into taps named after the rule, so tapable's interceptors and
 * stack traces say which rule ran. Unknown keys are a programming error in the rule and are
 * returned, not thrown, for the engine to report.
 */
export function tapRuleListeners(ruleId: string, listeners: RuleListeners, hooks: TargetHooks): string[] {
  const unknown: string[] = [];
  for (const [selector, listener] of Object.entries(listeners)) {
    if (listener === undefined) continue;
    if (!tapSelector(ruleId, selector, guard(ruleId, listener), hooks)) unknown.push(selector);
  }
  return unknown;
}

type Listener = NonNullable<RuleListeners[keyof RuleListeners]>;

function tapSelector(ruleId: string, selector: string, listener: Listener, hooks: TargetHooks): boolean {
  switch (selector) {
    case 'file':
      hooks.fileParsed.tap(ruleId, listener as NonNullable<RuleListeners['file']>);
      return true;
    case 'server':
      hooks.server.tap(ruleId, listener as NonNullable<RuleListeners['server']>);
      return true;
    case 'fsEntry':
      hooks.fsEntry.tap(ruleId, listener as NonNullable<RuleListeners['fsEntry']>);
      return true;
    case 'finish':
      hooks.finish.tap(ruleId, listener as NonNullable<RuleListeners['finish']>);
      return true;
  }
  const onDirective = listener as DirectiveListener;
  const [dialect, ...rest] = selector.split(':');
  const name = rest.join(':');
  if (!name) return false;
  if (dialect === 'nginx') {
    if (name === '*') hooks.anyNginxDirective.tap(ruleId, onDirective);
    else hooks.nginxDirective.for(name).tap(ruleId, onDirective);
    return true;
  }
  if (dialect === 'apache') {
    const section = /^section:(.+)$/.exec(name);
    if (section?.[1]) hooks.apacheSection.for(section[1].toLowerCase()).tap(ruleId, onDirective);
    else if (name === '*') hooks.anyApacheDirective.tap(ruleId, onDirective);
    else hooks.apacheDirective.for(name.toLowerCase()).tap(ruleId, onDirective);
    return true;
  }
  return false;
}

/**
 * A listener that throws names its rule, so the one-line error the CLI prints says where to look.
 * Every hook passes at most two arguments (a directive and its parents); named ones spare the
 * array a rest parameter would allocate for each of a large tree's entries.
 */
function guard(ruleId: string, listener: Listener): Listener {
  const call = listener as (first?: unknown, second?: unknown) => void;
  return ((first?: unknown, second?: unknown) => {
    try {
      call(first, second);
    } catch (error) {
      throw new Error(`rule ${ruleId} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }) as Listener;
}
