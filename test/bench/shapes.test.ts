import { shape, SHAPES } from '../../bench/workloads/shapes';

describe('the platform shapes of bench:scale', () => {
  test.each(SHAPES)(
    '%s: N services, each a Deployment, its Service and the policies from the previous one; it synthesizes cleanly',
    (name) => {
      const result = shape(name, 60).synth({ dryRun: true, policy: 'baseline' });
      const kinds = new Map<string, number>();
      for (const app of result.apps)
        for (const r of app.records) kinds.set(r.object.kind, (kinds.get(r.object.kind) ?? 0) + 1);
      expect(kinds.get('Deployment')).toBe(60);
      expect(kinds.get('Service')).toBe(60);
      const apps = { 'one-app': 1, 'many-apps': 15, 'many-envs': 3 }[name];
      const envs = new Set(result.apps.map((a) => a.environment.name));
      expect(result.apps).toHaveLength(apps);
      expect(envs.size).toBe(name === 'many-envs' ? 3 : 1);
      // Per app: a default-deny policy, and an ingress and an egress policy per link between consecutive services.
      expect(kinds.get('NetworkPolicy')).toBe(apps + 2 * (60 - apps));
      expect(result.warnings.filter((p) => p.severity === 'error')).toEqual([]);
    },
  );
});
