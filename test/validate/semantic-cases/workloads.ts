import { cronJob, daemonSet, deployment, Doc, job, replicaSet, SemanticCase, statefulSet } from './bases';

/**
 * Controllers (apps and batch validation): restart policies, deadlines, rollout settings,
 * selectors, counts, claim templates, Jobs and CronJobs.
 */

const NON_NEGATIVE = 'must be greater than or equal to 0';
const JOB_RESTART = 'Required value: valid values: "OnFailure", "Never"';

function c(
  name: string,
  manifest: () => Doc,
  defect: (m: Doc) => void,
  expect: string | readonly string[],
): SemanticCase {
  return { name, manifest, defect, expect };
}

export const deploymentCases: readonly SemanticCase[] = [
  c(
    'Deployment pods that never restart',
    deployment,
    (m) => {
      m.spec.template.spec.restartPolicy = 'Never';
    },
    'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
  ),
  c(
    'Deployment pods restarting on failure',
    deployment,
    (m) => {
      m.spec.template.spec.restartPolicy = 'OnFailure';
    },
    'spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
  ),
  c(
    'Deployment pod deadline',
    deployment,
    (m) => {
      m.spec.template.spec.activeDeadlineSeconds = 3600;
    },
    'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported',
  ),
  c(
    'Deployment replicas -1',
    deployment,
    (m) => {
      m.spec.replicas = -1;
    },
    `spec.replicas: Invalid value: -1: ${NON_NEGATIVE}`,
  ),
  c(
    'maxSurge and maxUnavailable both 0',
    deployment,
    (m) => {
      m.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } };
    },
    'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
  ),
  c(
    'maxUnavailable 0 and maxSurge 0%',
    deployment,
    (m) => {
      m.spec.strategy = { rollingUpdate: { maxSurge: '0%', maxUnavailable: 0 } };
    },
    'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
  ),
  c(
    'maxUnavailable above 100%',
    deployment,
    (m) => {
      m.spec.strategy = { rollingUpdate: { maxUnavailable: '110%' } };
    },
    'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "110%": must not be greater than 100%',
  ),
  c(
    'maxSurge not a percentage',
    deployment,
    (m) => {
      m.spec.strategy = { rollingUpdate: { maxSurge: '20 percent' } };
    },
    "spec.strategy.rollingUpdate.maxSurge: Invalid value: \"20 percent\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
  ),
  c(
    'maxSurge negative',
    deployment,
    (m) => {
      m.spec.strategy = { rollingUpdate: { maxSurge: -1 } };
    },
    `spec.strategy.rollingUpdate.maxSurge: Invalid value: -1: ${NON_NEGATIVE}`,
  ),
  c(
    'minReadySeconds past the default progress deadline',
    deployment,
    (m) => {
      m.spec.minReadySeconds = 700;
    },
    'spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds',
  ),
  c(
    'progressDeadlineSeconds equal to minReadySeconds',
    deployment,
    (m) => {
      m.spec.minReadySeconds = 30;
      m.spec.progressDeadlineSeconds = 30;
    },
    'spec.progressDeadlineSeconds: Invalid value: 30: must be greater than minReadySeconds',
  ),
  c(
    'revisionHistoryLimit negative',
    deployment,
    (m) => {
      m.spec.revisionHistoryLimit = -1;
    },
    `spec.revisionHistoryLimit: Invalid value: -1: ${NON_NEGATIVE}`,
  ),
  c(
    'minReadySeconds negative',
    deployment,
    (m) => {
      m.spec.minReadySeconds = -10;
    },
    `spec.minReadySeconds: Invalid value: -10: ${NON_NEGATIVE}`,
  ),
  c(
    'empty Deployment selector',
    deployment,
    (m) => {
      m.spec.selector = {};
    },
    'spec.selector: Invalid value: {}: empty selector is invalid for deployment',
  ),
  c(
    'selector NotIn without values',
    deployment,
    (m) => {
      m.spec.selector.matchExpressions = [{ key: 'tier', operator: 'NotIn', values: [] }];
    },
    "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
  ),
  c(
    'selector Exists with values',
    deployment,
    (m) => {
      m.spec.selector.matchExpressions = [{ key: 'app', operator: 'Exists', values: ['web'] }];
    },
    "spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
  ),
  c(
    'selector expression on a bad key',
    deployment,
    (m) => {
      m.spec.selector.matchExpressions = [{ key: 'tier!', operator: 'DoesNotExist' }];
    },
    "spec.selector.matchExpressions[0].key: Invalid value: \"tier!\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
  ),
  c(
    'ReplicaSet pods restarting on failure',
    replicaSet,
    (m) => {
      m.spec.template.spec.restartPolicy = 'OnFailure';
    },
    'spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
  ),
  c(
    'ReplicaSet pod deadline',
    replicaSet,
    (m) => {
      m.spec.template.spec.activeDeadlineSeconds = 60;
    },
    'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported',
  ),
  c(
    'ReplicaSet replicas -3',
    replicaSet,
    (m) => {
      m.spec.replicas = -3;
    },
    `spec.replicas: Invalid value: -3: ${NON_NEGATIVE}`,
  ),
];

export const statefulSetCases: readonly SemanticCase[] = [
  c(
    'StatefulSet pods that never restart',
    statefulSet,
    (m) => {
      m.spec.template.spec.restartPolicy = 'Never';
    },
    'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
  ),
  c(
    'StatefulSet pod deadline',
    statefulSet,
    (m) => {
      m.spec.template.spec.activeDeadlineSeconds = 60;
    },
    'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported',
  ),
  c(
    'OnDelete with rollingUpdate',
    statefulSet,
    (m) => {
      m.spec.updateStrategy = { type: 'OnDelete', rollingUpdate: { partition: 1 } };
    },
    'spec.updateStrategy.rollingUpdate: Invalid value: {"partition":1}: only allowed for updateStrategy \'RollingUpdate\'',
  ),
  c(
    'StatefulSet maxUnavailable 0',
    statefulSet,
    (m) => {
      m.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0 } };
    },
    'spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: cannot be 0',
  ),
  c(
    'StatefulSet maxUnavailable above 100%',
    statefulSet,
    (m) => {
      m.spec.updateStrategy = { rollingUpdate: { maxUnavailable: '200%' } };
    },
    'spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "200%": must not be greater than 100%',
  ),
  c(
    'partition negative',
    statefulSet,
    (m) => {
      m.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { partition: -1 } };
    },
    `spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: ${NON_NEGATIVE}`,
  ),
  c(
    'ordinals start negative',
    statefulSet,
    (m) => {
      m.spec.ordinals = { start: -1 };
    },
    `spec.ordinals.start: Invalid value: -1: ${NON_NEGATIVE}`,
  ),
  c(
    'empty StatefulSet selector',
    statefulSet,
    (m) => {
      m.spec.selector = {};
    },
    'spec.selector: Invalid value: {}: empty selector is invalid for statefulset',
  ),
  c(
    'claim template without access modes',
    statefulSet,
    (m) => {
      m.spec.volumeClaimTemplates[0].spec.accessModes = [];
    },
    'spec.volumeClaimTemplates[0].spec.accessModes: Required value: at least 1 access mode is required',
  ),
  c(
    'claim template without a size',
    statefulSet,
    (m) => {
      m.spec.volumeClaimTemplates[0].spec.resources = {};
    },
    'spec.volumeClaimTemplates[0].spec.resources[storage]: Required value',
  ),
  c(
    'StatefulSet replicas -1',
    statefulSet,
    (m) => {
      m.spec.replicas = -1;
    },
    `spec.replicas: Invalid value: -1: ${NON_NEGATIVE}`,
  ),
];

export const daemonSetCases: readonly SemanticCase[] = [
  c(
    'DaemonSet pods that never restart',
    daemonSet,
    (m) => {
      m.spec.template.spec.restartPolicy = 'Never';
    },
    'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
  ),
  c(
    'DaemonSet pod deadline',
    daemonSet,
    (m) => {
      m.spec.template.spec.activeDeadlineSeconds = 60;
    },
    'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in DaemonSet is not Supported',
  ),
  c(
    'DaemonSet maxSurge with the default maxUnavailable',
    daemonSet,
    (m) => {
      m.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } };
    },
    'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero',
  ),
  c(
    'DaemonSet maxUnavailable 0 and no surge',
    daemonSet,
    (m) => {
      m.spec.updateStrategy = { rollingUpdate: { maxUnavailable: 0 } };
    },
    'spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0',
  ),
  c(
    'DaemonSet maxUnavailable above 100%',
    daemonSet,
    (m) => {
      m.spec.updateStrategy = { rollingUpdate: { maxUnavailable: '150%' } };
    },
    'spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "150%": must not be greater than 100%',
  ),
  c(
    'empty DaemonSet selector',
    daemonSet,
    (m) => {
      m.spec.selector = {};
    },
    'spec.selector: Invalid value: {}: empty selector is invalid for daemonset',
  ),
  c(
    'DaemonSet minReadySeconds negative',
    daemonSet,
    (m) => {
      m.spec.minReadySeconds = -1;
    },
    `spec.minReadySeconds: Invalid value: -1: ${NON_NEGATIVE}`,
  ),
];

export const jobCases: readonly SemanticCase[] = [
  c(
    'Job without restartPolicy (it defaults to Always)',
    job,
    (m) => {
      delete m.spec.template.spec.restartPolicy;
    },
    `spec.template.spec.restartPolicy: ${JOB_RESTART}`,
  ),
  c(
    'Job pods that always restart',
    job,
    (m) => {
      m.spec.template.spec.restartPolicy = 'Always';
    },
    `spec.template.spec.restartPolicy: ${JOB_RESTART}`,
  ),
  c(
    'Indexed Job without completions',
    job,
    (m) => {
      m.spec.completionMode = 'Indexed';
    },
    'spec.completions: Required value: when completion mode is Indexed',
  ),
  c(
    'backoffLimit negative',
    job,
    (m) => {
      m.spec.backoffLimit = -1;
    },
    `spec.backoffLimit: Invalid value: -1: ${NON_NEGATIVE}`,
  ),
  c(
    'parallelism negative',
    job,
    (m) => {
      m.spec.parallelism = -2;
    },
    `spec.parallelism: Invalid value: -2: ${NON_NEGATIVE}`,
  ),
  c(
    'Job activeDeadlineSeconds negative',
    job,
    (m) => {
      m.spec.activeDeadlineSeconds = -60;
    },
    `spec.activeDeadlineSeconds: Invalid value: -60: ${NON_NEGATIVE}`,
  ),
  c(
    'ttlSecondsAfterFinished negative',
    job,
    (m) => {
      m.spec.ttlSecondsAfterFinished = -1;
    },
    `spec.ttlSecondsAfterFinished: Invalid value: -1: ${NON_NEGATIVE}`,
  ),
  c(
    'backoffLimitPerIndex without Indexed mode',
    job,
    (m) => {
      m.spec.backoffLimitPerIndex = 1;
    },
    'spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode',
  ),
  c(
    'podFailurePolicy with OnFailure pods',
    job,
    (m) => {
      m.spec.podFailurePolicy = { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] };
    },
    'spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified',
  ),
  c(
    'Indexed Job whose last pod hostname is too long',
    job,
    (m) => {
      m.metadata.name = 'a'.repeat(60);
      Object.assign(m.spec, { completionMode: 'Indexed', completions: 1000 });
    },
    `metadata.name: Invalid value: "${'a'.repeat(40)}...": will not able to create pod with invalid DNS label: ${'a'.repeat(40)}...`,
  ),
];

export const cronJobCases: readonly SemanticCase[] = [
  c(
    'CronJob time zone that does not exist',
    cronJob,
    (m) => {
      m.spec.timeZone = 'Mars/Olympus_Mons';
    },
    'spec.timeZone: Invalid value: "Mars/Olympus_Mons": unknown time zone Mars/Olympus_Mons',
  ),
  c(
    'CronJob time zone in the wrong case',
    cronJob,
    (m) => {
      m.spec.timeZone = 'america/new_york';
    },
    'spec.timeZone: Invalid value: "america/new_york": unknown time zone america/new_york',
  ),
  c(
    'CronJob time zone Local',
    cronJob,
    (m) => {
      m.spec.timeZone = 'Local';
    },
    'spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
  ),
  c(
    'CronJob time zone empty',
    cronJob,
    (m) => {
      m.spec.timeZone = '';
    },
    'spec.timeZone: Invalid value: "": timeZone must be nil or non-empty string',
  ),
  c(
    'CronJob time zone climbing a folder',
    cronJob,
    (m) => {
      m.spec.timeZone = 'Europe/../Paris';
    },
    'spec.timeZone: Invalid value: "Europe/../Paris": unknown time zone Europe/../Paris',
  ),
  c(
    'CronJob time zone as an offset',
    cronJob,
    (m) => {
      m.spec.timeZone = '+02:00';
    },
    'spec.timeZone: Invalid value: "+02:00": unknown time zone +02:00',
  ),
  c(
    'CronJob job pods that always restart',
    cronJob,
    (m) => {
      delete m.spec.jobTemplate.spec.template.spec.restartPolicy;
    },
    `spec.jobTemplate.spec.template.spec.restartPolicy: ${JOB_RESTART}`,
  ),
  c(
    'CronJob job template with a selector',
    cronJob,
    (m) => {
      m.spec.jobTemplate.spec.selector = { matchLabels: { app: 'report' } };
    },
    'spec.jobTemplate.spec.selector: Invalid value: {"matchLabels":{"app":"report"}}: `selector` will be auto-generated',
  ),
  c(
    'startingDeadlineSeconds negative',
    cronJob,
    (m) => {
      m.spec.startingDeadlineSeconds = -10;
    },
    `spec.startingDeadlineSeconds: Invalid value: -10: ${NON_NEGATIVE}`,
  ),
  c(
    'successfulJobsHistoryLimit negative',
    cronJob,
    (m) => {
      m.spec.successfulJobsHistoryLimit = -1;
    },
    `spec.successfulJobsHistoryLimit: Invalid value: -1: ${NON_NEGATIVE}`,
  ),
  c(
    'CronJob job backoffLimit negative',
    cronJob,
    (m) => {
      m.spec.jobTemplate.spec.backoffLimit = -1;
    },
    `spec.jobTemplate.spec.backoffLimit: Invalid value: -1: ${NON_NEGATIVE}`,
  ),
];
