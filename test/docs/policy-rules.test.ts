import * as fs from 'fs';
import * as path from 'path';
import { POLICY_RULES } from '../../lib/model/policy-profiles';

test("the README's table of policy rules lists every rule with the severities each profile gives it", () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const rows = readme
    .split('\n')
    .map((l) => /^\| `(policy\/[a-z-]+)` \| (\w+) \| (\w+) \| (.*) \|$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map(([, rule, restricted, baseline, summary]) => [rule, restricted, baseline, summary]);
  expect(rows).toEqual(Object.entries(POLICY_RULES).map(([rule, s]) => [rule, s.restricted, s.baseline, s.summary]));
});
