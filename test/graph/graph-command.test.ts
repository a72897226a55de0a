import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../lib/cli/main';
import { runGraphCommand } from '../../lib/cli/commands/graph-command';
import { bufferIO } from '../support/capture-io';

// Berth's build, as a user's program imports the package (its declarations type-check fast).
const LIB = path.resolve(__dirname, '..', '..', 'build', 'lib');

/** A project with, per environment, app `shop`: deployments web and db, web's Service, and policies web → db only. */
function project(policy = 'none'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-graph-'));
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), `app: apps/main.ts\noutput: dist\nberth:\n  policy: ${policy}\n`);
  fs.mkdirSync(path.join(dir, 'apps'));
  fs.writeFileSync(
    path.join(dir, 'apps', 'main.ts'),
    `
import { ApiResource, Application, Environment, Platform } from ${JSON.stringify(path.join(LIB, 'index'))};
export const platform = new Platform();
const labels = (name: string) => ({ 'app.kubernetes.io/name': name });
for (const env of ['dev', 'prod']) {
  const app = new Application(new Environment(platform, env, { config: {} }), 'shop');
  for (const [name, port] of [['web', 8080], ['db', 5432]] as const) {
    new ApiResource(app, name, { apiVersion: 'apps/v1', kind: 'Deployment' }, { spec: {
      selector: { matchLabels: labels(name) },
      template: { metadata: { labels: labels(name) }, spec: { containers: [{ name, image: 'example.com/' + name + ':1', ports: [{ containerPort: port }] }] } },
    } } as object);
  }
  new ApiResource(app, 'web-svc', { apiVersion: 'v1', kind: 'Service' }, { metadata: { name: 'web' }, spec: { selector: labels('web'), ports: [{ port: 80, targetPort: 8080 }] } } as object);
  new ApiResource(app, 'deny', { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' }, { spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } } as object);
  new ApiResource(app, 'web-to-db', { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' }, { spec: { podSelector: { matchLabels: labels('web') }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: labels('db') } }] }] } } as object);
  new ApiResource(app, 'db-from-web', { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' }, { spec: { podSelector: { matchLabels: labels('db') }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: labels('web') } }], ports: [{ port: 5432 }] }] } } as object);
}
`,
  );
  return dir;
}

describe('berth graph', () => {
  test('prints a Mermaid flowchart of one environment with the flows its NetworkPolicies allow', async () => {
    const { io, out } = bufferIO();
    expect(await runGraphCommand(['--env', 'dev'], io, project())).toBe(0);
    expect(out()).toBe(
      [
        'flowchart LR',
        '  subgraph app1["app shop"]',
        '    n1["Deployment web"]',
        '    n2["Deployment db"]',
        '    n3(["Service web"])',
        '  end',
        '  n3 -->|"routes 80→8080/TCP"| n1',
        '  n1 ==>|"5432/TCP"| n2',
        '',
      ].join('\n'),
    );
  });

  test('--format json carries the reachability matrix', async () => {
    const { io, out } = bufferIO();
    expect(await runGraphCommand(['--env', 'prod', '--format', 'json'], io, project())).toBe(0);
    const graph = JSON.parse(out());
    expect(graph.environment).toBe('prod');
    expect(graph.flows.matrix).toEqual({
      workloads: ['shop/web', 'shop/db'],
      allowed: [
        [[], ['5432/TCP']],
        [[], []],
      ],
    });
    // One line per row of the matrix (N x N cells would otherwise be most of the output).
    expect(out()).toContain('      "allowed": [\n        [[],["5432/TCP"]],\n        [[],[]]\n      ]\n');
  });

  test('--format dot prints a digraph named after the environment', async () => {
    const { io, out } = bufferIO();
    expect(await runGraphCommand(['--env', 'dev', '--format', 'dot'], io, project())).toBe(0);
    expect(out()).toMatch(/^digraph "dev" \{\n/);
    expect(out()).toContain('  n1 -> n2 [label="5432/TCP", style=bold];\n');
  });

  test('asks for --env when the platform has several environments (exit 2)', async () => {
    const { io, err } = bufferIO();
    const cwd = process.cwd();
    process.chdir(project());
    try {
      expect(await main(['graph'], io)).toBe(2);
    } finally {
      process.chdir(cwd);
    }
    expect(err()).toBe(
      'berth graph: the platform has 2 environments (dev, prod); pick one\n  hint: Example: berth graph --env dev\n',
    );
  });

  test('asks for --env before checking anything: errors of the platform do not hide the question', async () => {
    // Under the restricted profile, every Deployment of the project breaks policy rules.
    const dir = project('restricted');
    const ask = bufferIO();
    expect(await runGraphCommand([], ask.io, dir).catch((e: Error) => e.message)).toBe(
      'the platform has 2 environments (dev, prod); pick one',
    );
    expect(ask.out()).toBe('');
    // With one picked, those errors are what graph reports.
    const picked = bufferIO();
    expect(await runGraphCommand(['--env', 'dev'], picked.io, dir)).toBe(1);
    expect(picked.err()).toContain('policy/');
    expect(picked.err()).toContain('berth graph: synth failed');
  });
});

describe('berth graph --clusters', () => {
  /** dev and staging on cluster `nonprod` (staging's app in `shop-staging`), prod on `prod-eu`. */
  function clusterProject(withClusters = true): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-graph-'));
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), 'app: apps/main.ts\noutput: dist\nberth:\n  policy: none\n');
    fs.mkdirSync(path.join(dir, 'apps'));
    fs.writeFileSync(
      path.join(dir, 'apps', 'main.ts'),
      `
import { Application, Cluster, ConfigMap, Environment, Platform } from ${JSON.stringify(path.join(LIB, 'index'))};
export const platform = new Platform();
const nonprod = new Cluster('nonprod');
const clusters: Record<string, Cluster[]> = { dev: [nonprod], staging: [nonprod], prod: [new Cluster('prod-eu', { destination: { name: 'prod-eu' } })] };
for (const env of ['dev', 'staging', 'prod']) {
  const e = new Environment(platform, env, { config: {}, clusters: ${withClusters} ? clusters[env] : [], namespaces: env === 'staging' ? { shop: 'shop-staging' } : undefined });
  new ConfigMap(new Application(e, 'shop'), 'settings');
}
`,
    );
    return dir;
  }

  test('shows which environments share which cluster, in which namespaces', async () => {
    const dir = clusterProject();
    const mermaid = bufferIO();
    expect(await runGraphCommand(['--clusters'], mermaid.io, dir)).toBe(0);
    expect(mermaid.out()).toBe(
      [
        'flowchart LR',
        '  e1["environment dev"]',
        '  e2["environment staging"]',
        '  e3["environment prod"]',
        '  c1[("cluster nonprod (shared)")]',
        '  c2[("cluster prod-eu")]',
        '  e1 -->|"shop"| c1',
        '  e2 -->|"shop-staging"| c1',
        '  e3 -->|"shop"| c2',
        '',
      ].join('\n'),
    );
    const json = bufferIO();
    expect(await runGraphCommand(['--clusters', '--format', 'json'], json.io, dir)).toBe(0);
    expect(JSON.parse(json.out())).toEqual({
      clusters: [
        {
          cluster: 'nonprod',
          destination: 'https://kubernetes.default.svc',
          environments: [
            { name: 'dev', namespaces: ['shop'] },
            { name: 'staging', namespaces: ['shop-staging'] },
          ],
          shared: true,
        },
        {
          cluster: 'prod-eu',
          destination: 'name prod-eu',
          environments: [{ name: 'prod', namespaces: ['shop'] }],
          shared: false,
        },
      ],
    });
  });

  test('with --env, or on a platform whose environments name no cluster, it says so', async () => {
    const both = bufferIO();
    expect(await main(['graph', '--clusters', '--env', 'dev'], both.io, clusterProject())).toBe(2);
    expect(both.err()).toBe(
      'berth graph: --clusters shows every environment; it takes no --env\n' +
        '  hint: Run `berth graph --clusters` for the clusters, or `berth graph --env E` for one environment.\n',
    );
    const none = bufferIO();
    expect(await main(['graph', '--clusters'], none.io, clusterProject(false))).toBe(1);
    expect(none.err()).toContain('berth graph: no environment of the platform names a cluster\n');
  });
});
