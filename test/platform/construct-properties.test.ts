import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import {
  Application,
  Deployment,
  Environment,
  NetworkPolicies,
  Namespace,
  PersistentVolumeClaim,
  Platform,
  Probe,
  Size,
  ValidationFailed,
  Volume,
} from 'berth-k8s';
import { writeOwnedTree } from '../support/file-tree';

/** Mostly valid values, often values at the edges of Kubernetes grammars, sometimes anything. */
function mostly<T>(valid: fc.Arbitrary<T>, ...invalid: fc.Arbitrary<T>[]): fc.Arbitrary<T> {
  return fc.oneof({ arbitrary: valid, weight: 6 }, ...invalid.map((arbitrary) => ({ arbitrary, weight: 1 })));
}
const nameLike = mostly(
  fc.stringMatching(/^[a-z][a-z0-9-]{0,20}[a-z0-9]$/),
  fc.string({ maxLength: 70 }),
  fc.constantFrom('', '-a', 'a-', 'A', 'a_b', 'x'.repeat(64), 'a.b', 'yes', '0644'),
);
const imageLike = mostly(
  fc.constantFrom('nginx:1.27.2', 'ghcr.io/a/b@sha256:' + 'a'.repeat(64), 'registry:5000/x:1'),
  fc.constantFrom('nginx', 'nginx:latest', ':', ''),
  fc.string({ maxLength: 30 }),
);
const quantityLike = mostly(
  fc.constantFrom('1Gi', '500Mi', '10G', '1e3'),
  fc.constantFrom('1K', '1.5x', '', '-1Gi', '0'),
  fc.string({ maxLength: 8 }),
);

interface Case {
  readonly app: string;
  readonly component: string;
  readonly image: string;
  readonly replicas: number;
  readonly port: number;
  readonly size: string;
  readonly label: string;
}

const cases: fc.Arbitrary<Case> = fc.record({
  app: nameLike,
  component: nameLike,
  image: imageLike,
  replicas: mostly(
    fc.integer({ min: 0, max: 5 }),
    fc.integer({ min: -3, max: -1 }),
    fc.constantFrom(0.5, Number.NaN, 1e12),
  ),
  port: mostly(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: -1, max: 70000 })),
  size: quantityLike,
  label: nameLike,
});

function tree(dir: string): string {
  if (!fs.existsSync(dir)) return '';
  const parts: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else parts.push(`${path.relative(dir, p)}\n${fs.readFileSync(p, 'utf8')}`);
    }
  };
  walk(dir);
  return parts.join('\n');
}

test('random construct props either synthesize valid output or fail with a message naming the construct, never a crash or partial output', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-prop-'));
  // A previous output (with the list of its files, as Berth writes it).
  writeOwnedTree(out, { 'old/previous.yaml': 'previous: output\n' });
  let written = 0;
  let refusedAtConstruction = 0;
  let refusedAtSynth = 0;
  fc.assert(
    fc.property(cases, (c) => {
      const before = tree(out);
      let platform: Platform;
      try {
        platform = new Platform();
        const env = new Environment(platform, 'dev', {
          config: {},
          defaults: {
            resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '200m', memory: '64Mi' } },
          },
        });
        const app = new Application(env, c.app);
        new Namespace(app, 'Namespace', { name: app.namespace ?? 'x' });
        NetworkPolicies.defaultDeny(app);
        const claim = new PersistentVolumeClaim(app, 'Data', { storage: Size.of(c.size), labels: { team: c.label } });
        new Deployment(app, c.component, {
          replicas: c.replicas,
          containers: [
            {
              image: c.image,
              ports: [{ port: c.port, name: 'http' }],
              readiness: Probe.http('/healthz', { port: c.port }),
              volumeMounts: [{ volume: Volume.fromPersistentVolumeClaim(claim), path: '/data' }],
            },
          ],
        });
      } catch (e) {
        // Refused at construction: an Error whose message names where (a construct path or the value).
        expect(e).toBeInstanceOf(Error);
        // ...and never a JavaScript runtime error leaking out of the SDK.
        expect(['TypeError', 'RangeError', 'ReferenceError', 'SyntaxError']).not.toContain(
          (e as Error).constructor.name,
        );
        expect((e as Error).message.length).toBeGreaterThan(10);
        refusedAtConstruction++;
        return;
      }
      try {
        platform.synth({ outdir: out });
        written++;
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationFailed);
        const problems = (e as ValidationFailed).problems;
        expect(problems.length).toBeGreaterThan(0);
        for (const p of problems) {
          expect(typeof p.rule).toBe('string');
          expect(p.message.length).toBeGreaterThan(0);
          expect(p.hint.length).toBeGreaterThan(0);
        }
        expect(tree(out)).toBe(before);
        refusedAtSynth++;
      }
    }),
    { numRuns: 300, seed: 20261126 },
  );
  // The generators reach all three outcomes.
  expect(written).toBeGreaterThan(0);
  expect(refusedAtConstruction).toBeGreaterThan(0);
  expect(refusedAtSynth + refusedAtConstruction + written).toBe(300);
});
