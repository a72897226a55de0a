import { Construct } from 'constructs';
import { checkLabels } from '../core/input-checks';
import { NetworkPolicy } from './network-policy';
import { Peer } from './peer';
import { Port } from './port';
import { InvalidInputError } from '../core/invalid-input-error';

/** Options of {@link NetworkPolicies.defaultDeny}. */
export interface DefaultDenyOptions {
  /** Deny all ingress to the namespace's pods. @default true */
  readonly ingress?: boolean;
  /** Deny all egress from the namespace's pods. @default true */
  readonly egress?: boolean;
  /** `metadata.name`. @default 'default-deny' (`default-deny-ingress` / `default-deny-egress` when only one direction is denied) */
  readonly name?: string;
  /** The namespace. @default - the app's namespace */
  readonly namespace?: string;
}

/** Options of {@link NetworkPolicies.allowDnsEgress}. */
export interface AllowDnsEgressOptions {
  /** The namespace the DNS pods run in. @default 'kube-system' */
  readonly dnsNamespace?: string;
  /** Labels of the DNS pods. @default { 'k8s-app': 'kube-dns' } (CoreDNS keeps this label) */
  readonly dnsPodLabels?: Readonly<Record<string, string>>;
  /** `metadata.name`. @default 'allow-dns-egress' */
  readonly name?: string;
  /** The namespace of the pods allowed to resolve names. @default - the app's namespace */
  readonly namespace?: string;
}

/**
 * Namespace-wide network policies.
 *
 * @example
 * import { Platform, Environment, Application, NetworkPolicies } from 'berth-k8s';
 * const app = new Application(new Environment(new Platform(), 'dev', { config: {} }), 'shop');
 * NetworkPolicies.defaultDeny(app);      // no pod of the namespace sends or receives anything...
 * NetworkPolicies.allowDnsEgress(app);   // ...but every pod can still resolve names
 */
export class NetworkPolicies {
  /**
   * A policy selecting every pod of the app's namespace with no rule: traffic is denied in the
   * directions chosen (both by default) unless another policy allows it. Child id `DefaultDeny`.
   */
  public static defaultDeny(scope: Construct, options: DefaultDenyOptions = {}): NetworkPolicy {
    const ingress = options.ingress ?? true;
    const egress = options.egress ?? true;
    if (!ingress && !egress) {
      throw new InvalidInputError(
        scope.node.path,
        'NetworkPolicies.defaultDeny(options)',
        undefined,
        'ingress and egress are both false, so the policy would deny nothing',
        'at least one of them true',
        'Drop the call or set ingress or egress.',
      );
    }
    const suffix = ingress && egress ? '' : ingress ? '-ingress' : '-egress';
    return new NetworkPolicy(scope, 'DefaultDeny', {
      name: options.name ?? `default-deny${suffix}`,
      namespace: options.namespace,
      isolateIngress: ingress,
      isolateEgress: egress,
    });
  }

  /**
   * A policy letting every pod of the app's namespace reach the cluster DNS (pods
   * `k8s-app: kube-dns` in `kube-system`) on UDP and TCP port 53, so a default-deny egress
   * does not break name resolution. Child id `AllowDnsEgress`.
   */
  public static allowDnsEgress(scope: Construct, options: AllowDnsEgressOptions = {}): NetworkPolicy {
    const labels = checkLabels(scope.node.path, 'dnsPodLabels', options.dnsPodLabels ?? { 'k8s-app': 'kube-dns' });
    const policy = new NetworkPolicy(scope, 'AllowDnsEgress', {
      name: options.name ?? 'allow-dns-egress',
      namespace: options.namespace,
    });
    const dns = Peer.pods(labels, { namespace: options.dnsNamespace ?? 'kube-system' });
    policy.addEgressRule(dns, [Port.udp(53), Port.tcp(53)]);
    return policy;
  }

  private constructor() {}
}
