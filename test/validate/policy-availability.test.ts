import { deployment, hpa, LABELS, pdb, reported, SPREAD, workload } from './policy-helpers';

/**
 * The checks Polaris, kube-linter and kube-score share, as Berth's policy rules: one failing and
 * one passing case per rule, and the severity each profile gives it: availability.
 */

describe('policy/min-replicas', () => {
  test('a Deployment of 1 replica (or none set) is a warning; 2 are fine', () => {
    expect(reported('policy/min-replicas', [deployment({ replicas: 1 }, SPREAD), pdb({ maxUnavailable: 1 })])).toEqual([
      'warning Deployment/shop/web at spec.replicas (1): Deployment web runs 1 replica: one crash or node drain takes it down | fix: Set replicas to 2 or more (with anti-affinity and a PodDisruptionBudget), or waive policy/min-replicas where one instance is meant (a dev environment, a singleton).',
    ]);
    expect(reported('policy/min-replicas', [workload('StatefulSet', 'db')])).toEqual([
      'warning StatefulSet/shop/db at spec.replicas: StatefulSet db runs 1 replica (replicas unset: 1): one crash or node drain takes it down | fix: Set replicas to 2 or more (with anti-affinity and a PodDisruptionBudget), or waive policy/min-replicas where one instance is meant (a dev environment, a singleton).',
    ]);
    expect(reported('policy/min-replicas', [deployment({ replicas: 2 })])).toEqual([]);
    // Scaled to zero on purpose, and kinds that are not replicated services.
    expect(reported('policy/min-replicas', [deployment({ replicas: 0 }), workload('DaemonSet', 'agent')])).toEqual([]);
  });

  test("an autoscaled Deployment is judged by its HPA's minReplicas, not its replicas", () => {
    expect(reported('policy/min-replicas', [deployment({ replicas: 1 }), hpa()])).toEqual([
      'warning HorizontalPodAutoscaler/shop/web at spec.minReplicas: HorizontalPodAutoscaler web may scale Deployment web down to 1 pod (minReplicas unset: 1): one crash or node drain then takes it down | fix: Set minReplicas to 2 or more, or waive policy/min-replicas where one pod is enough (a dev environment).',
    ]);
    expect(reported('policy/min-replicas', [deployment({ replicas: 1 }), hpa(2)])).toEqual([]);
  });

  test('is off in the baseline profile', () => {
    expect(reported('policy/min-replicas', [deployment({ replicas: 1 })], 'baseline')).toEqual([]);
  });
});

describe('policy/pod-anti-affinity', () => {
  test('a workload of 2+ replicas needs anti-affinity or a spread constraint over its own pods', () => {
    expect(reported('policy/pod-anti-affinity', [deployment({ replicas: 3 })])).toEqual([
      "warning Deployment/shop/web at spec.template.spec.affinity: Deployment web runs 3 replicas but has no pod anti-affinity or topology spread constraint selecting its own pods: the scheduler may put them all on one node | fix: Spread them (spread: [Spread.onePerNode()] or Spread.acrossZones()): a podAntiAffinity term or topologySpreadConstraint whose labelSelector is the workload's (app=web).",
    ]);
    // A term selecting other pods does not spread these.
    const other = {
      affinity: {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { app: 'cache' } }, topologyKey: 'x' } },
          ],
        },
      },
    };
    expect(reported('policy/pod-anti-affinity', [deployment({ replicas: 3 }, other)])).toHaveLength(1);
    // Counted at the autoscaler's minimum.
    expect(reported('policy/pod-anti-affinity', [deployment({}), hpa(2)])).toEqual([
      "warning Deployment/shop/web at spec.template.spec.affinity: Deployment web runs at least 2 replicas (HPA minReplicas) but has no pod anti-affinity or topology spread constraint selecting its own pods: the scheduler may put them all on one node | fix: Spread them (spread: [Spread.onePerNode()] or Spread.acrossZones()): a podAntiAffinity term or topologySpreadConstraint whose labelSelector is the workload's (app=web).",
    ]);
  });

  test('required or preferred anti-affinity, or a topology spread constraint, passes; one replica needs none', () => {
    const preferred = {
      affinity: {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 100, podAffinityTerm: { labelSelector: { matchLabels: LABELS }, topologyKey: 'x' } },
          ],
        },
      },
    };
    const constraint = {
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: 'topology.kubernetes.io/zone',
          whenUnsatisfiable: 'ScheduleAnyway',
          labelSelector: { matchLabels: LABELS },
        },
      ],
    };
    for (const pod of [SPREAD, preferred, constraint])
      expect(reported('policy/pod-anti-affinity', [deployment({ replicas: 3 }, pod)])).toEqual([]);
    expect(reported('policy/pod-anti-affinity', [deployment({ replicas: 1 })])).toEqual([]);
  });
});

describe('policy/pdb-missing', () => {
  test('a workload of 2+ replicas that no PodDisruptionBudget selects', () => {
    expect(reported('policy/pdb-missing', [workload('StatefulSet', 'db', { replicas: 3 }, SPREAD)])).toEqual([
      'warning StatefulSet/shop/db at spec.template.metadata.labels ({"app":"web"}): StatefulSet db runs 3 replicas but no PodDisruptionBudget selects its pods: a node drain may evict all of them at once | fix: Add a PodDisruptionBudget selecting its pods, e.g. workload.addDisruptionBudget({ maxUnavailable: 1 }).',
    ]);
    // A budget of another app does not count.
    const elsewhere = {
      ...(pdb({ maxUnavailable: 1 }) as Record<string, unknown>),
      metadata: { name: 'web', namespace: 'other' },
    };
    expect(reported('policy/pdb-missing', [deployment({ replicas: 2 }, SPREAD), elsewhere])).toHaveLength(1);
  });

  test('a budget selecting its pods passes', () => {
    expect(reported('policy/pdb-missing', [deployment({ replicas: 2 }, SPREAD), pdb({ maxUnavailable: 1 })])).toEqual(
      [],
    );
  });
});

describe('policy/pdb-no-disruption', () => {
  test('maxUnavailable 0, minAvailable 100% or minAvailable as many as the pods it selects', () => {
    expect(reported('policy/pdb-no-disruption', [deployment({ replicas: 3 }), pdb({ maxUnavailable: 0 })])).toEqual([
      'error PodDisruptionBudget/shop/web at spec.maxUnavailable (0): PodDisruptionBudget web has maxUnavailable 0: no pod may ever be evicted, so node drains and cluster upgrades wait forever | fix: Set maxUnavailable to 1 (or a percentage above 0).',
    ]);
    expect(reported('policy/pdb-no-disruption', [deployment({ replicas: 3 }), pdb({ minAvailable: '100%' })])).toEqual([
      'error PodDisruptionBudget/shop/web at spec.minAvailable ("100%"): PodDisruptionBudget web has minAvailable "100%": no pod may ever be evicted, so node drains and cluster upgrades wait forever | fix: Use maxUnavailable: 1, or a minAvailable percentage below 100%.',
    ]);
    expect(reported('policy/pdb-no-disruption', [deployment({ replicas: 3 }), pdb({ minAvailable: 3 })])).toEqual([
      'error PodDisruptionBudget/shop/web at spec.minAvailable (3): PodDisruptionBudget web has minAvailable 3, and the pods it selects number 3 (Deployment web: 3 replicas): no pod may ever be evicted, so node drains and cluster upgrades wait forever | fix: Set minAvailable to 2 or less, or use maxUnavailable: 1.',
    ]);
    // Against the autoscaler's minimum (Polaris' pdbMinAvailableGreaterThanHPAMinReplicas).
    expect(
      reported('policy/pdb-no-disruption', [deployment({ replicas: 5 }), hpa(2), pdb({ minAvailable: 2 })]),
    ).toEqual([
      'error PodDisruptionBudget/shop/web at spec.minAvailable (2): PodDisruptionBudget web has minAvailable 2, and the pods it selects number 2 (Deployment web: HPA minReplicas 2): no pod may ever be evicted, so node drains and cluster upgrades wait forever | fix: Set minAvailable to 1 or less, or use maxUnavailable: 1.',
    ]);
    // A percentage rounds up, as the disruption controller does: 50% of 1 pod is 1.
    expect(reported('policy/pdb-no-disruption', [deployment({ replicas: 1 }), pdb({ minAvailable: '50%' })])).toEqual([
      'error PodDisruptionBudget/shop/web at spec.minAvailable ("50%"): PodDisruptionBudget web has minAvailable "50%", and the pods it selects number 1 (Deployment web: 1 replica): no pod may ever be evicted, so node drains and cluster upgrades wait forever | fix: One pod cannot be both protected and evictable: run 2 or more replicas, or remove the budget.',
    ]);
  });

  test('a budget that lets a pod go passes, as does one over pods of unknown count; baseline warns', () => {
    for (const spec of [{ minAvailable: 2 }, { maxUnavailable: 1 }, { minAvailable: '50%' }, { maxUnavailable: '10%' }])
      expect(reported('policy/pdb-no-disruption', [deployment({ replicas: 3 }), pdb(spec)])).toEqual([]);
    expect(reported('policy/pdb-no-disruption', [workload('DaemonSet', 'agent'), pdb({ minAvailable: 1 })])).toEqual(
      [],
    );
    expect(
      reported('policy/pdb-no-disruption', [deployment({ replicas: 3 }), pdb({ maxUnavailable: 0 })], 'baseline').map(
        (l) => l.split(' ')[0],
      ),
    ).toEqual(['warning']);
  });
});
