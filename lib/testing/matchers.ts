import { computeFlows, isTrafficAllowed } from '../graph/compute-flows';
import { containersOf, podTemplateOf } from '../graph/workloads';
import { KubeObject } from '../model/manifest';
import { isRecord } from '../model/is-record';

/** What {@link berthMatchers}' `toHaveSecurityContext` checks: fields the pod and every container must have. */
export interface SecurityContextExpectation {
  /** Fields of the pod's `securityContext`. @default - not checked */
  readonly pod?: Readonly<Record<string, unknown>>;
  /** Fields of every container's (and init container's) `securityContext`. @default - not checked */
  readonly container?: Readonly<Record<string, unknown>>;
}

/**
 * The settings the Pod Security Standards' `restricted` profile requires.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export const RESTRICTED_SECURITY_CONTEXT: SecurityContextExpectation = {
  pod: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
  container: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
};

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      /** The workload object's pod and container security contexts contain the expected fields (see `RESTRICTED_SECURITY_CONTEXT`). */
      toHaveSecurityContext(expected: SecurityContextExpectation): R;
      /** The NetworkPolicies in the list of objects allow workload `from` to connect to workload `to` (on `port`, TCP). */
      toAllowTraffic(from: string, to: string, port?: number): R;
    }
  }
}

interface MatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
}

/** Where `actual` lacks or differs from the fields of `expected` (objects: subset; other values: equal). */
function mismatches(actual: unknown, expected: unknown, path: string): string[] {
  if (isRecord(expected)) {
    if (!isRecord(actual)) return [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
    return Object.entries(expected).flatMap(([k, v]) => mismatches(actual[k], v, `${path}.${k}`));
  }
  return JSON.stringify(actual) === JSON.stringify(expected)
    ? []
    : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

function describe(o: unknown): string {
  return isRecord(o) && isRecord(o.metadata) ? `${String(o.kind)} ${String(o.metadata.name)}` : JSON.stringify(o);
}

function toHaveSecurityContext(received: unknown, expected: SecurityContextExpectation): MatcherResult {
  const template =
    isRecord(received) && typeof received.kind === 'string' && isRecord(received.metadata)
      ? podTemplateOf(received as KubeObject)
      : undefined;
  if (!template) {
    return {
      pass: false,
      message: () =>
        `expected a workload object (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod), got ${describe(received)}`,
    };
  }
  const problems = [
    ...(expected.pod ? mismatches(template.spec.securityContext, expected.pod, 'pod securityContext') : []),
    ...(expected.container
      ? containersOf(template.spec).flatMap((c) =>
          mismatches(c.securityContext, expected.container, `container ${String(c.name)} securityContext`),
        )
      : []),
  ];
  const what = describe(received);
  return problems.length === 0
    ? {
        pass: true,
        message: () => `expected ${what} not to have the security context ${JSON.stringify(expected)}, but it has`,
      }
    : {
        pass: false,
        message: () =>
          `expected ${what} to have the security context ${JSON.stringify(expected)}:\n  ${problems.join('\n  ')}`,
      };
}

function toAllowTraffic(received: unknown, from: string, to: string, port?: number): MatcherResult {
  if (!Array.isArray(received)) {
    return {
      pass: false,
      message: () => `expected a list of objects (synthApp(...), synthEnvironment(...)), got ${describe(received)}`,
    };
  }
  const objects = received as KubeObject[];
  const pass = isTrafficAllowed(objects, from, to, port);
  const what = `${from} → ${to}${port === undefined ? '' : ` on port ${port}`}`;
  const allowed = computeFlows(objects)
    .flows.filter((f) => f.from !== f.to)
    .map((f) => `${f.from} → ${f.to} (${f.ports.join(', ')})`);
  const list = `\nallowed flows:\n  ${allowed.join('\n  ') || '(none)'}`;
  return pass
    ? { pass, message: () => `expected the NetworkPolicies to deny ${what}, but they allow it${list}` }
    : { pass, message: () => `expected the NetworkPolicies to allow ${what}, but they deny it${list}` };
}

/**
 * Berth's jest matchers; register them once with `expect.extend(berthMatchers)`.
 *
 * @example
 * import { berthMatchers, RESTRICTED_SECURITY_CONTEXT, findObject, synthApp } from 'berth-k8s/testing';
 * import { Application, Environment, Platform } from 'berth-k8s';
 * expect.extend(berthMatchers);
 * const app = new Application(new Environment(new Platform(), 'dev', { config: {} }), 'shop');
 * const objects = synthApp(app);
 * expect(objects).toAllowTraffic('frontend', 'backend', 8080);
 * expect(findObject(objects, 'Deployment', 'frontend')).toHaveSecurityContext(RESTRICTED_SECURITY_CONTEXT);
 */
export const berthMatchers = {
  toHaveSecurityContext,
  toAllowTraffic,
};
