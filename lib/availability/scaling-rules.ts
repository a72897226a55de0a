import type * as k8s from '../imports/k8s';
import { Duration } from '../units/duration';
import { checkInteger, invalid } from '../core/input-checks';

/** One limit on how fast an autoscaler changes the replica count. */
export interface ScalingPolicy {
  /** At most this many pods added (or removed) per period. Give this or `percent`. */
  readonly pods?: number;
  /** At most this percent of the current pods added (or removed) per period. Give this or `pods`. */
  readonly percent?: number;
  /** The period, from 1 second to 30 minutes. */
  readonly period: Duration;
}

/** How an autoscaler scales in one direction (up or down). */
export interface ScalingRules {
  /**
   * How far back the autoscaler looks before changing the count (it uses the most cautious
   * recommendation of the window), at most one hour.
   * @default - Kubernetes' default: none for scaling up, 5 minutes for scaling down
   */
  readonly stabilization?: Duration;
  /** Limits on the change per period. @default - Kubernetes' defaults (up: 4 pods or 100% per 15 s; down: 100% per 15 s) */
  readonly policies?: readonly ScalingPolicy[];
  /**
   * Which policy applies when several do: `Max` allows the largest change, `Min` the smallest,
   * `Disabled` turns scaling in this direction off.
   * @default 'Max'
   */
  readonly select?: 'Max' | 'Min' | 'Disabled';
}

/** The longest stabilization window and policy period Kubernetes accepts, in seconds. */
const MAX_STABILIZATION_SECONDS = 3600;
const MAX_PERIOD_SECONDS = 1800;

/** The `autoscaling/v2` HPAScalingRules of `rules`; throws naming `path` and `field` (e.g. `behavior.scaleUp`). */
export function renderScalingRules(path: string, field: string, rules: ScalingRules): k8s.HPAScalingRules {
  const stabilization = rules.stabilization?.toSeconds(`${path}: ${field}.stabilizationWindowSeconds`);
  if (stabilization !== undefined && stabilization > MAX_STABILIZATION_SECONDS) {
    throw invalid(
      path,
      `${field}.stabilizationWindowSeconds`,
      stabilization,
      `at most ${MAX_STABILIZATION_SECONDS} seconds (one hour)`,
      'shorten the stabilization window',
    );
  }
  if (rules.select !== undefined && !['Max', 'Min', 'Disabled'].includes(rules.select)) {
    throw invalid(path, `${field}.selectPolicy`, rules.select, '"Max", "Min" or "Disabled"', 'pick one of the three');
  }
  if (rules.policies !== undefined && rules.policies.length === 0) {
    throw invalid(
      path,
      `${field}.policies`,
      [],
      'at least one policy (Kubernetes discards rules without one)',
      "omit policies to keep Kubernetes' defaults, or add one",
    );
  }
  const policies = rules.policies?.map((p, i): k8s.HPAScalingPolicy => {
    const f = `${field}.policies[${i}]`;
    if ((p.pods === undefined) === (p.percent === undefined)) {
      throw invalid(
        path,
        f,
        { pods: p.pods, percent: p.percent },
        'exactly one of pods and percent',
        'give a pod count or a percent per policy; add a second policy for the other',
      );
    }
    const periodSeconds = p.period.toSeconds(`${path}: ${f}.periodSeconds`);
    checkInteger(path, `${f}.periodSeconds`, periodSeconds, 1, MAX_PERIOD_SECONDS);
    return p.pods !== undefined
      ? { type: 'Pods', value: checkInteger(path, `${f}.pods`, p.pods, 1), periodSeconds }
      : { type: 'Percent', value: checkInteger(path, `${f}.percent`, p.percent!, 1), periodSeconds };
  });
  return { stabilizationWindowSeconds: stabilization, selectPolicy: rules.select, policies };
}
