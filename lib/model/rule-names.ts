import { closest } from './edit-distance';
import { POLICY_RULES } from './policy-profiles';
import { API_RULES } from './api-rules';

/** The rule of text that is not valid Unicode (validate/check-unicode). */
export const UNICODE_RULE = 'grammar/unicode';

/** The families of the rules Berth reports (`<family>/<rule>`). */
export const RULE_FAMILIES: readonly string[] = [
  'api',
  'construct',
  'grammar',
  'helm',
  'policy',
  'reference',
  'render',
  'schema',
  'synth',
  'validate',
];

/**
 * Why `rule` names no rule Berth reports, with a fix, or undefined when it may name one. Policy
 * rules are known one by one (POLICY_RULES); the others by their family, as some are made from
 * a schema keyword (`schema/minimum`). A waiver or a severity for a misspelt rule would do
 * nothing, and the rule it meant would still apply. The API server's rules (`api/...`) are
 * refused too: no waiver or setting makes it accept the object.
 */
export function unknownRule(rule: string): { readonly reason: string; readonly hint: string } | undefined {
  const slash = rule.indexOf('/');
  const family = slash > 0 ? rule.slice(0, slash) : '';
  if (!RULE_FAMILIES.includes(family) || slash === rule.length - 1) {
    const guess = closest(rule, Object.keys(POLICY_RULES));
    return {
      reason: `${JSON.stringify(rule)} is not a rule name (<family>/<rule>, the family one of ${RULE_FAMILIES.join(', ')})`,
      hint: guess
        ? `Did you mean "${guess}"? Reports name the rule of each problem.`
        : 'Copy the rule name from the report of the problem.',
    };
  }
  // A waiver or a severity cannot make kubectl read text that is not Unicode.
  if (rule === UNICODE_RULE) {
    return {
      reason: `${JSON.stringify(rule)} reports text kubectl and Helm cannot read, so no waiver or setting can lower it`,
      hint: 'Remove the unpaired surrogate the report names; the output could not be applied with it.',
    };
  }
  // A waiver or a severity cannot make the API server accept what it refuses.
  if (family === 'api') {
    const known = Object.prototype.hasOwnProperty.call(API_RULES, rule);
    return {
      reason: known
        ? `${JSON.stringify(rule)} reports what the API server refuses, so no waiver or setting can lower it`
        : `there is no API server rule ${JSON.stringify(rule)}, and none can be waived or lowered`,
      hint: 'Fix the field the report names; the object cannot be applied as it is.',
    };
  }
  if (family === 'policy' && !Object.prototype.hasOwnProperty.call(POLICY_RULES, rule)) {
    const guess = closest(rule, Object.keys(POLICY_RULES));
    return {
      reason: `there is no policy rule ${JSON.stringify(rule)}`,
      hint: guess ? `Did you mean "${guess}"?` : `The policy rules are: ${Object.keys(POLICY_RULES).join(', ')}.`,
    };
  }
  return undefined;
}
