import { Construct, IConstruct } from 'constructs';
import { IPodSelectable } from '../core/selectable';
import { componentName, NetworkPeer, Peer } from './peer';
import { NetworkPolicy, TrafficDirection } from './network-policy';
import { Port, PortProtocol } from './port';
import { InvalidInputError } from '../core/invalid-input-error';

/** Which ends of a connection get a policy. */
export enum ConnectionIsolation {
  /** Both: the source's egress policy and, when the other end is a workload, its ingress policy. */
  BOTH = 'BOTH',
  /** Only the policy on this workload's own pods. */
  SELF = 'SELF',
  /** Only the policy on the peer workload's pods. */
  PEER = 'PEER',
}

/** Options of {@link Connections.allowTo}. */
export interface AllowToOptions {
  /** The ports allowed. @default - the destination workload's container ports; every port when it has none or is not a workload */
  readonly ports?: readonly Port[];
  /** Which ends get a policy. @default ConnectionIsolation.BOTH */
  readonly isolation?: ConnectionIsolation;
}

/** Options of {@link Connections.allowFrom}. */
export interface AllowFromOptions {
  /** The ports allowed. @default - this workload's container ports; every port when it has none */
  readonly ports?: readonly Port[];
  /** Which ends get a policy. @default ConnectionIsolation.BOTH */
  readonly isolation?: ConnectionIsolation;
}

/**
 * The network connections of a workload, as verbs that write NetworkPolicies.
 *
 * `a.connections.allowTo(b)` writes both ends, as cdk8s-plus does: an egress policy on `a`'s
 * pods named `<a>-egress-<b>` and, when `b` is a workload, an ingress policy on `b`'s pods named
 * `<b>-ingress-<a>`. There is one policy per workload, direction and peer: further calls for
 * the same pair add their ports to it, and `b.connections.allowFrom(a)` reaches the same two
 * policies. The policies are children of the workload whose pods they select, with the ids
 * `NetworkPolicyEgress-<peer>` and `NetworkPolicyIngress-<peer>`.
 *
 * Ports default to the destination's container ports, read at synth (containers added after
 * the call count). Combine with
 * `NetworkPolicies.defaultDeny` and `NetworkPolicies.allowDnsEgress` to deny everything else.
 *
 * @example
 * import { Platform, Environment, Application, Deployment, NetworkPolicies, Peer, Port } from 'berth-k8s';
 * const app = new Application(new Environment(new Platform(), 'dev', { config: {} }), 'shop');
 * const frontend = new Deployment(app, 'frontend', { containers: [{ image: 'web:1', ports: [{ port: 8080 }] }] });
 * const backend = new Deployment(app, 'backend', { containers: [{ image: 'api:1', ports: [{ port: 9000 }] }] });
 * const db = new Deployment(app, 'db', { containers: [{ image: 'postgres:16', ports: [{ port: 5432 }] }] });
 * NetworkPolicies.defaultDeny(app);
 * NetworkPolicies.allowDnsEgress(app);
 * frontend.connections.allowTo(backend);
 * backend.connections.allowTo(db);
 * backend.connections.allowFrom(Peer.namespace('monitoring'), { ports: [Port.tcp(9090)] });
 */
export class Connections {
  public constructor(private readonly owner: IPodSelectable) {}

  /** Allows this workload's pods to open connections to `peer`. */
  public allowTo(peer: NetworkPeer, options: AllowToOptions = {}): void {
    const p = this.checkPeer('allowTo', peer);
    const given = options.ports ? [...options.ports] : undefined;
    const ports = () => given ?? portsOf(p.workload);
    const isolation = options.isolation ?? ConnectionIsolation.BOTH;
    if (isolation !== ConnectionIsolation.PEER) {
      policyFor(this.owner, 'Egress', p)._addRule('Egress', p, ports);
    } else if (!p.workload) {
      throw this.peerOnlyError('allowTo', p);
    }
    if (p.workload && isolation !== ConnectionIsolation.SELF) {
      const self = Peer.workload(this.owner);
      policyFor(p.workload, 'Ingress', self)._addRule('Ingress', self, ports);
    }
  }

  /** Allows `peer` to open connections to this workload's pods. */
  public allowFrom(peer: NetworkPeer, options: AllowFromOptions = {}): void {
    const p = this.checkPeer('allowFrom', peer);
    const given = options.ports ? [...options.ports] : undefined;
    const ports = () => given ?? portsOf(this.owner);
    const isolation = options.isolation ?? ConnectionIsolation.BOTH;
    if (isolation !== ConnectionIsolation.PEER) {
      policyFor(this.owner, 'Ingress', p)._addRule('Ingress', p, ports);
    } else if (!p.workload) {
      throw this.peerOnlyError('allowFrom', p);
    }
    if (p.workload && isolation !== ConnectionIsolation.SELF) {
      const self = Peer.workload(this.owner);
      policyFor(p.workload, 'Egress', self)._addRule('Egress', self, ports);
    }
  }

  private checkPeer(verb: string, peer: NetworkPeer): Peer {
    const p = Peer.from(peer);
    const w = p.workload;
    if (w && w.environmentName !== this.owner.environmentName) {
      throw new InvalidInputError(
        this.owner.node.path,
        `connections.${verb}(peer)`,
        w.node.path,
        `the workload is in environment "${w.environmentName}" but ${this.owner.node.path} is in "${this.owner.environmentName}"`,
        'a workload of the same environment',
        `Connect to a workload of environment "${this.owner.environmentName}", or use Peer.namespace(...) / Peer.ipBlock(...) for traffic that leaves the environment.`,
      );
    }
    return p;
  }

  private peerOnlyError(verb: string, p: Peer): Error {
    return new InvalidInputError(
      this.owner.node.path,
      `connections.${verb}(options.isolation)`,
      'PEER',
      `ConnectionIsolation.PEER needs a workload peer, but "${p.peerName}" is not one`,
      'BOTH or SELF for namespace, pod-label and IP-block peers',
      'Drop the isolation option.',
    );
  }
}

function portsOf(w: IPodSelectable | undefined): Port[] | undefined {
  if (!w || w.ports.length === 0) return undefined;
  return w.ports.map((p) => Port.of((p.protocol ?? 'TCP') as PortProtocol, p.port));
}

function policyFor(selected: IPodSelectable, direction: TrafficDirection, peer: Peer): NetworkPolicy {
  const id = `NetworkPolicy${direction}-${peer.peerName}`;
  const existing = selected.node.tryFindChild(id);
  if (existing) {
    if (!NetworkPolicy.isNetworkPolicy(existing)) {
      throw new InvalidInputError(
        selected.node.path,
        'connections',
        id,
        `a child with this id exists and is not a NetworkPolicy`,
        'the id free for the NetworkPolicy the connection makes',
        'Rename that child.',
      );
    }
    return existing;
  }
  const scope = asConstruct(selected);
  return new NetworkPolicy(scope, id, {
    name: `${componentName(selected)}-${direction.toLowerCase()}-${peer.peerName}`,
    selector: selected,
  });
}

/** Policies are children of the workload they select; every IConstruct in a tree is a Construct. */
function asConstruct(c: IConstruct): Construct {
  return c as Construct;
}
