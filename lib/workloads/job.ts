import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { Duration } from '../units/duration';
import { checkInteger, invalid } from '../core/input-checks';
import { Workload, WorkloadProps } from './workload';

/** Options of a Job's run, shared with CronJob. */
export interface JobOptions {
  /** Retries before the Job fails. @default - Kubernetes' default (6) */
  readonly backoffLimit?: number;
  /** Successful pods needed. @default - Kubernetes' default (1) */
  readonly completions?: number;
  /** Pods running at once. @default - Kubernetes' default (1) */
  readonly parallelism?: number;
  /** The longest the Job may run. @default - no limit */
  readonly activeDeadline?: Duration;
  /** Delete the finished Job after this long. @default - kept */
  readonly ttlAfterFinished?: Duration;
  /** @default 'Never' */
  readonly restartPolicy?: 'Never' | 'OnFailure';
}

/** Props of a {@link Job}. */
export interface JobProps extends WorkloadProps, JobOptions {}

/** Renders a Job spec (shared with CronJob). @internal */
export function renderJobSpec(path: string, o: JobOptions, template: k8s.PodTemplateSpec): unknown {
  return {
    backoffLimit: o.backoffLimit === undefined ? undefined : checkInteger(path, 'backoffLimit', o.backoffLimit, 0),
    completions: o.completions === undefined ? undefined : checkInteger(path, 'completions', o.completions, 1),
    parallelism: o.parallelism === undefined ? undefined : checkInteger(path, 'parallelism', o.parallelism, 0),
    activeDeadlineSeconds: o.activeDeadline?.toSeconds(`${path}: activeDeadlineSeconds`),
    ttlSecondsAfterFinished: o.ttlAfterFinished?.toSeconds(`${path}: ttlSecondsAfterFinished`),
    template,
  };
}

/** Checks Job options at construction. @internal */
export function checkJobOptions(path: string, o: JobOptions): void {
  renderJobSpec(path, o, {});
  if (o.restartPolicy !== undefined && o.restartPolicy !== 'Never' && o.restartPolicy !== 'OnFailure') {
    throw invalid(path, 'restartPolicy', o.restartPolicy, '"Never" or "OnFailure" for a Job', 'pick one of the two');
  }
}

/**
 * Pods that run to completion. Kubernetes generates the Job's selector; the pods still carry
 * the component labels.
 *
 * @example
 * import { Platform, Environment, Application, Job, Duration } from 'berth-k8s';
 * const app = new Application(new Environment(new Platform(), 'dev', { config: {} }), 'shop');
 * new Job(app, 'migrate', {
 *   containers: [{ image: 'ghcr.io/acme/migrations:2.0.1', args: ['up'] }],
 *   backoffLimit: 2,
 *   ttlAfterFinished: Duration.hours(1),
 * });
 */
export class Job extends Workload {
  public constructor(
    scope: Construct,
    id: string,
    private readonly jobProps: JobProps = {},
  ) {
    super(scope, id, k8s.Job.GVK, jobProps);
    checkJobOptions(this.node.path, jobProps);
  }

  protected override renderFields(): Record<string, unknown> {
    const props = this.jobProps;
    return {
      spec: renderJobSpec(
        this.node.path,
        props,
        this.renderPodTemplate({ restartPolicy: props.restartPolicy ?? 'Never' }),
      ),
    };
  }
}
