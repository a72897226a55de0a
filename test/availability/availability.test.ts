import { DaemonSet, Deployment, HorizontalPodAutoscaler, PodDisruptionBudget, StatefulSet } from 'berth';
import { makeApp, render } from '../workloads/_helpers';

const SELECTOR = { matchLabels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'shop' } };

describe('HorizontalPodAutoscaler', () => {
  test('autoscale targets the workload and the Deployment stops setting replicas', () => {
    const { app } = makeApp({ resources: { requests: { cpu: '100m', memory: '128Mi' } } });
    const d = new Deployment(app, 'web', { replicas: 3, containers: [{ image: 'web:1' }] });
    const hpa = d.autoscale({ minReplicas: 2, maxReplicas: 10, cpuUtilization: 70, memoryUtilization: 80 });
    const json = render(hpa.resource);
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
    expect(render(d.resource).spec.replicas).toBeUndefined();
  });

  test('a standalone autoscaler targets a StatefulSet and defaults to 80% CPU', () => {
    const { app } = makeApp({ resources: { requests: { cpu: '100m' } } });
    const s = new StatefulSet(app, 'db', { containers: [{ image: 'db:1' }] });
    const hpa = new HorizontalPodAutoscaler(app, 'db-hpa', { target: s, maxReplicas: 4 });
    expect(render(hpa.resource).spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db' });
    expect(render(hpa.resource).spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]);
    expect(render(hpa.resource).spec.minReplicas).toBe(1);
  });

  test('bad bounds, non-scalable kinds and missing requests are refused', () => {
    const { app } = makeApp();
    const d = new Deployment(app, 'web', { containers: [{ image: 'web:1' }] });
    expect(() => d.autoscale({ minReplicas: 5, maxReplicas: 2 })).toThrow(
      'dev/shop/web/Autoscaler: minReplicas: 5 is not allowed; expected at most maxReplicas (2). Fix: lower minReplicas or raise maxReplicas');
    expect(() => new HorizontalPodAutoscaler(app, 'h0', { target: d, maxReplicas: 0 })).toThrow('dev/shop/h0: maxReplicas: 0 is not allowed; expected a whole number >= 1');
    const ds = new DaemonSet(app, 'agent', { containers: [{ image: 'a:1' }] });
    expect(() => new HorizontalPodAutoscaler(app, 'h1', { target: ds, maxReplicas: 3 })).toThrow(
      'dev/shop/h1: target: "dev/shop/agent" is not allowed; expected a Deployment or StatefulSet');
    const hpa = new HorizontalPodAutoscaler(app, 'h2', { target: d, maxReplicas: 3 });
    expect(() => render(hpa.resource)).toThrow(
      'dev/shop/h2: metrics.cpu: 80 is not allowed; expected a cpu utilization target only when every container of dev/shop/web requests cpu');
  });
});

describe('PodDisruptionBudget', () => {
  test('addDisruptionBudget selects the workload with minAvailable', () => {
    const { app } = makeApp();
    const d = new Deployment(app, 'web', { replicas: 3, containers: [{ image: 'web:1' }] });
    const json = render(d.addDisruptionBudget({ minAvailable: 2 }).resource);
    expect(json.apiVersion).toBe('policy/v1');
    expect(json.metadata.name).toBe('web');
    expect(json.metadata.labels['app.kubernetes.io/name']).toBe('web');
    expect(json.spec).toEqual({ selector: SELECTOR, minAvailable: 2 });
  });

  test('defaults to maxUnavailable 1 and accepts percentages', () => {
    const { app } = makeApp();
    const d = new Deployment(app, 'web', { containers: [{ image: 'web:1' }] });
    expect(render(new PodDisruptionBudget(app, 'p1', { selector: d }).resource).spec).toEqual({ selector: SELECTOR, maxUnavailable: 1 });
    expect(render(new PodDisruptionBudget(app, 'p2', { selector: d, maxUnavailable: '25%' }).resource).spec).toEqual({ selector: SELECTOR, maxUnavailable: '25%' });
  });

  test('both fields, or malformed values, are refused', () => {
    const { app } = makeApp();
    const d = new Deployment(app, 'web', { containers: [{ image: 'web:1' }] });
    expect(() => d.addDisruptionBudget({ minAvailable: 1, maxUnavailable: 1 })).toThrow(
      'dev/shop/web/DisruptionBudget: maxUnavailable: 1 is not allowed; expected either minAvailable or maxUnavailable, not both. Fix: remove one of the two');
    expect(() => new PodDisruptionBudget(app, 'p', { selector: d, minAvailable: '150%' })).toThrow(
      'dev/shop/p: minAvailable: "150%" is not allowed; expected a whole number >= 0 or a percentage from "0%" to "100%"');
    expect(() => new PodDisruptionBudget(app, 'q', { selector: d, maxUnavailable: -1 })).toThrow('dev/shop/q: maxUnavailable: -1 is not allowed; expected a whole number >= 0');
  });
});
