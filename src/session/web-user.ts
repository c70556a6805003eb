import { InputError } from './errors.js';

/** `USER` or `USER:GROUP`, as `--web-user` and `webUser` take it. */
export function parseWebUser(value: string, label: string): { user: string; group?: string } {
  const match = /^([^:\s]+)(?::([^:\s]+))?$/.exec(value);
  if (!match?.[1]) throw new InputError(`${label} takes USER or USER:GROUP, not "${value}"`);
  return match[2] ? { user: match[1], group: match[2] } : { user: match[1] };
}
