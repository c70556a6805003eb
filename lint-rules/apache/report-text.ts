/** Small helpers for what the Apache rules write in their messages, and how often. */

export { where } from '../../src/simulate/apache/index.js';

/** `a, b, c and 3 more`: enough to recognise the paths without burying the message. */
export function listed(items: readonly string[], shown = 3): string {
  if (items.length <= shown) return items.join(', ');
  return `${items.slice(0, shown).join(', ')} and ${items.length - shown} more`;
}

/** Reports once per key: a tree inherited by several virtual hosts is still one problem. */
export function onceEach(): (key: string) => boolean {
  const seen = new Set<string>();
  return (key) => {
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
}
