import { describe, it } from 'vitest';
import { RuleTester, type RuleTestCases } from '../../src/testing/rule-tester.js';
import type { Rule } from '../../src/engine/rule.js';

/** The exported RuleTester under vitest, as the built-in rules' tables use it. */
export { lintCase, type ExpectedError, type InvalidCase, type RuleCase, type RuleTestCases } from '../../src/testing/rule-tester.js';

const tester = new RuleTester({ describe, it });

export function runRuleTests(rule: Rule, cases: RuleTestCases): void {
  tester.run(rule, cases);
}
