import { buildGraph, GraphInput } from '../../lib/graph/build-graph';
import { renderDot, renderMermaid } from '../../lib/graph/render-graph';
import { KubeObject } from '../../lib/model/manifest';

const sel = (name: string): Record<string, unknown> => ({ matchLabels: { 'app.kubernetes.io/name': name } });

function inputs(): GraphInput[] {
  const objects: KubeObject[] = [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        template: {
          metadata: { labels: { 'app.kubernetes.io/name': 'web' } },
          spec: { containers: [{ name: 'web', ports: [{ containerPort: 8080 }] }] },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { selector: { 'app.kubernetes.io/name': 'web' }, ports: [{ port: 80, targetPort: 8080 }] },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'shop' },
      spec: {
        template: {
          metadata: { labels: { 'app.kubernetes.io/name': 'db' } },
          spec: {
            containers: [{ name: 'pg', ports: [{ containerPort: 5432 }] }],
            volumes: [{ name: 'restore', persistentVolumeClaim: { claimName: 'restored' } }],
          },
        },
        volumeClaimTemplates: [{ metadata: { name: 'data' } }],
      },
    },
    {
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshot',
      metadata: { name: 'nightly', namespace: 'shop' },
      spec: { source: { persistentVolumeClaimName: 'data-db-0' } },
    },
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'restored', namespace: 'shop' },
      spec: { dataSource: { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'nightly' } },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'deny', namespace: 'shop' },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'web-to-db', namespace: 'shop' },
      spec: {
        podSelector: sel('web'),
        policyTypes: ['Egress'],
        egress: [
          { to: [{ podSelector: sel('db') }], ports: [{ port: 5432 }] },
          { to: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ port: 443 }] },
        ],
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'db-from-web', namespace: 'shop' },
      spec: { podSelector: sel('db'), ingress: [{ from: [{ podSelector: sel('web') }] }] },
    },
  ];
  return objects.map((object) => ({ app: 'shop', object }));
}

describe('buildGraph', () => {
  test('connects services to workloads, workloads to claims, snapshots to claims, and draws the allowed flows', () => {
    const g = buildGraph(inputs(), 'dev');
    expect(g.nodes.map((n) => `${n.type} ${n.id}`)).toEqual([
      'workload Deployment/shop/web',
      'service Service/shop/web',
      'workload StatefulSet/shop/db',
      'snapshot VolumeSnapshot/shop/nightly',
      'storage PersistentVolumeClaim/shop/restored',
      'storage PersistentVolumeClaim/shop/data-db-*',
      'storage PersistentVolumeClaim/shop/data-db-0',
      'external external:ipBlock 10.0.0.0/8',
    ]);
    expect(g.edges).toEqual([
      { from: 'Service/shop/web', to: 'Deployment/shop/web', type: 'routes', label: '80→8080/TCP' },
      { from: 'StatefulSet/shop/db', to: 'PersistentVolumeClaim/shop/restored', type: 'mounts' },
      { from: 'StatefulSet/shop/db', to: 'PersistentVolumeClaim/shop/data-db-*', type: 'mounts' },
      { from: 'PersistentVolumeClaim/shop/data-db-0', to: 'VolumeSnapshot/shop/nightly', type: 'snapshot' },
      { from: 'VolumeSnapshot/shop/nightly', to: 'PersistentVolumeClaim/shop/restored', type: 'restore' },
      { from: 'Deployment/shop/web', to: 'StatefulSet/shop/db', type: 'flow', label: '5432/TCP' },
      { from: 'Deployment/shop/web', to: 'external:ipBlock 10.0.0.0/8', type: 'flow', label: '443/TCP' },
    ]);
    expect(g.apps).toEqual([{ name: 'shop', nodes: g.nodes.filter((n) => n.app === 'shop').map((n) => n.id) }]);
    expect(g.apps[0].nodes).not.toContain('PersistentVolumeClaim/shop/data-db-0');
  });

  test('renders as a Mermaid flowchart with one subgraph per app', () => {
    expect(renderMermaid(buildGraph(inputs().slice(0, 2), 'dev'))).toBe(
      [
        'flowchart LR',
        '  subgraph app1["app shop"]',
        '    n1["Deployment web"]',
        '    n2(["Service web"])',
        '  end',
        '  n2 -->|"routes 80→8080/TCP"| n1',
        '',
      ].join('\n'),
    );
  });

  test('renders as DOT with a cluster per app and bold flows', () => {
    const dot = renderDot(buildGraph(inputs(), 'dev'));
    expect(dot.split('\n').slice(0, 4)).toEqual([
      'digraph "dev" {',
      '  rankdir=LR;',
      '  subgraph cluster_1 {',
      '    label="app shop";',
    ]);
    expect(dot).toContain('  n1 -> n3 [label="5432/TCP", style=bold];\n');
    expect(dot).toContain('  n8 [label="ipBlock 10.0.0.0/8", shape=hexagon];\n');
  });
});
