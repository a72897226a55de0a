import * as fs from 'fs';
import * as path from 'path';
import { KubeObject } from '../../lib/model/manifest';
import { isCrd } from '../../lib/validate/crd-schemas';
import { PolicyProfile } from '../../lib/model/policy-profiles';
import { readManifests } from '../../lib/validate/read-manifests';

/** The fixtures folder of the validation tests. */
export const FIXTURES = path.join(__dirname, '..', 'fixtures', 'validate');

let crds: KubeObject[] | undefined;

/** The CRDs of the repository (`crds/`) and of the fixtures (`fixtures/validate/crds`). */
export function fixtureCrds(): KubeObject[] {
  if (!crds) {
    crds = [path.join(__dirname, '..', '..', 'crds'), path.join(FIXTURES, 'crds')]
      .flatMap((d) => readManifests(d))
      .map((r) => r.object)
      .filter((o) => isCrd(o));
  }
  return crds;
}

/** The header comments of a fixture: `# expect: <rule> <field>` and `# policy: <profile>`. */
export interface FixtureHeader {
  readonly rule?: string;
  readonly field?: string;
  readonly policy: PolicyProfile;
}

/** Reads the header comments at the top of a fixture. */
export function fixtureHeader(text: string): FixtureHeader {
  let rule: string | undefined;
  let field: string | undefined;
  let policy: PolicyProfile = 'restricted';
  for (const line of text.split('\n')) {
    if (!line.startsWith('#')) break;
    const expect = /^# expect: (\S+) (.+?)\s*$/.exec(line);
    if (expect) [, rule, field] = expect;
    const p = /^# policy: (restricted|baseline|none)\s*$/.exec(line);
    if (p) policy = p[1] as PolicyProfile;
  }
  return { rule, field, policy };
}

/** The `.yaml` files of a fixtures subfolder, sorted. */
export function fixtureFiles(sub: string): string[] {
  return fs
    .readdirSync(path.join(FIXTURES, sub))
    .filter((f) => f.endsWith('.yaml'))
    .sort();
}
