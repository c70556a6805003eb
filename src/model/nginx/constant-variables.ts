import type { NginxSettings } from './types.js';

/**
 * The variables a level's `set` gives a value known before any request (`set $base /srv/www;`,
 * or a composition of such values), for summaries of the served trees: `root $base/pub` then
 * names a directory that can be walked. Values that read request variables are left out.
 */
export function constantVariables(settings: NginxSettings, inherited: ReadonlyMap<string, string> = new Map()): Map<string, string> {
  const known = new Map(inherited);
  for (const step of settings.rewritePhase ?? []) {
    if (step.kind !== 'set') continue;
    const value = expandConstants(step.value, known);
    if (value.includes('$')) known.delete(step.name);
    else known.set(step.name, value);
  }
  return known;
}

/** `$name` and `${name}` replaced where `known` has them; anything else stays as written. */
export function expandConstants(text: string, known: ReadonlyMap<string, string>): string {
  return text.replace(/\$(?:\{(\w+)\}|([A-Za-z_]\w*))/g, (whole, braced?: string, plain?: string) => known.get(braced ?? plain ?? '') ?? whole);
}
