import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { Duration } from '../units/duration';
import { checkInteger, invalid } from '../core/input-checks';
import { checkJobOptions, JobOptions, renderJobSpec } from './job';
import { cronProblem, Schedule } from './schedule';
import { suggestTimeZone, timeZoneError } from '../model/time-zone';
import { Workload, WorkloadProps } from './workload';

/** Props of a {@link CronJob}. */
export interface CronJobProps extends WorkloadProps, JobOptions {
  /** When to run: `Schedule.cron('0 2 * * *')`, `Schedule.daily()`, or a cron string (checked). */
  readonly schedule: Schedule | string;
  /** IANA time zone of the schedule, e.g. `Europe/Paris`. @default - the controller's time zone */
  readonly timeZone?: string;
  /** What to do when a run is due while the previous one still runs. @default 'Forbid' */
  readonly concurrencyPolicy?: 'Allow' | 'Forbid' | 'Replace';
  /** Finished successful Jobs kept. @default 3 */
  readonly successfulJobsHistoryLimit?: number;
  /** Failed Jobs kept. @default 1 */
  readonly failedJobsHistoryLimit?: number;
  /** Skip a run missed by more than this. @default - no deadline */
  readonly startingDeadline?: Duration;
  /** Stop scheduling new runs. @default false */
  readonly suspend?: boolean;
}

/**
 * A Job on a schedule.
 *
 * @example
 * import { Platform, Environment, Application, CronJob, Schedule } from 'berth-k8s';
 * const app = new Application(new Environment(new Platform(), 'dev', { config: {} }), 'shop');
 * new CronJob(app, 'backup', {
 *   schedule: Schedule.cron('0 2 * * *'),
 *   containers: [{ image: 'ghcr.io/acme/backup:1.0.0' }],
 * });
 */
export class CronJob extends Workload {
  /** The schedule. */
  public readonly schedule: Schedule;

  public constructor(
    scope: Construct,
    id: string,
    private readonly cronJobProps: CronJobProps,
  ) {
    super(scope, id, k8s.CronJob.GVK, cronJobProps);
    const props = cronJobProps;
    const path = this.node.path;
    checkJobOptions(path, props);
    if (typeof props.schedule === 'string') {
      const problem = cronProblem(props.schedule);
      if (problem) {
        throw invalid(
          path,
          'schedule',
          props.schedule,
          `a cron schedule: ${problem}`,
          'write 5 fields like "0 2 * * *", or use Schedule.daily()/Schedule.cron()',
        );
      }
      this.schedule = Schedule.cron(props.schedule);
    } else {
      this.schedule = props.schedule;
    }
    const policy = props.concurrencyPolicy ?? 'Forbid';
    if (!['Allow', 'Forbid', 'Replace'].includes(policy)) {
      throw invalid(path, 'concurrencyPolicy', policy, 'Allow, Forbid or Replace', 'pick one of the three');
    }
    checkInteger(path, 'successfulJobsHistoryLimit', props.successfulJobsHistoryLimit ?? 3, 0);
    checkInteger(path, 'failedJobsHistoryLimit', props.failedJobsHistoryLimit ?? 1, 0);
    if (props.timeZone !== undefined && timeZoneError(props.timeZone) !== undefined) {
      const guess = props.timeZone === '' ? undefined : suggestTimeZone(props.timeZone);
      throw invalid(
        path,
        'timeZone',
        props.timeZone,
        'an IANA time zone name such as "Etc/UTC" or "Europe/Paris"',
        guess ? `did you mean "${guess}"?` : 'use a name from the tz database',
      );
    }
  }

  protected override renderFields(): Record<string, unknown> {
    const props = this.cronJobProps;
    const path = this.node.path;
    return {
      spec: {
        schedule: this.schedule.expression,
        timeZone: props.timeZone,
        concurrencyPolicy: props.concurrencyPolicy ?? 'Forbid',
        successfulJobsHistoryLimit: props.successfulJobsHistoryLimit ?? 3,
        failedJobsHistoryLimit: props.failedJobsHistoryLimit ?? 1,
        startingDeadlineSeconds: props.startingDeadline?.toSeconds(`${path}: startingDeadlineSeconds`),
        suspend: props.suspend,
        jobTemplate: {
          metadata: { labels: { ...this.selectorLabels } },
          spec: renderJobSpec(path, props, this.renderPodTemplate({ restartPolicy: props.restartPolicy ?? 'Never' })),
        },
      },
    };
  }
}
