import { Finding, asArray, asObject, asString } from '../finding';
import { pathSegmentName } from '../../model/name-grammar';
import { forbidden, invalid, isInt, MSG, required } from './api-error';
import { parseAmount } from './quantity-value';
import { checkLabelSelector } from './selectors';
import { isRecord } from '../../model/is-record';

/**
 * Availability kinds (autoscaling `ValidateHorizontalPodAutoscaler`, policy
 * `ValidatePodDisruptionBudgetSpec`). maxReplicas below minReplicas (1 by default), and so below 1, is
 * the grammar check's.
 */

const SOURCES = ['object', 'pods', 'resource', 'containerResource', 'external'] as const;
const SOURCE_OF_TYPE: Readonly<Record<string, string>> = {
  Object: 'object',
  Pods: 'pods',
  Resource: 'resource',
  ContainerResource: 'containerResource',
  External: 'external',
};

function checkTarget(target: Record<string, unknown>, path: string, out: Finding[]): void {
  for (const f of ['value', 'averageValue']) {
    const a = parseAmount(target[f]);
    if (a && a.n <= 0n)
      out.push(
        invalid('api/range', `${path}.${f}`, target[f], 'must be positive', `Give a target above zero for ${f}.`),
      );
  }
  if (isInt(target.averageUtilization) && target.averageUtilization < 1) {
    out.push(
      invalid(
        'api/range',
        `${path}.averageUtilization`,
        target.averageUtilization,
        'must be greater than 0',
        'Give a utilization percentage of the request, e.g. 70.',
      ),
    );
  }
}

function checkMetric(metric: Record<string, unknown>, path: string, out: Finding[]): void {
  const present = SOURCES.filter((s) => isRecord(metric[s]));
  const expected = SOURCE_OF_TYPE[asString(metric.type) ?? ''];
  if (expected && !present.includes(expected as (typeof SOURCES)[number])) {
    out.push(
      required(
        'api/one-of',
        `${path}.${expected}`,
        'must populate information for the given metric source',
        `A metric of type ${String(metric.type)} is described under ${expected}: add it.`,
      ),
    );
  }
  if (present.length > 1 || (present.length === 1 && expected && present[0] !== expected)) {
    for (const s of present) {
      if (s !== expected)
        out.push(
          forbidden(
            'api/one-of',
            `${path}.${s}`,
            'must populate the given metric source only',
            `Remove ${s}: a metric of type ${String(metric.type)} reads ${expected ?? 'its own source'}.`,
          ),
        );
    }
  }
  const first = present[0];
  if (first === undefined) return;
  const source = asObject(metric[first]);
  const target = asObject(source.target);
  const tp = `${path}.${first}.target`;
  checkTarget(target, tp, out);
  const has = (f: string): boolean => target[f] !== undefined && target[f] !== null;
  if (first === 'resource' || first === 'containerResource') {
    if (!has('averageUtilization') && !has('averageValue'))
      out.push(
        required(
          'api/one-of',
          `${tp}.averageUtilization`,
          'must set either a target raw value or a target utilization',
          'Give target.averageUtilization (a percentage of the request) or target.averageValue.',
        ),
      );
    if (has('averageUtilization') && has('averageValue'))
      out.push(
        forbidden(
          'api/one-of',
          `${tp}.averageValue`,
          'may not set both a target raw value and a target utilization',
          'Keep averageUtilization or averageValue.',
        ),
      );
  } else if (first === 'pods') {
    if (!has('averageValue'))
      out.push(
        required(
          'api/required',
          `${tp}.averageValue`,
          'must specify a positive target averageValue',
          'Give target.averageValue, the per-pod value to keep.',
        ),
      );
  } else if (first === 'object') {
    if (!has('value') && !has('averageValue'))
      out.push(
        required(
          'api/one-of',
          `${tp}.averageValue`,
          'must set either a target value or averageValue',
          'Give target.value or target.averageValue.',
        ),
      );
  } else if (!has('value') && !has('averageValue')) {
    out.push(
      required(
        'api/one-of',
        `${tp}.averageValue`,
        'must set either a target value for metric or a per-pod target',
        'Give target.value or target.averageValue.',
      ),
    );
  } else if (has('value') && has('averageValue')) {
    out.push(
      forbidden(
        'api/one-of',
        `${tp}.value`,
        'may not set both a target value for metric and a per-pod target',
        'Keep value or averageValue.',
      ),
    );
  }
}

function checkScalingRules(rules: unknown, path: string, out: Finding[]): void {
  if (!isRecord(rules)) return;
  const window = rules.stabilizationWindowSeconds;
  if (isInt(window) && window < 0)
    out.push(
      invalid(
        'api/range',
        `${path}.stabilizationWindowSeconds`,
        window,
        'must be greater than or equal to zero',
        'Use 0 to 3600 seconds.',
      ),
    );
  if (isInt(window) && window > 3600)
    out.push(
      invalid(
        'api/range',
        `${path}.stabilizationWindowSeconds`,
        window,
        'must be less than or equal to 3600',
        'Use at most 3600 seconds (an hour).',
      ),
    );
  const policies = rules.policies;
  if (Array.isArray(policies) && policies.length === 0)
    out.push(
      required(
        'api/required',
        `${path}.policies`,
        'must specify at least one Policy',
        'Give a policy (type Pods or Percent, value, periodSeconds), or remove policies for the defaults.',
      ),
    );
  asArray(policies).forEach((pol, i) => {
    const policy = asObject(pol);
    const p = `${path}.policies[${i}]`;
    if (isInt(policy.value) && policy.value <= 0)
      out.push(
        invalid(
          'api/range',
          `${p}.value`,
          policy.value,
          MSG.positive,
          'Give how many pods (or percent) may change per period, 1 or more.',
        ),
      );
    if (isInt(policy.periodSeconds) && policy.periodSeconds <= 0)
      out.push(
        invalid('api/range', `${p}.periodSeconds`, policy.periodSeconds, MSG.positive, 'Use 1 to 1800 seconds.'),
      );
    if (isInt(policy.periodSeconds) && policy.periodSeconds > 1800)
      out.push(
        invalid(
          'api/range',
          `${p}.periodSeconds`,
          policy.periodSeconds,
          'must be less than or equal to 1800',
          'Use at most 1800 seconds.',
        ),
      );
  });
}

/** A HorizontalPodAutoscaler (autoscaling/v2, and the fields autoscaling/v1 shares). */
export function checkHpa(o: Record<string, unknown>, out: Finding[]): void {
  const spec = asObject(o.spec);
  if (isInt(spec.minReplicas) && spec.minReplicas < 1)
    out.push(
      invalid(
        'api/range',
        'spec.minReplicas',
        spec.minReplicas,
        'must be greater than or equal to 1',
        'Keep at least 1 replica (scaling to zero needs the HPAScaleToZero feature gate).',
      ),
    );
  const ref = asObject(spec.scaleTargetRef);
  for (const f of ['kind', 'name']) {
    const v = asString(ref[f]);
    if (v === '')
      out.push(required('api/required', `spec.scaleTargetRef.${f}`, '', `Give the ${f} of the workload to scale.`));
    else if (v !== undefined)
      for (const msg of pathSegmentName(v))
        out.push(invalid('api/format', `spec.scaleTargetRef.${f}`, v, msg, 'Remove "/" and "%".'));
  }
  asArray(spec.metrics).forEach((m, i) => checkMetric(asObject(m), `spec.metrics[${i}]`, out));
  const behavior = asObject(spec.behavior);
  checkScalingRules(behavior.scaleUp, 'spec.behavior.scaleUp', out);
  checkScalingRules(behavior.scaleDown, 'spec.behavior.scaleDown', out);
  const cpu = spec.targetCPUUtilizationPercentage;
  if (isInt(cpu) && cpu < 1)
    out.push(
      invalid(
        'api/range',
        'spec.targetCPUUtilizationPercentage',
        cpu,
        'must be greater than 0',
        'Give a percentage of the CPU request, e.g. 70.',
      ),
    );
}

function checkBudget(v: unknown, path: string, out: Finding[]): void {
  if (typeof v === 'string') {
    const m = /^([0-9]+)%$/.exec(v);
    if (!m)
      out.push(invalid('api/format', path, v, MSG.percent, 'Write a number of pods (2) or a percentage ("50%").'));
    else if (Number(m[1]) > 100) out.push(invalid('api/range', path, v, MSG.over100, 'Use at most "100%".'));
  } else if (isInt(v) && v < 0) {
    out.push(invalid('api/range', path, v, MSG.nonNegative, 'Use 0 or more pods.'));
  }
}

/** A PodDisruptionBudget. */
export function checkPdb(o: Record<string, unknown>, out: Finding[]): void {
  const spec = asObject(o.spec);
  const set = (v: unknown): boolean => v !== undefined && v !== null;
  if (set(spec.minAvailable) && set(spec.maxUnavailable)) {
    out.push(
      invalid(
        'api/one-of',
        'spec',
        spec,
        'minAvailable and maxUnavailable cannot be both set',
        'A budget is either how many pods must stay (minAvailable) or how many may go (maxUnavailable): keep one.',
      ),
    );
  }
  checkBudget(spec.minAvailable, 'spec.minAvailable', out);
  checkBudget(spec.maxUnavailable, 'spec.maxUnavailable', out);
  checkLabelSelector(spec.selector, 'spec.selector', out, false);
}
