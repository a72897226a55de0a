import * as path from 'path';
import { runGraphCommand } from '../../lib/cli/commands/graph-command';
import { buildGraph } from '../../lib/graph/build-graph';
import { renderMermaid } from '../../lib/graph/render-graph';
import { KubeObject } from '../../lib/model/manifest';
import { bufferIO } from '../support/capture-io';

const REPO = path.resolve(__dirname, '..', '..');

const obj = (o: object) => ({ app: 'shop', object: o as KubeObject });

describe('berth graph and Gateway API routes', () => {
  test('a route: its Gateway attaches it (listener, hostnames), it routes to its Service; a Gateway elsewhere is external', () => {
    const graph = buildGraph([
      obj({
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'Gateway',
        metadata: { name: 'public', namespace: 'shop' },
        spec: {},
      }),
      obj({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web', namespace: 'shop' },
        spec: { ports: [{ port: 80 }] },
      }),
      obj({
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { name: 'web', namespace: 'shop' },
        spec: {
          parentRefs: [
            { name: 'public', sectionName: 'https' },
            { name: 'shared', namespace: 'infra' },
          ],
          hostnames: ['shop.example.com'],
          rules: [{ backendRefs: [{ name: 'web', port: 80 }] }],
        },
      }),
    ]);
    expect(graph.edges).toEqual([
      { from: 'Gateway/shop/public', to: 'HTTPRoute/shop/web', type: 'attaches', label: 'https shop.example.com' },
      { from: 'Gateway/infra/shared', to: 'HTTPRoute/shop/web', type: 'attaches', label: 'shop.example.com' },
      { from: 'HTTPRoute/shop/web', to: 'Service/shop/web', type: 'routes', label: '80' },
    ]);
    expect(renderMermaid(graph)).toBe(
      [
        'flowchart LR',
        '  subgraph app1["app shop"]',
        '    n1>"Gateway public"]',
        '    n2(["Service web"])',
        '    n3{"HTTPRoute web"}',
        '  end',
        '  n4{{"Gateway infra/shared"}}',
        '  n1 -->|"attaches https shop.example.com"| n3',
        '  n4 -->|"attaches shop.example.com"| n3',
        '  n3 -->|"routes 80"| n2',
        '',
      ].join('\n'),
    );
  });

  test("the reference platform's graph shows the shop's frontend behind its Gateway and HTTPRoute", async () => {
    for (const [env, host] of [
      ['dev', 'shop.dev.example.com'],
      ['prod', 'shop.example.com'],
    ]) {
      const { io, out } = bufferIO();
      expect(await runGraphCommand(['--env', env, '--format', 'json'], io, REPO)).toBe(0);
      const edges = (JSON.parse(out()) as { edges: { from: string; to: string; type: string }[] }).edges;
      expect(edges).toEqual(
        expect.arrayContaining([
          { from: 'Gateway/shop/public', to: 'HTTPRoute/shop/frontend', type: 'attaches', label: host },
          { from: 'HTTPRoute/shop/frontend', to: 'Service/shop/frontend', type: 'routes', label: '8080' },
          { from: 'Service/shop/frontend', to: 'Deployment/shop/frontend', type: 'routes', label: '8080→http/TCP' },
        ]),
      );
    }
  });
});
