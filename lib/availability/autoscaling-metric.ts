import type { ApiObject } from 'cdk8s';
import type * as k8s from '../imports/k8s';
import { isQuantity, parseQuantity, QUANTITY_GRAMMAR } from '../units/quantity';
import { pathSegmentName } from '../model/name-grammar';
import { checkLabels, invalid } from '../core/input-checks';

/** A metric value: a Kubernetes quantity (`"100"`, `"1.5k"`, `"250m"`) or a number. */
export type MetricQuantity = string | number;

/** The object whose metric an {@link AutoscalingMetric.object} metric reads. */
export interface DescribedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
}

/** Options of {@link AutoscalingMetric.pods}. */
export interface PodsMetricOptions {
  /** Narrows the metric to series with these labels. @default - every series of the metric */
  readonly selector?: Readonly<Record<string, string>>;
}

/** Options of {@link AutoscalingMetric.object} and {@link AutoscalingMetric.external}: exactly one target. */
export interface MetricTargetOptions {
  /** Scale so that the metric's value is this. */
  readonly value?: MetricQuantity;
  /** Scale so that the metric's value divided by the pod count is this. */
  readonly averageValue?: MetricQuantity;
  /** Narrows the metric to series with these labels. @default - every series of the metric */
  readonly selector?: Readonly<Record<string, string>>;
}

/** Options of {@link AutoscalingMetric.object}. */
export interface ObjectMetricOptions extends MetricTargetOptions {
  /** The object the metric describes: an API object of the app (an Ingress, a Service) or a reference. */
  readonly of: ApiObject | DescribedObject;
}

type Source =
  | {
      readonly type: 'Pods';
      readonly name: string;
      readonly averageValue: MetricQuantity;
      readonly selector?: Readonly<Record<string, string>>;
    }
  | ({ readonly type: 'Object'; readonly name: string; readonly of: ApiObject | DescribedObject } & MetricTargetOptions)
  | ({ readonly type: 'External'; readonly name: string } & MetricTargetOptions);

/**
 * A metric an autoscaler scales on besides CPU and memory utilization: a per-pod metric or
 * another object's metric (custom metrics API), or a metric from outside the cluster (external
 * metrics API). Checked when the autoscaler is created: the name, and a positive target.
 *
 * @example
 * import { AutoscalingMetric } from 'berth-k8s';
 * const rps = AutoscalingMetric.pods('http_requests_per_second', '100');
 * const queue = AutoscalingMetric.external('queue_messages_ready', { selector: { queue: 'orders' }, averageValue: 30 });
 */
export class AutoscalingMetric {
  /** A metric of each pod; the pods are scaled so that its average over them is `averageValue`. */
  public static pods(name: string, averageValue: MetricQuantity, options: PodsMetricOptions = {}): AutoscalingMetric {
    return new AutoscalingMetric({ type: 'Pods', name, averageValue, selector: options.selector });
  }

  /** A metric of another object (e.g. an Ingress's requests per second). */
  public static object(name: string, options: ObjectMetricOptions): AutoscalingMetric {
    return new AutoscalingMetric({ type: 'Object', name, ...options });
  }

  /** A metric from outside the cluster (e.g. the length of a queue). */
  public static external(name: string, options: MetricTargetOptions): AutoscalingMetric {
    return new AutoscalingMetric({ type: 'External', name, ...options });
  }

  private constructor(private readonly source: Source) {}

  /**
   * The `autoscaling/v2` MetricSpec; throws, naming the autoscaler's construct `path` and the
   * `field` (e.g. `metrics[0]`), when the metric is not one Kubernetes accepts.
   * @internal
   */
  public _render(path: string, field: string): k8s.MetricSpec {
    const s = this.source;
    const errs = s.name === '' ? ['must not be empty'] : pathSegmentName(s.name);
    if (errs.length > 0) {
      throw invalid(
        path,
        `${field}.metric.name`,
        s.name,
        `a metric name that ${errs.join(' and ')}`,
        'use the name the metrics adapter serves, e.g. "http_requests_per_second"',
      );
    }
    const metric = { name: s.name, selector: selectorOf(path, `${field}.metric.selector`, s.selector) };
    switch (s.type) {
      case 'Pods':
        return {
          type: 'Pods',
          pods: {
            metric,
            target: {
              type: 'AverageValue',
              averageValue: quantity(path, `${field}.target.averageValue`, s.averageValue),
            },
          },
        };
      case 'Object': {
        const ref = describedObjectOf(path, `${field}.describedObject`, s.of);
        return { type: 'Object', object: { describedObject: ref, metric, target: targetOf(path, field, s) } };
      }
      case 'External':
        return { type: 'External', external: { metric, target: targetOf(path, field, s) } };
    }
  }
}

function targetOf(path: string, field: string, t: MetricTargetOptions): k8s.MetricTarget {
  if ((t.value === undefined) === (t.averageValue === undefined)) {
    throw invalid(
      path,
      `${field}.target`,
      { value: t.value, averageValue: t.averageValue },
      'exactly one of value and averageValue',
      'pass value (the total the metric should have) or averageValue (the total divided by the pod count)',
    );
  }
  return t.value !== undefined
    ? { type: 'Value', value: quantity(path, `${field}.target.value`, t.value) }
    : { type: 'AverageValue', averageValue: quantity(path, `${field}.target.averageValue`, t.averageValue!) };
}

/** A positive quantity, as Kubernetes requires of metric targets; numbers are written as quantities. */
function quantity(path: string, field: string, value: MetricQuantity): k8s.Quantity {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof value === 'number' ? !Number.isFinite(value) || /e/i.test(text) : !isQuantity(value)) {
    throw invalid(path, field, value, QUANTITY_GRAMMAR, 'write the target as a quantity, e.g. "100" or "1.5k"');
  }
  if (!(parseQuantity(text) > 0)) {
    throw invalid(
      path,
      field,
      value,
      'a quantity above 0',
      'the autoscaler divides by the target: give a positive value',
    );
  }
  return text;
}

function selectorOf(
  path: string,
  field: string,
  labels: Readonly<Record<string, string>> | undefined,
): k8s.LabelSelector | undefined {
  if (labels === undefined) return undefined;
  if (Object.keys(labels).length === 0) {
    throw invalid(
      path,
      field,
      labels,
      'at least one label, or no selector',
      'omit the selector to read every series of the metric',
    );
  }
  checkLabels(path, `${field}.matchLabels`, labels);
  return { matchLabels: { ...labels } };
}

function describedObjectOf(
  path: string,
  field: string,
  of: ApiObject | DescribedObject,
): k8s.CrossVersionObjectReference {
  const ref = { apiVersion: of.apiVersion, kind: of.kind, name: of.name };
  for (const key of ['apiVersion', 'kind', 'name'] as const) {
    if (typeof ref[key] !== 'string' || ref[key] === '') {
      throw invalid(
        path,
        `${field}.${key}`,
        ref[key],
        'a non-empty string',
        'pass the object itself, or its apiVersion, kind and name',
      );
    }
  }
  return ref;
}
