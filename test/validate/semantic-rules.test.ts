import { ManifestRecord } from '../../lib/model/manifest';
import { Problem } from '../../lib/model/problem';
import { validateManifests } from '../../lib/validate/validate-manifests';
import { CASE_GROUPS, SemanticCase } from './semantic-cases';
import { Doc } from './semantic-cases/bases';

/**
 * The API server's own validation, one defect at a time: each case's object passes validation
 * as it is, and with its one defect yields exactly the problems the API server would report,
 * with its field path and wording (`<path>: <message>`), as errors of an `api/` rule with a fix.
 */

function records(objects: readonly Doc[]): ManifestRecord[] {
  return objects.map((object) => ({
    environment: 'test',
    app: 'shop',
    constructPath: `test/shop/${String(object.kind)}`,
    object: object as ManifestRecord['object'],
    waivers: [],
    dependsOn: [],
  }));
}

function objectsOf(c: SemanticCase): Doc[] {
  const m = c.manifest();
  return Array.isArray(m) ? [...m] : [m as Doc];
}

function lines(problems: readonly Problem[]): string[] {
  return problems.map((p) => `${p.field ?? ''}: ${p.message}`).sort();
}

const all = Object.values(CASE_GROUPS).flat();

test('the table holds at least 150 cases, each named once', () => {
  expect(all.length).toBeGreaterThanOrEqual(150);
  expect(new Set(all.map((c) => c.name)).size).toBe(all.length);
});

for (const [group, cases] of Object.entries(CASE_GROUPS)) {
  describe(group, () => {
    test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      const objects = objectsOf(c);
      expect(lines(validateManifests(records(objects), { policy: 'none' }))).toEqual([]);
      c.defect(objects[0]);
      const problems = validateManifests(records(objects), { policy: 'none' });
      expect(lines(problems)).toEqual([...(typeof c.expect === 'string' ? [c.expect] : c.expect)].sort());
      for (const p of problems) {
        expect(p.rule).toMatch(/^api\//);
        expect(p.severity).toBe('error');
        expect(p.hint.length).toBeGreaterThan(15);
      }
    });
  });
}
