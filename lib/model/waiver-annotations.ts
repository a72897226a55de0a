import { Waiver } from './problem';
import { isRecord } from './is-record';

/**
 * Waivers written into the output as annotations on each object they cover, so that
 * `berth validate` of the written YAML waives what synth waived and reports the same waivers, and
 * other linters see the reason: Berth's own key per rule, and the keys kube-linter and Polaris
 * read for their checks that match the rule.
 */

/** The prefix of Berth's own key: `waive.berth.dev/policy.run-as-non-root: "<reason>"`. */
export const WAIVER_ANNOTATION_PREFIX = 'waive.berth.dev/';

/**
 * The prefix of the key naming the construct the waiver was declared on, by its path inside the
 * environment (`waived-on.berth.dev/policy.run-as-non-root: legacy/web` for `dev/legacy/web`):
 * validate then reports the waiver as synth did, once however many objects it covers, and the
 * value is the same in every environment (a Helm chart needs no value for it).
 */
export const WAIVED_ON_ANNOTATION_PREFIX = 'waived-on.berth.dev/';

/**
 * The kube-linter checks (`ignore-check.kube-linter.io/<check>: "<reason>"`) and Polaris checks
 * (`polaris.fairwinds.com/<check>-exempt: "true"`) that report what a Berth rule reports. Rules
 * with no close counterpart have none.
 */
export const PEER_CHECKS: Readonly<
  Record<string, { readonly kubeLinter: readonly string[]; readonly polaris: readonly string[] }>
> = {
  'policy/privileged': { kubeLinter: ['privileged-container'], polaris: ['runAsPrivileged'] },
  'policy/host-namespaces': {
    kubeLinter: ['host-ipc', 'host-network', 'host-pid'],
    polaris: ['hostIPCSet', 'hostNetworkSet', 'hostPIDSet'],
  },
  'policy/host-ports': { kubeLinter: [], polaris: ['hostPortSet'] },
  'policy/capabilities': { kubeLinter: [], polaris: ['dangerousCapabilities', 'insecureCapabilities'] },
  'policy/proc-mount': { kubeLinter: ['unsafe-proc-mount'], polaris: [] },
  'policy/sysctls': { kubeLinter: ['unsafe-sysctls'], polaris: [] },
  'policy/allow-privilege-escalation': {
    kubeLinter: ['privilege-escalation-container'],
    polaris: ['privilegeEscalationAllowed'],
  },
  'policy/run-as-non-root': { kubeLinter: ['run-as-non-root'], polaris: ['runAsRootAllowed'] },
  'policy/run-as-user': { kubeLinter: ['run-as-non-root'], polaris: ['runAsRootAllowed'] },
  'policy/resource-requests': {
    kubeLinter: ['unset-cpu-requirements', 'unset-memory-requirements'],
    polaris: ['cpuRequestsMissing', 'memoryRequestsMissing'],
  },
  'policy/resource-limits': {
    kubeLinter: ['unset-cpu-requirements', 'unset-memory-requirements'],
    polaris: ['cpuLimitsMissing', 'memoryLimitsMissing'],
  },
  'policy/readiness-probe': { kubeLinter: ['no-readiness-probe'], polaris: ['readinessProbeMissing'] },
  'policy/image-tag': { kubeLinter: ['latest-tag'], polaris: ['tagNotSpecified'] },
  'policy/read-only-root-filesystem': {
    kubeLinter: ['no-read-only-root-fs'],
    polaris: ['notReadOnlyRootFilesystem'],
  },
  'policy/default-deny-network-policy': { kubeLinter: ['non-isolated-pod'], polaris: ['missingNetworkPolicy'] },
  'policy/secret-in-env': { kubeLinter: ['env-var-secret'], polaris: [] },
};

/** The name part of an annotation key: at most 63 characters, alphanumeric at both ends. */
const KEY_NAME = /^(?=.{1,63}$)[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** Berth's annotation key for a waiver of `rule` (`policy/run-as-non-root` → `waive.berth.dev/policy.run-as-non-root`), or undefined when the rule makes no valid key. */
export function waiverAnnotationKey(rule: string): string | undefined {
  const name = rule.replace('/', '.');
  return KEY_NAME.test(name) && !name.includes('/') ? `${WAIVER_ANNOTATION_PREFIX}${name}` : undefined;
}

/**
 * The annotations that carry `waivers` (Berth's keys with the reason and the construct, the
 * peers' keys); `environmentPath` (e.g. `dev`) is left out of the construct paths.
 */
export function waiverAnnotations(waivers: readonly Waiver[], environmentPath = ''): Record<string, string> {
  const prefix = environmentPath === '' ? '' : `${environmentPath}/`;
  const out: Record<string, string> = {};
  for (const w of waivers) {
    const key = waiverAnnotationKey(w.rule);
    if (key === undefined) continue;
    // A rule waived on a construct and again inside it: the innermost reason is the one that applies.
    out[key] = w.reason;
    out[`${WAIVED_ON_ANNOTATION_PREFIX}${key.slice(WAIVER_ANNOTATION_PREFIX.length)}`] =
      prefix !== '' && w.constructPath.startsWith(prefix)
        ? w.constructPath.slice(prefix.length)
        : // Waived on the environment itself: `/`, the root of the environment the file is in.
          environmentPath !== '' && w.constructPath === environmentPath
          ? '/'
          : w.constructPath;
    const peers = PEER_CHECKS[w.rule];
    for (const check of peers?.kubeLinter ?? []) out[`ignore-check.kube-linter.io/${check}`] = w.reason;
    for (const check of peers?.polaris ?? []) out[`polaris.fairwinds.com/${check}-exempt`] = 'true';
  }
  return out;
}

/**
 * The waivers an object read back from YAML carries in Berth's annotations; `where` names the
 * object in the report when no annotation names the construct the waiver was declared on.
 */
export function waiversFromAnnotations(object: unknown, where: string): Waiver[] {
  const metadata = isRecord(object) && isRecord(object.metadata) ? object.metadata : undefined;
  const annotations = metadata && isRecord(metadata.annotations) ? metadata.annotations : undefined;
  if (!annotations) return [];
  const out: Waiver[] = [];
  for (const [key, reason] of Object.entries(annotations)) {
    if (!key.startsWith(WAIVER_ANNOTATION_PREFIX) || typeof reason !== 'string') continue;
    const name = key.slice(WAIVER_ANNOTATION_PREFIX.length);
    const dot = name.indexOf('.');
    if (dot <= 0) continue;
    const on = annotations[`${WAIVED_ON_ANNOTATION_PREFIX}${name}`];
    out.push({
      rule: `${name.slice(0, dot)}/${name.slice(dot + 1)}`,
      reason,
      constructPath: typeof on === 'string' && on !== '' ? on : where,
    });
  }
  return out;
}
