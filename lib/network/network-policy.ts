import { Construct } from 'constructs';
import { ApiResource } from '../core/api-resource';
import { Application, Labels } from '../core/application';
import { IPodSelectable } from '../core/selectable';
import * as k8s from '../imports/k8s';
import { checkDnsSubdomain, checkLabels } from '../core/input-checks';
import { metadata } from '../core/object-scope';
import { componentName, isPodSelectable, NetworkPeer, Peer } from './peer';
import { Port } from './port';
import { InvalidInputError } from '../core/invalid-input-error';

/** The direction of a network policy rule. */
export type TrafficDirection = 'Ingress' | 'Egress';

/** One rule: traffic to or from `peer` on `ports`. */
export interface NetworkPolicyRule {
  /** The other end. */
  readonly peer: NetworkPeer;
  /** The ports allowed. @default - every port */
  readonly ports?: readonly Port[];
}

/** Props of a {@link NetworkPolicy}. */
export interface NetworkPolicyProps {
  /** `metadata.name`. @default - a readable name from the construct path */
  readonly name?: string;
  /**
   * The pods the policy applies to: a workload, or labels.
   * @default - every pod of the namespace (`podSelector: {}`)
   */
  readonly selector?: IPodSelectable | Readonly<Record<string, string>>;
  /** The namespace. @default - the selected workload's namespace, else the app's */
  readonly namespace?: string;
  /**
   * Whether the selected pods are isolated for ingress (`Ingress` in `policyTypes`) even with
   * no ingress rule: all ingress is denied but what a rule allows.
   * @default - true when an ingress rule is added
   */
  readonly isolateIngress?: boolean;
  /** The same for egress. @default - true when an egress rule is added */
  readonly isolateEgress?: boolean;
  /** Ingress rules. @default - none */
  readonly ingress?: readonly NetworkPolicyRule[];
  /** Egress rules. @default - none */
  readonly egress?: readonly NetworkPolicyRule[];
}

const NETWORK_POLICY = Symbol.for('berth.network.NetworkPolicy');

interface MergedRule {
  readonly peer: Peer;
  /** The ports of each call that added the rule; one returning undefined means every port. */
  readonly ports: Array<() => readonly Port[] | undefined>;
}

/**
 * A Kubernetes NetworkPolicy. Rules can be added after construction (`addIngressRule`,
 * `addEgressRule`); rules for the same peer are merged into one (their ports joined), so a
 * policy has one rule per peer, in the order peers were first added.
 *
 * Most apps do not create policies directly but use `workload.connections.allowTo(...)` and
 * {@link NetworkPolicies}.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 * @example
 * import { Platform, Environment, Application, NetworkPolicy, Peer, Port } from 'berth-k8s';
 * const app = new Application(new Environment(new Platform(), 'dev', { config: {} }), 'shop');
 * const policy = new NetworkPolicy(app, 'Metrics', { name: 'allow-metrics', selector: { role: 'api' } });
 * policy.addIngressRule(Peer.namespace('monitoring'), [Port.tcp(9090)]);
 */
export class NetworkPolicy extends ApiResource {
  /** Whether `x` is a NetworkPolicy construct (brand check). */
  public static isNetworkPolicy(x: unknown): x is NetworkPolicy {
    return typeof x === 'object' && x !== null && NETWORK_POLICY in x;
  }

  /** `metadata.namespace`. */
  public readonly namespace: string;

  private readonly podSelector: Record<string, string>;
  /** Each direction's rules by peer, created on first use. */
  private readonly rules: Partial<Record<TrafficDirection, Map<string, MergedRule>>> = {};
  private readonly isolate: Record<TrafficDirection, boolean>;

  public constructor(scope: Construct, id: string, props: NetworkPolicyProps = {}) {
    const workload = isPodSelectable(props.selector) ? props.selector : undefined;
    const ns = props.namespace ?? workload?.namespace ?? Application.of(scope).namespace;
    super(scope, id, k8s.NetworkPolicy.GVK, { metadata: metadata({ name: props.name, namespace: ns }) });
    Object.defineProperty(this, NETWORK_POLICY, { value: true });
    const path = this.node.path;
    this.podSelector = workload
      ? { ...workload.selectorLabels }
      : checkLabels(path, 'spec.podSelector.matchLabels', (props.selector as Record<string, string> | undefined) ?? {});
    if (ns === undefined) {
      throw new InvalidInputError(
        path,
        'metadata.namespace',
        undefined,
        'the policy has no namespace',
        'a namespace name',
        'Pass props.namespace or give the Application a namespace.',
      );
    }
    this.namespace = ns;
    if (props.name !== undefined) checkDnsSubdomain(path, 'metadata.name', props.name);
    this.isolate = { Ingress: props.isolateIngress ?? false, Egress: props.isolateEgress ?? false };
    if (workload) this.metadata.addLabel(Labels.NAME, componentName(workload));
    for (const r of props.ingress ?? []) this.addIngressRule(r.peer, r.ports);
    for (const r of props.egress ?? []) this.addEgressRule(r.peer, r.ports);
  }

  /** Allows traffic from `peer` to the selected pods on `ports` (every port when omitted). */
  public addIngressRule(peer: NetworkPeer, ports?: readonly Port[]): void {
    this._addRule('Ingress', peer, () => ports);
  }

  /** Allows traffic from the selected pods to `peer` on `ports` (every port when omitted). */
  public addEgressRule(peer: NetworkPeer, ports?: readonly Port[]): void {
    this._addRule('Egress', peer, () => ports);
  }

  /**
   * Adds a rule whose ports are read at synth (so container ports added later count).
   * `ports` returning undefined means every port.
   * @internal
   */
  public _addRule(direction: TrafficDirection, peer: NetworkPeer, ports: () => readonly Port[] | undefined): void {
    const p = Peer.from(peer);
    this.isolate[direction] = true;
    const key = JSON.stringify(p.toNetworkPolicyPeer(this.namespace));
    const rules = (this.rules[direction] ??= new Map());
    const existing = rules.get(key);
    if (existing) {
      existing.ports.push(ports);
    } else {
      rules.set(key, { peer: p, ports: [ports] });
    }
  }

  protected override renderFields(): Record<string, unknown> {
    return { spec: this.renderSpec() };
  }

  private renderSpec(): k8s.NetworkPolicySpec {
    const render = (direction: TrafficDirection, field: 'from' | 'to') => {
      const rules = [...(this.rules[direction]?.values() ?? [])];
      if (rules.length === 0) return undefined;
      return rules.map((r) => {
        const rule: Record<string, unknown> = { [field]: [r.peer.toNetworkPolicyPeer(this.namespace)] };
        const ports = mergePorts(r.ports);
        if (ports && ports.length > 0) rule.ports = ports.map((x) => x.toNetworkPolicyPort());
        return rule;
      });
    };
    const policyTypes: string[] = [];
    if (this.isolate.Ingress) policyTypes.push('Ingress');
    if (this.isolate.Egress) policyTypes.push('Egress');
    return {
      podSelector: Object.keys(this.podSelector).length > 0 ? { matchLabels: { ...this.podSelector } } : {},
      policyTypes: policyTypes.length > 0 ? policyTypes : undefined,
      ingress: render('Ingress', 'from'),
      egress: render('Egress', 'to'),
    } as k8s.NetworkPolicySpec;
  }
}

/** Joins the ports of several calls, first occurrence first; undefined (every port) wins. */
function mergePorts(sources: ReadonlyArray<() => readonly Port[] | undefined>): Port[] | undefined {
  const out: Port[] = [];
  const seen = new Set<string>();
  for (const source of sources) {
    const ports = source();
    if (ports === undefined || ports.length === 0) return undefined;
    for (const p of ports) {
      if (!seen.has(p.key)) {
        seen.add(p.key);
        out.push(p);
      }
    }
  }
  return out;
}
