import { Finding, asArray, asObject, nameOf } from '../finding';
import { dns1123Label } from '../../model/name-grammar';
import { forbidden, invalid, isInt, MSG, notSupported, required } from './api-error';
import { checkPodSpec } from './pod-spec';
import { checkLabelSelector } from './selectors';
import { checkPvcSpec } from './storage';
import { suggestTimeZone, timeZoneError } from '../../model/time-zone';
import { isRecord } from '../../model/is-record';

/**
 * The workload kinds (apps and batch validation): each controller's rules on its pod template
 * (restart policy, deadlines), its selector, its rollout settings and its counts, after the
 * defaults the API server fills in (a Deployment's 25% surge, a DaemonSet's maxUnavailable 1,
 * progressDeadlineSeconds 600, a pod's restartPolicy Always).
 */

function nonNegative(v: unknown, path: string, out: Finding[]): void {
  if (isInt(v) && v < 0)
    out.push(invalid('api/range', path, v, MSG.nonNegative, `Set ${path.split('.').pop() ?? 'it'} to 0 or more.`));
}

/** The number an int-or-percent stands for in rollout arithmetic (`"25%"` is 25). */
function intOrPercent(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const m = /^([0-9]+)%$/.exec(v);
    if (m) return Number(m[1]);
    return /^-?[0-9]+$/.test(v) ? Number(v) : 0;
  }
  return 0;
}

/** An int-or-percent that must not be negative (and not above 100% when `max100`). */
function checkIntOrPercent(v: unknown, path: string, max100: boolean, out: Finding[]): void {
  if (typeof v === 'string') {
    const m = /^([0-9]+)%$/.exec(v);
    if (!m) out.push(invalid('api/format', path, v, MSG.percent, 'Write a whole number (2) or a percentage ("25%").'));
    else if (max100 && Number(m[1]) > 100) out.push(invalid('api/range', path, v, MSG.over100, 'Use at most "100%".'));
  } else {
    nonNegative(v, path, out);
  }
}

function checkSelector(selector: unknown, kind: string, out: Finding[]): void {
  if (!isRecord(selector)) return;
  checkLabelSelector(selector, 'spec.selector', out, false);
  if (Object.keys(asObject(selector.matchLabels)).length + asArray(selector.matchExpressions).length === 0) {
    out.push(
      invalid(
        'api/workload',
        'spec.selector',
        selector,
        `empty selector is invalid for ${kind}`,
        'Select the pods by their labels, e.g. matchLabels: { app.kubernetes.io/name: web }, matching spec.template.metadata.labels.',
      ),
    );
  }
}

/**
 * The pod template of a long-running controller: its pods restart Always, and have no
 * activeDeadlineSeconds (the API server names the controller that owns the rule).
 */
function checkLongRunningTemplate(spec: Record<string, unknown>, owner: string, out: Finding[]): void {
  const t = asObject(asObject(spec.template).spec);
  checkPodSpec(t, 'spec.template.spec', false, out);
  if (t.restartPolicy !== undefined && t.restartPolicy !== 'Always') {
    out.push(
      notSupported(
        'api/workload',
        'spec.template.spec.restartPolicy',
        t.restartPolicy,
        ['Always'],
        'Pods of Deployments, StatefulSets, DaemonSets and ReplicaSets always restart: remove restartPolicy (or set Always); for a run-to-completion task, use a Job.',
      ),
    );
  }
  if (t.activeDeadlineSeconds !== undefined && t.activeDeadlineSeconds !== null) {
    out.push(
      forbidden(
        'api/workload',
        'spec.template.spec.activeDeadlineSeconds',
        `activeDeadlineSeconds in ${owner} is not Supported`,
        'Remove it: a long-running pod has no deadline; for a time-limited task, use a Job with activeDeadlineSeconds.',
      ),
    );
  }
}

function checkDeployment(o: Record<string, unknown>, out: Finding[]): void {
  const spec = asObject(o.spec);
  nonNegative(spec.replicas, 'spec.replicas', out);
  checkSelector(spec.selector, 'deployment', out);
  checkLongRunningTemplate(spec, 'ReplicaSet', out);
  const strategy = asObject(spec.strategy);
  if (strategy.type === undefined || strategy.type === 'RollingUpdate') {
    const ru = asObject(strategy.rollingUpdate);
    const p = 'spec.strategy.rollingUpdate';
    const maxUnavailable = ru.maxUnavailable ?? '25%';
    const maxSurge = ru.maxSurge ?? '25%';
    checkIntOrPercent(ru.maxUnavailable, `${p}.maxUnavailable`, false, out);
    checkIntOrPercent(ru.maxSurge, `${p}.maxSurge`, false, out);
    if (intOrPercent(maxUnavailable) === 0 && intOrPercent(maxSurge) === 0) {
      out.push(
        invalid(
          'api/workload',
          `${p}.maxUnavailable`,
          maxUnavailable,
          'may not be 0 when `maxSurge` is 0',
          'A rollout must add or remove a pod at a time: allow maxSurge 1 (an extra pod during the rollout) or maxUnavailable 1.',
        ),
      );
    }
    if (typeof maxUnavailable === 'string' && /^[0-9]+%$/.test(maxUnavailable) && intOrPercent(maxUnavailable) > 100) {
      out.push(invalid('api/range', `${p}.maxUnavailable`, maxUnavailable, MSG.over100, 'Use at most "100%".'));
    }
  }
  nonNegative(spec.minReadySeconds, 'spec.minReadySeconds', out);
  nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit', out);
  nonNegative(spec.progressDeadlineSeconds, 'spec.progressDeadlineSeconds', out);
  const progress = isInt(spec.progressDeadlineSeconds) ? spec.progressDeadlineSeconds : 600;
  const minReady = isInt(spec.minReadySeconds) ? spec.minReadySeconds : 0;
  if (progress <= minReady) {
    out.push(
      invalid(
        'api/range',
        'spec.progressDeadlineSeconds',
        progress,
        'must be greater than minReadySeconds',
        `A rollout cannot be judged stuck before a pod counts as ready: set progressDeadlineSeconds above ${minReady}${isInt(spec.progressDeadlineSeconds) ? '' : ' (it defaults to 600)'}, or lower minReadySeconds.`,
      ),
    );
  }
}

function checkReplicaSet(o: Record<string, unknown>, owner: string, out: Finding[]): void {
  const spec = asObject(o.spec);
  nonNegative(spec.replicas, 'spec.replicas', out);
  nonNegative(spec.minReadySeconds, 'spec.minReadySeconds', out);
  if (owner === 'ReplicaSet') checkSelector(spec.selector, 'deployment', out);
  checkLongRunningTemplate(spec, owner, out);
}

function checkStatefulSet(o: Record<string, unknown>, out: Finding[]): void {
  const spec = asObject(o.spec);
  nonNegative(spec.replicas, 'spec.replicas', out);
  nonNegative(spec.minReadySeconds, 'spec.minReadySeconds', out);
  nonNegative(asObject(spec.ordinals).start, 'spec.ordinals.start', out);
  checkSelector(spec.selector, 'statefulset', out);
  const strategy = asObject(spec.updateStrategy);
  const p = 'spec.updateStrategy.rollingUpdate';
  if (strategy.type === 'OnDelete' && isRecord(strategy.rollingUpdate)) {
    out.push(
      invalid(
        'api/workload',
        p,
        strategy.rollingUpdate,
        "only allowed for updateStrategy 'RollingUpdate'",
        'Remove rollingUpdate, or set updateStrategy.type: RollingUpdate.',
      ),
    );
  } else if (isRecord(strategy.rollingUpdate)) {
    const ru = strategy.rollingUpdate;
    nonNegative(ru.partition, `${p}.partition`, out);
    if (ru.maxUnavailable !== undefined && ru.maxUnavailable !== null) {
      checkIntOrPercent(ru.maxUnavailable, `${p}.maxUnavailable`, true, out);
      if (intOrPercent(ru.maxUnavailable) === 0)
        out.push(
          invalid(
            'api/workload',
            `${p}.maxUnavailable`,
            ru.maxUnavailable,
            'cannot be 0',
            'Allow at least 1 pod (or "1%") down during an update, or remove maxUnavailable (one pod at a time).',
          ),
        );
    }
  }
  checkLongRunningTemplate(spec, 'StatefulSet', out);
  // The API server takes the claim templates as they are; the claims the controller creates from them are refused.
  asArray(spec.volumeClaimTemplates).forEach((t, i) =>
    checkPvcSpec(asObject(t).spec, `spec.volumeClaimTemplates[${i}].spec`, out),
  );
}

function checkDaemonSet(o: Record<string, unknown>, out: Finding[]): void {
  const spec = asObject(o.spec);
  checkSelector(spec.selector, 'daemonset', out);
  checkLongRunningTemplate(spec, 'DaemonSet', out);
  nonNegative(spec.minReadySeconds, 'spec.minReadySeconds', out);
  nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit', out);
  const strategy = asObject(spec.updateStrategy);
  if (strategy.type !== undefined && strategy.type !== 'RollingUpdate') return;
  const ru = asObject(strategy.rollingUpdate);
  const p = 'spec.updateStrategy.rollingUpdate';
  const maxUnavailable = ru.maxUnavailable ?? 1;
  const maxSurge = ru.maxSurge ?? 0;
  checkIntOrPercent(ru.maxUnavailable, `${p}.maxUnavailable`, true, out);
  checkIntOrPercent(ru.maxSurge, `${p}.maxSurge`, true, out);
  const unavailable = intOrPercent(maxUnavailable) !== 0;
  const surge = intOrPercent(maxSurge) !== 0;
  if (unavailable && surge) {
    out.push(
      invalid(
        'api/workload',
        `${p}.maxSurge`,
        maxSurge,
        'may not be set when maxUnavailable is non-zero',
        `A DaemonSet rolls out either by starting the new pod first (maxSurge, with maxUnavailable: 0) or by stopping the old one first (maxUnavailable${ru.maxUnavailable === undefined ? ', 1 by default' : ''}): set maxUnavailable: 0 to surge.`,
      ),
    );
  } else if (!unavailable && !surge) {
    out.push(
      required(
        'api/workload',
        `${p}.maxUnavailable`,
        'cannot be 0 when maxSurge is 0',
        'Allow one of them: maxUnavailable 1 (the default) or maxSurge 1.',
      ),
    );
  }
}

const JOB_COUNTS = [
  'parallelism',
  'completions',
  'activeDeadlineSeconds',
  'backoffLimit',
  'ttlSecondsAfterFinished',
  'backoffLimitPerIndex',
  'maxFailedIndexes',
];

/** A JobSpec at `path` (a Job's `spec`, a CronJob's `spec.jobTemplate.spec`). */
function checkJobSpec(spec: Record<string, unknown>, path: string, out: Finding[]): void {
  for (const c of JOB_COUNTS) nonNegative(spec[c], `${path}.${c}`, out);
  const indexed = spec.completionMode === 'Indexed';
  if (indexed) {
    if (spec.completions === undefined || spec.completions === null)
      out.push(
        required(
          'api/required',
          `${path}.completions`,
          'when completion mode is Indexed',
          'An Indexed Job runs one pod per index: set completions to the number of indexes.',
        ),
      );
    if (isInt(spec.parallelism) && spec.parallelism > 100000)
      out.push(
        invalid(
          'api/range',
          `${path}.parallelism`,
          spec.parallelism,
          'must be less than or equal to 100000 when completion mode is Indexed',
          'Run at most 100000 pods at once.',
        ),
      );
    if (isInt(spec.maxFailedIndexes) && isInt(spec.completions) && spec.maxFailedIndexes > spec.completions)
      out.push(
        invalid(
          'api/range',
          `${path}.maxFailedIndexes`,
          spec.maxFailedIndexes,
          'must be less than or equal to completions',
          `Use at most ${spec.completions}.`,
        ),
      );
  } else {
    for (const f of ['backoffLimitPerIndex', 'maxFailedIndexes']) {
      if (isInt(spec[f]))
        out.push(
          invalid(
            'api/combination',
            `${path}.${f}`,
            spec[f],
            'requires indexed completion mode',
            `Set completionMode: Indexed, or remove ${f}.`,
          ),
        );
    }
  }
  if (isInt(spec.maxFailedIndexes) && spec.backoffLimitPerIndex === undefined)
    out.push(
      required(
        'api/combination',
        `${path}.backoffLimitPerIndex`,
        'when maxFailedIndexes is specified',
        'Set backoffLimitPerIndex too.',
      ),
    );
  if (isRecord(spec.successPolicy) && !indexed)
    out.push(
      invalid(
        'api/combination',
        `${path}.successPolicy`,
        spec.successPolicy,
        'requires indexed completion mode',
        'Set completionMode: Indexed, or remove successPolicy.',
      ),
    );
  const t = asObject(asObject(spec.template).spec);
  checkPodSpec(t, `${path}.template.spec`, false, out);
  const rp = `${path}.template.spec.restartPolicy`;
  if (t.restartPolicy === undefined || t.restartPolicy === 'Always') {
    out.push(
      required(
        'api/workload',
        rp,
        'valid values: "OnFailure", "Never"',
        "A Job's pods run to completion: set restartPolicy OnFailure (retry in place) or Never (a new pod per retry); it defaults to Always, which a Job refuses.",
      ),
    );
  } else if (t.restartPolicy !== 'OnFailure' && t.restartPolicy !== 'Never') {
    out.push(
      notSupported(
        'api/workload',
        rp,
        t.restartPolicy,
        ['OnFailure', 'Never'],
        'Set restartPolicy OnFailure or Never.',
      ),
    );
  } else if (isRecord(spec.podFailurePolicy) && t.restartPolicy !== 'Never') {
    out.push(
      invalid(
        'api/workload',
        rp,
        t.restartPolicy,
        'only "Never" is supported when podFailurePolicy is specified',
        'A pod failure policy judges failed pods: set restartPolicy: Never.',
      ),
    );
  }
}

function checkJob(o: Record<string, unknown>, out: Finding[]): void {
  const spec = asObject(o.spec);
  checkJobSpec(spec, 'spec', out);
  if (spec.manualSelector === true) checkLabelSelector(spec.selector, 'spec.selector', out);
  const name = nameOf(o);
  if (spec.completionMode === 'Indexed' && isInt(spec.completions) && spec.completions > 0 && name) {
    const hostname = `${name}-${spec.completions - 1}`;
    if (dns1123Label(hostname).length > 0) {
      out.push(
        invalid(
          'api/format',
          'metadata.name',
          name,
          `will not able to create pod with invalid DNS label: ${hostname}`,
          `Each pod's hostname is <job name>-<index>, a DNS label of at most 63 characters: shorten the name to at most ${63 - String(spec.completions - 1).length - 1}.`,
        ),
      );
    }
  }
}

function checkCronJob(o: Record<string, unknown>, out: Finding[]): void {
  const spec = asObject(o.spec);
  nonNegative(spec.startingDeadlineSeconds, 'spec.startingDeadlineSeconds', out);
  nonNegative(spec.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit', out);
  nonNegative(spec.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit', out);
  if (typeof spec.timeZone === 'string') {
    const err = timeZoneError(spec.timeZone);
    if (err) {
      const guess = spec.timeZone === '' ? undefined : suggestTimeZone(spec.timeZone);
      out.push(
        invalid(
          'api/format',
          'spec.timeZone',
          spec.timeZone,
          err,
          guess
            ? `Did you mean ${JSON.stringify(guess)}? Or remove timeZone for the controller's own zone.`
            : 'Use an IANA time zone name, e.g. "Europe/Paris", "America/New_York" or "UTC", or remove timeZone for the controller\'s own zone.',
        ),
      );
    }
  }
  const jobSpec = asObject(asObject(spec.jobTemplate).spec);
  checkJobSpec(jobSpec, 'spec.jobTemplate.spec', out);
  if (isRecord(jobSpec.selector))
    out.push(
      invalid(
        'api/workload',
        'spec.jobTemplate.spec.selector',
        jobSpec.selector,
        '`selector` will be auto-generated',
        'Remove the selector: each Job the CronJob creates gets its own.',
      ),
    );
  if (jobSpec.manualSelector === true)
    out.push(
      notSupported(
        'api/workload',
        'spec.jobTemplate.spec.manualSelector',
        true,
        ['nil', 'false'],
        'Remove manualSelector.',
      ),
    );
}

/** Checks a workload object of the apps or batch group (or a Pod, a ReplicationController); false when `o` is none. */
export function checkWorkload(kind: string, o: Record<string, unknown>, out: Finding[]): boolean {
  switch (kind) {
    case 'Deployment':
      checkDeployment(o, out);
      return true;
    case 'ReplicaSet':
      checkReplicaSet(o, 'ReplicaSet', out);
      return true;
    case 'StatefulSet':
      checkStatefulSet(o, out);
      return true;
    case 'DaemonSet':
      checkDaemonSet(o, out);
      return true;
    case 'Job':
      checkJob(o, out);
      return true;
    case 'CronJob':
      checkCronJob(o, out);
      return true;
    default:
      return false;
  }
}

/** A Pod. */
export function checkPod(o: Record<string, unknown>, out: Finding[]): void {
  checkPodSpec(asObject(o.spec), 'spec', true, out);
}

/** A ReplicationController (core group). */
export function checkReplicationController(o: Record<string, unknown>, out: Finding[]): void {
  checkReplicaSet(o, 'ReplicationController', out);
}
