import { readFileSync } from 'node:fs';
import { RULE_ID_PATTERN } from '../engine/rule.js';

/**
 * The README of a built-in rule, read from the package: `lint-rules/<id>/README.md` sits two
 * levels above this module in a checkout (src/format) and three in the installed package
 * (dist/src/format), which ships the READMEs beside dist.
 */
export function readRuleReadme(id: string): string | undefined {
  if (!RULE_ID_PATTERN.test(id)) return undefined;
  for (const up of ['../../', '../../../']) {
    try {
      return readFileSync(new URL(`${up}lint-rules/${id}/README.md`, import.meta.url), 'utf8');
    } catch {
      // Not at this depth.
    }
  }
  return undefined;
}

/** A README as SARIF wants it: the sentence under the title, and the body without the title. */
export function readmeParts(readme: string): { lead: string; body: string } {
  const body = readme.replace(/^#\s[^\n]*\n+/, '').trim();
  const lead = (body.split(/\n\s*\n/)[0] ?? '').replace(/\s*\n\s*/g, ' ').trim();
  return { lead, body };
}
