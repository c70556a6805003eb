/** Small helpers for what the Apache rules write in their messages, and how often. */

export { where } from '../../src/simulate/apache/index.js';
export { listed } from '../shared/refusals.js';

/** Reports once per key: a tree inherited by several virtual hosts is still one problem. */
export function onceEach(): (key: string) => boolean {
  const seen = new Set<string>();
  return (key) => {
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
}
