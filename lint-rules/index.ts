import type { Rule } from '../src/engine/rule.js';

/**
 * Every built-in rule. Each rule lives in `lint-rules/<namespace>/<name>/index.ts` and is added
 * here, in id order; presets come from each rule's `meta.docs.recommended`.
 */
export const builtinRules: readonly Rule[] = [];
