import { ApiResource } from '../core/api-resource';
import { Construct } from 'constructs';
import { readableName } from '../core/names';
import * as k8s from '../imports/k8s';
import { checkDnsLabel, checkLabels, checkUnicodeMap } from '../core/input-checks';
import { metadata } from '../core/object-scope';
import { LimitRange, LimitRangeProps } from './limit-range';
import { ResourceQuota, ResourceQuotaProps } from './resource-quota';
import { InvalidInputError } from '../core/invalid-input-error';

/** A Pod Security Standard level. */
export enum PodSecurityLevel {
  /** Hardened: non-root, no privilege escalation, seccomp, dropped capabilities. */
  RESTRICTED = 'restricted',
  /** Prevents known privilege escalations; allows the default pod. */
  BASELINE = 'baseline',
  /** Unrestricted. */
  PRIVILEGED = 'privileged',
}

/** Pod Security admission settings of a namespace. */
export interface PodSecurityProps {
  /** Pods violating this level are rejected. @default PodSecurityLevel.RESTRICTED */
  readonly enforce?: PodSecurityLevel;
  /** Violations are recorded in the audit log. @default PodSecurityLevel.RESTRICTED */
  readonly audit?: PodSecurityLevel;
  /** Violations are returned as warnings to the user. @default PodSecurityLevel.RESTRICTED */
  readonly warn?: PodSecurityLevel;
  /** The version of the standards, e.g. `v1.33`. @default 'latest' */
  readonly version?: string;
}

/** Props of a {@link Namespace}. */
export interface NamespaceProps {
  /** `metadata.name`. @default - the construct id as a DNS label */
  readonly name?: string;
  /**
   * Pod Security admission labels. Relaxing a level below `restricted` is explicit:
   * `podSecurity: { enforce: PodSecurityLevel.BASELINE }`; audit and warn stay `restricted`
   * unless also set, so the relaxation stays visible.
   * @default - restricted for enforce, audit and warn
   */
  readonly podSecurity?: PodSecurityProps;
  /** Extra labels. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations. @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** The Pod Security admission label prefix. */
export const POD_SECURITY_LABEL_PREFIX = 'pod-security.kubernetes.io';

/**
 * A Namespace with Pod Security admission labels (`restricted` by default), and verbs for its
 * ResourceQuota and LimitRange. Cluster-scoped.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/
 * @example
 * import { Platform, Environment, Application, Namespace, Size, Cpu } from 'berth-k8s';
 * const app = new Application(new Environment(new Platform(), 'prod', { config: {} }), 'platform');
 * const ns = new Namespace(app, 'Shop', { name: 'shop' });
 * ns.addResourceQuota('Quota', { requestsCpu: Cpu.cores(8), requestsMemory: Size.gibibytes(16), pods: 50 });
 * ns.addLimitRange('Defaults', { container: { defaultRequest: { cpu: Cpu.millis(100), memory: Size.mebibytes(128) } } });
 */
export class Namespace extends ApiResource {
  /** The namespace's name. */
  public readonly namespaceName: string;

  public constructor(scope: Construct, id: string, props: NamespaceProps = {}) {
    super(scope, id, k8s.Namespace.GVK, {
      metadata: metadata({
        name: props.name ?? readableName([id]),
        annotations: props.annotations ? { ...props.annotations } : undefined,
      }),
    });
    const name = checkDnsLabel(this.node.path, 'metadata.name', props.name ?? readableName([id]));
    const extra = props.labels ? checkLabels(this.node.path, 'metadata.labels', props.labels) : {};
    checkUnicodeMap(this.node.path, 'metadata.annotations', props.annotations);
    const ps = props.podSecurity ?? {};
    const version = ps.version ?? 'latest';
    if (!/^(latest|v1\.[0-9]+)$/.test(version)) {
      throw new InvalidInputError(
        this.node.path,
        'podSecurity.version',
        version,
        'not a Pod Security version',
        '"latest" or "v1.<minor>"',
        'Use e.g. "v1.33".',
      );
    }
    const labels: Record<string, string> = { ...extra };
    for (const mode of ['enforce', 'audit', 'warn'] as const) {
      const level = ps[mode] ?? PodSecurityLevel.RESTRICTED;
      if (!Object.values(PodSecurityLevel).includes(level)) {
        throw new InvalidInputError(
          this.node.path,
          `podSecurity.${mode}`,
          level,
          'not a Pod Security level',
          '"restricted", "baseline", "privileged"',
          'Use PodSecurityLevel.RESTRICTED.',
        );
      }
      labels[`${POD_SECURITY_LABEL_PREFIX}/${mode}`] = level;
      labels[`${POD_SECURITY_LABEL_PREFIX}/${mode}-version`] = version;
    }
    for (const [k, v] of Object.entries(labels)) this.metadata.addLabel(k, v);
    this.namespaceName = name;
  }

  /** A ResourceQuota in this namespace. */
  public addResourceQuota(id: string, props: Omit<ResourceQuotaProps, 'namespace'>): ResourceQuota {
    const quota = new ResourceQuota(this, id, { ...props, namespace: this.namespaceName });
    quota.node.addDependency(this);
    return quota;
  }

  /** A LimitRange in this namespace. */
  public addLimitRange(id: string, props: Omit<LimitRangeProps, 'namespace'>): LimitRange {
    const limits = new LimitRange(this, id, { ...props, namespace: this.namespaceName });
    limits.node.addDependency(this);
    return limits;
  }
}
