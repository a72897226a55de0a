import * as fs from 'fs';
import * as path from 'path';
import { parseManifests } from '../../lib/validate/read-manifests';
import { validateManifests } from '../../lib/validate/validate-manifests';
import { fixtureCrds, fixtureFiles, fixtureHeader, FIXTURES } from './corpus-helpers';

const bad = fixtureFiles('bad');
const good = fixtureFiles('good');

test('the bad corpus has at least 60 cases, each with an expectation', () => {
  expect(bad.length).toBeGreaterThanOrEqual(60);
  for (const f of bad) {
    const header = fixtureHeader(fs.readFileSync(path.join(FIXTURES, 'bad', f), 'utf8'));
    expect({ file: f, hasRule: header.rule !== undefined, hasField: header.field !== undefined }).toEqual({
      file: f,
      hasRule: true,
      hasField: true,
    });
  }
});

describe('each bad manifest yields exactly the expected problem', () => {
  test.each(bad)('%s', (file) => {
    const text = fs.readFileSync(path.join(FIXTURES, 'bad', file), 'utf8');
    const header = fixtureHeader(text);
    const problems = validateManifests(parseManifests(text, file), { policy: header.policy, crds: fixtureCrds() });
    expect(problems.map((p) => ({ rule: p.rule, field: p.field }))).toEqual([
      { rule: header.rule, field: header.field },
    ]);
    expect(problems[0].severity).toBe('error');
    expect(problems[0].message.length).toBeGreaterThan(10);
    expect(problems[0].hint.length).toBeGreaterThan(5);
    expect(problems[0].file).toBe(file);
  });
});

describe('each good manifest set passes the profile it was written for', () => {
  test.each(good)('%s', (file) => {
    const text = fs.readFileSync(path.join(FIXTURES, 'good', file), 'utf8');
    const header = fixtureHeader(text);
    const records = parseManifests(text, file);
    expect(records.length).toBeGreaterThan(3);
    const problems = validateManifests(records, { policy: header.policy, crds: fixtureCrds() });
    expect(problems.map((p) => `${p.severity} ${p.rule} ${p.object} ${p.field}: ${p.message}`)).toEqual([]);
  });
});

test('the kubectl-style manifests fail the restricted profile they were not written for', () => {
  const text = fs.readFileSync(path.join(FIXTURES, 'good', 'kubectl-style.yaml'), 'utf8');
  const rules = new Set(validateManifests(parseManifests(text, 'k.yaml'), { policy: 'restricted' }).map((p) => p.rule));
  expect([...rules].sort()).toEqual(
    expect.arrayContaining([
      'policy/image-tag',
      'policy/run-as-non-root',
      'policy/resource-limits',
      'policy/default-deny-network-policy',
    ]),
  );
});
