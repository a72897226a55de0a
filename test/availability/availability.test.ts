import {
  AutoscalingMetric,
  DaemonSet,
  Deployment,
  Duration,
  HorizontalPodAutoscaler,
  PodDisruptionBudget,
  StatefulSet,
} from 'berth-k8s';
import * as k8s from '../../lib/imports/k8s';
import { makeApp, render } from '../workloads/_helpers';

const SELECTOR = { matchLabels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'shop' } };

describe('HorizontalPodAutoscaler', () => {
  test('autoscale targets the workload and the Deployment stops setting replicas', () => {
    const { app } = makeApp({ resources: { requests: { cpu: '100m', memory: '128Mi' } } });
    const d = new Deployment(app, 'web', { replicas: 3, containers: [{ image: 'web:1' }] });
    const hpa = d.autoscale({ minReplicas: 2, maxReplicas: 10, cpuUtilization: 70, memoryUtilization: 80 });
    const json = render(hpa);
    expect(json.apiVersion).toBe('autoscaling/v2');
    expect(json.metadata.name).toBe('web');
    expect(json.metadata.labels['app.kubernetes.io/name']).toBe('web');
    expect(json.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
        { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } } },
      ],
    });
    expect(render(d).spec.replicas).toBeUndefined();
  });

  test('a standalone autoscaler targets a StatefulSet and defaults to 80% CPU', () => {
    const { app } = makeApp({ resources: { requests: { cpu: '100m' } } });
    const s = new StatefulSet(app, 'db', { containers: [{ image: 'db:1' }] });
    const hpa = new HorizontalPodAutoscaler(app, 'db-hpa', { target: s, maxReplicas: 4 });
    expect(render(hpa).spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db' });
    expect(render(hpa).spec.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
    ]);
    expect(render(hpa).spec.minReplicas).toBe(1);
  });

  test('bad bounds, non-scalable kinds and missing requests are refused', () => {
    const { app } = makeApp();
    const d = new Deployment(app, 'web', { containers: [{ image: 'web:1' }] });
    expect(() => d.autoscale({ minReplicas: 5, maxReplicas: 2 })).toThrow(
      'dev/shop/web/Autoscaler: field minReplicas: not allowed (got 5). Allowed: at most maxReplicas (2). Lower minReplicas or raise maxReplicas.',
    );
    expect(() => new HorizontalPodAutoscaler(app, 'h0', { target: d, maxReplicas: 0 })).toThrow(
      'dev/shop/h0: field maxReplicas: not allowed (got 0). Allowed: a whole number >= 1',
    );
    const ds = new DaemonSet(app, 'agent', { containers: [{ image: 'a:1' }] });
    expect(() => new HorizontalPodAutoscaler(app, 'h1', { target: ds, maxReplicas: 3 })).toThrow(
      'dev/shop/h1: field target: not allowed (got "dev/shop/agent"). Allowed: a Deployment or StatefulSet',
    );
    const hpa = new HorizontalPodAutoscaler(app, 'h2', { target: d, maxReplicas: 3 });
    expect(() => render(hpa)).toThrow(
      'dev/shop/h2: field metrics.cpu: not allowed (got 80). Allowed: a cpu utilization target only when every container of dev/shop/web requests cpu',
    );
  });
});

describe('HorizontalPodAutoscaler: other metrics and scaling behavior', () => {
  test('per-pod, object and external metrics render as autoscaling/v2 metric specs; CPU is then targeted only when asked', () => {
    const { app } = makeApp({ resources: { requests: { cpu: '100m' } } });
    const d = new Deployment(app, 'web', { containers: [{ image: 'web:1' }] });
    const ingress = new k8s.Ingress(app, 'ing', { metadata: { name: 'web' }, spec: {} });
    const hpa = d.autoscale({
      maxReplicas: 20,
      metrics: [
        AutoscalingMetric.pods('http_requests_per_second', '100'),
        AutoscalingMetric.object('requests-per-second', { of: ingress, value: '2k' }),
        AutoscalingMetric.external('queue_messages_ready', { selector: { queue: 'orders' }, averageValue: 30 }),
      ],
    });
    expect(render(hpa).spec.metrics).toEqual([
      {
        type: 'Pods',
        pods: { metric: { name: 'http_requests_per_second' }, target: { type: 'AverageValue', averageValue: '100' } },
      },
      {
        type: 'Object',
        object: {
          describedObject: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'web' },
          metric: { name: 'requests-per-second' },
          target: { type: 'Value', value: '2k' },
        },
      },
      {
        type: 'External',
        external: {
          metric: { name: 'queue_messages_ready', selector: { matchLabels: { queue: 'orders' } } },
          target: { type: 'AverageValue', averageValue: '30' },
        },
      },
    ]);
    const withCpu = new HorizontalPodAutoscaler(app, 'both', {
      target: d,
      maxReplicas: 5,
      cpuUtilization: 60,
      metrics: [AutoscalingMetric.pods('rps', 50)],
    });
    expect(render(withCpu).spec.metrics.map((m: { type: string }) => m.type)).toEqual(['Resource', 'Pods']);
  });

  test('scale-up and scale-down rules render as behavior, with stabilization windows and rate limits', () => {
    const { app } = makeApp({ resources: { requests: { cpu: '100m' } } });
    const d = new Deployment(app, 'web', { containers: [{ image: 'web:1' }] });
    const hpa = d.autoscale({
      maxReplicas: 10,
      scaleUp: {
        policies: [
          { pods: 4, period: Duration.seconds(60) },
          { percent: 100, period: Duration.seconds(60) },
        ],
        select: 'Max',
      },
      scaleDown: { stabilization: Duration.minutes(10), policies: [{ percent: 10, period: Duration.minutes(1) }] },
    });
    expect(render(hpa).spec.behavior).toEqual({
      scaleUp: {
        selectPolicy: 'Max',
        policies: [
          { type: 'Pods', value: 4, periodSeconds: 60 },
          { type: 'Percent', value: 100, periodSeconds: 60 },
        ],
      },
      scaleDown: { stabilizationWindowSeconds: 600, policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }] },
    });
    // The short form is the scale-down stabilization window.
    const short = new HorizontalPodAutoscaler(app, 'short', {
      target: d,
      maxReplicas: 3,
      scaleDownStabilization: Duration.minutes(2),
    });
    expect(render(short).spec.behavior).toEqual({ scaleDown: { stabilizationWindowSeconds: 120 } });
    const none = new HorizontalPodAutoscaler(app, 'none', { target: d, maxReplicas: 3 });
    expect(render(none).spec.behavior).toBeUndefined();
  });

  test('bad metrics and rules are refused where they are written, naming the autoscaler, the field, the value and the fix', () => {
    const { app } = makeApp({ resources: { requests: { cpu: '100m' } } });
    const d = new Deployment(app, 'web', { containers: [{ image: 'web:1' }] });
    const hpa = (id: string, extra: object) =>
      new HorizontalPodAutoscaler(app, id, { target: d, maxReplicas: 3, ...extra });
    expect(() => hpa('a', { metrics: [AutoscalingMetric.pods('rps', '0')] })).toThrow(
      'dev/shop/a: field metrics[0].target.averageValue: not allowed (got "0"). Allowed: a quantity above 0. The autoscaler divides by the target: give a positive value.',
    );
    expect(() => hpa('b', { metrics: [AutoscalingMetric.pods('rps', '10 req')] })).toThrow(
      /dev\/shop\/b: field metrics\[0\]\.target\.averageValue: not allowed \(got "10 req"\)\. Allowed: a number with an optional suffix/,
    );
    expect(() => hpa('c', { metrics: [AutoscalingMetric.pods('a/b', 1)] })).toThrow(
      "dev/shop/c: field metrics[0].metric.name: not allowed (got \"a/b\"). Allowed: a metric name that may not contain '/' or '%'",
    );
    expect(() => hpa('d', { metrics: [AutoscalingMetric.external('q', { value: 1, averageValue: 2 })] })).toThrow(
      'dev/shop/d: field metrics[0].target: not allowed (got {"value":1,"averageValue":2}). Allowed: exactly one of value and averageValue',
    );
    expect(() => hpa('e', { metrics: [AutoscalingMetric.external('q', { selector: {}, value: 1 })] })).toThrow(
      'dev/shop/e: field metrics[0].metric.selector: not allowed (got {}). Allowed: at least one label, or no selector',
    );
    expect(() =>
      hpa('e2', { metrics: [AutoscalingMetric.external('q', { selector: { queue: 'a b' }, value: 1 })] }),
    ).toThrow(
      'dev/shop/e2: field metrics[0].metric.selector.matchLabels.queue: not a valid label value (got "a b"). Allowed: empty, or at most 63 letters',
    );
    expect(() => hpa('f', { scaleDown: { stabilization: Duration.hours(2) } })).toThrow(
      'dev/shop/f: field behavior.scaleDown.stabilizationWindowSeconds: not allowed (got 7200). Allowed: at most 3600 seconds (one hour)',
    );
    expect(() => hpa('g', { scaleUp: { policies: [{ pods: 2, percent: 50, period: Duration.minutes(1) }] } })).toThrow(
      'dev/shop/g: field behavior.scaleUp.policies[0]: not allowed (got {"pods":2,"percent":50}). Allowed: exactly one of pods and percent',
    );
    expect(() => hpa('h', { scaleUp: { policies: [{ pods: 2, period: Duration.hours(1) }] } })).toThrow(
      'dev/shop/h: field behavior.scaleUp.policies[0].periodSeconds: not allowed (got 3600). Allowed: a whole number from 1 to 1800',
    );
    expect(() => hpa('i', { scaleUp: { policies: [] } })).toThrow(
      'dev/shop/i: field behavior.scaleUp.policies: not allowed (got []). Allowed: at least one policy (Kubernetes discards rules without one)',
    );
    expect(() => hpa('j', { scaleUp: { policies: [{ percent: 0, period: Duration.seconds(15) }] } })).toThrow(
      'dev/shop/j: field behavior.scaleUp.policies[0].percent: not allowed (got 0). Allowed: a whole number >= 1',
    );
    expect(() =>
      hpa('k', { scaleDownStabilization: Duration.minutes(1), scaleDown: { stabilization: Duration.minutes(2) } }),
    ).toThrow(
      'dev/shop/k: field scaleDownStabilization: not allowed (got 60). Allowed: either scaleDownStabilization or scaleDown.stabilization, not both',
    );
    expect(() => hpa('l', { scaleDown: { select: 'Fastest' } })).toThrow(
      'dev/shop/l: field behavior.scaleDown.selectPolicy: not allowed (got "Fastest"). Allowed: "Max", "Min" or "Disabled"',
    );
  });

  test('the rendered autoscaler passes synth validation (the autoscaling/v2 schema)', () => {
    const { app, platform } = makeApp({ resources: { requests: { cpu: '100m' } } });
    const d = new Deployment(app, 'web', { containers: [{ image: 'web:1' }] });
    d.autoscale({
      maxReplicas: 10,
      metrics: [AutoscalingMetric.pods('rps', '100'), AutoscalingMetric.external('queue', { value: '1.5k' })],
      scaleUp: { stabilization: Duration.seconds(30), policies: [{ pods: 2, period: Duration.seconds(15) }] },
      scaleDown: { select: 'Min', policies: [{ percent: 50, period: Duration.minutes(5) }] },
    });
    const result = platform.synth({ dryRun: true, policy: 'none' });
    expect(result.warnings).toEqual([]);
    const file = [...result.contents.keys()].find((f) => f.includes('horizontalpodautoscaler-web'))!;
    expect(result.contents.get(file)).toContain('averageValue: "100"');
  });
});

describe('PodDisruptionBudget', () => {
  test('addDisruptionBudget selects the workload with minAvailable', () => {
    const { app } = makeApp();
    const d = new Deployment(app, 'web', { replicas: 3, containers: [{ image: 'web:1' }] });
    const json = render(d.addDisruptionBudget({ minAvailable: 2 }));
    expect(json.apiVersion).toBe('policy/v1');
    expect(json.metadata.name).toBe('web');
    expect(json.metadata.labels['app.kubernetes.io/name']).toBe('web');
    expect(json.spec).toEqual({ selector: SELECTOR, minAvailable: 2 });
  });

  test('defaults to maxUnavailable 1 and accepts percentages', () => {
    const { app } = makeApp();
    const d = new Deployment(app, 'web', { containers: [{ image: 'web:1' }] });
    expect(render(new PodDisruptionBudget(app, 'p1', { selector: d })).spec).toEqual({
      selector: SELECTOR,
      maxUnavailable: 1,
    });
    expect(render(new PodDisruptionBudget(app, 'p2', { selector: d, maxUnavailable: '25%' })).spec).toEqual({
      selector: SELECTOR,
      maxUnavailable: '25%',
    });
  });

  test('both fields, or malformed values, are refused', () => {
    const { app } = makeApp();
    const d = new Deployment(app, 'web', { containers: [{ image: 'web:1' }] });
    expect(() => d.addDisruptionBudget({ minAvailable: 1, maxUnavailable: 1 })).toThrow(
      'dev/shop/web/DisruptionBudget: field maxUnavailable: not allowed (got 1). Allowed: either minAvailable or maxUnavailable, not both. Remove one of the two.',
    );
    expect(() => new PodDisruptionBudget(app, 'p', { selector: d, minAvailable: '150%' })).toThrow(
      'dev/shop/p: field minAvailable: not allowed (got "150%"). Allowed: a whole number >= 0 or a percentage from "0%" to "100%"',
    );
    expect(() => new PodDisruptionBudget(app, 'q', { selector: d, maxUnavailable: -1 })).toThrow(
      'dev/shop/q: field maxUnavailable: not allowed (got -1). Allowed: a whole number >= 0',
    );
  });
});
