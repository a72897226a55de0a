import { Application, Cluster, ConfigMap, Environment, GitOpsSettings, Platform, VolumeSnapshotClass } from 'berth-k8s';
import { readOutputTree, readTree, tmpDir } from '../support/file-tree';

const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;

/**
 * Three environments on two clusters each; dev and staging share theirs (in their own
 * namespaces, the snapshot class owned by dev), so the cluster checks' dropping of staging's
 * copy is part of what every shard must agree on.
 */
function platform(): Platform {
  const p = new Platform();
  const devA = new Cluster('dev-a', { destination: { name: 'dev-a' } });
  const devB = new Cluster('dev-b', { destination: { server: 'https://dev-b.example.com' } });
  const clusters: Record<string, Cluster[]> = {
    dev: [devA, devB],
    staging: [devA, devB],
    prod: [
      new Cluster('prod-eu', { destination: { name: 'prod-eu' } }),
      new Cluster('prod-us', { destination: { name: 'prod-us' } }),
    ],
  };
  for (const name of ENVIRONMENTS) {
    const env = new Environment(p, name, {
      config: {},
      clusters: clusters[name],
      namespaces: { shop: `shop-${name}`, db: `db-${name}` },
    });
    for (const appName of ['shop', 'db']) {
      const app = new Application(env, appName);
      new ConfigMap(app, 'settings', { data: { environment: name } });
      if (appName === 'db') {
        const snap = new VolumeSnapshotClass(app, 'snap', { name: 'snap', driver: 'ebs.csi.aws.com' });
        if (name !== 'staging') Cluster.markOwner(snap);
      }
    }
  }
  return p;
}

/** Synthesizes the platform into `out`, the `environments` only when given. */
function synthInto(out: string, gitops: GitOpsSettings, environments?: readonly string[]): void {
  platform().synth({ outdir: out, policy: 'none', gitops, environments });
}

describe.each<[string, GitOpsSettings]>([
  ['Argo CD Applications', { repoURL: 'https://example.com/p.git' }],
  ['Argo CD ApplicationSets', { repoURL: 'https://example.com/p.git', applicationSets: ['prod'] }],
  ['Flux', { repoURL: 'https://example.com/p.git', engine: 'flux' }],
])('sharded synth equals full synth (%s)', (_what, gitops) => {
  test('one shard per environment, one after the other into one folder, writes the bytes of a full synth', () => {
    const full = tmpDir();
    synthInto(full, gitops);
    const expected = readOutputTree(full);
    expect(Object.keys(expected).filter((f) => f.startsWith('staging/')).length).toBeGreaterThan(0);
    const sharded = tmpDir();
    for (const env of ENVIRONMENTS) synthInto(sharded, gitops, [env]);
    expect(readOutputTree(sharded)).toEqual(expected);
  });

  test('shards run apart (one CI job each) write, together, exactly the files of a full synth', () => {
    const full = tmpDir();
    synthInto(full, gitops);
    const expected = readOutputTree(full);
    const together: Record<string, string> = {};
    for (const env of ENVIRONMENTS) {
      const job = tmpDir();
      synthInto(job, gitops, [env]);
      const files = readTree(job);
      delete files['.berth-output'];
      for (const [file, content] of Object.entries(files)) {
        // No file is written by two shards with other bytes.
        expect([file, together[file] ?? content]).toEqual([file, content]);
        together[file] = content;
      }
    }
    expect(together).toEqual(expected);
  });

  test('a shard over a full output of an older program changes only its environment, as a full synth would', () => {
    const out = tmpDir();
    synthInto(out, gitops);
    const before = readOutputTree(out);
    synthInto(out, gitops, ['prod']);
    expect(readOutputTree(out)).toEqual(before);
  });
});
