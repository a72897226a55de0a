import { InvalidInputError } from '../core/invalid-input-error';
import { IPodSelectable } from '../core/selectable';
import { Labels } from '../core/application';
import { readableName } from '../core/names';
import * as k8s from '../imports/k8s';
import { checkDnsLabel, checkLabels } from '../core/input-checks';
import { cidrContains, CidrError, parseCidr } from './_cidr';

/** The label Kubernetes puts on every namespace, holding its name. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

const PEER = Symbol.for('berth.network.Peer');

/** The brand of Berth's workloads (see `Workload.isWorkload`). */
const WORKLOAD = Symbol.for('berth.Workload');

/** Whether `x` is a workload whose pods can be selected (a Berth workload, or any object of that shape). */
export function isPodSelectable(x: unknown): x is IPodSelectable {
  if (typeof x !== 'object' || x === null) return false;
  // A Berth workload without computing its ports (a getter that builds them).
  if (WORKLOAD in x) return true;
  const o = x as Partial<IPodSelectable>;
  return (
    typeof o.selectorLabels === 'object' &&
    o.selectorLabels !== null &&
    typeof o.namespace === 'string' &&
    typeof o.environmentName === 'string' &&
    Array.isArray(o.ports) &&
    typeof o.node === 'object'
  );
}

/** The component name of a workload: its `app.kubernetes.io/name` label, else its construct id. */
export function componentName(w: IPodSelectable): string {
  return w.selectorLabels[Labels.NAME] ?? readableName([w.node.id]);
}

/** Options of {@link Peer.ipBlock}. */
export interface IpBlockOptions {
  /** Blocks inside the CIDR that are not allowed. @default - none */
  readonly except?: readonly string[];
}

/** Options of {@link Peer.pods}. */
export interface PodsPeerOptions {
  /** The namespace of the pods. @default - the policy's own namespace */
  readonly namespace?: string;
}

/** Options of {@link Peer.namespaceSelector}. */
export interface NamespaceSelectorOptions {
  /** Labels the namespaces must carry. */
  readonly labels: Readonly<Record<string, string>>;
}

/** What a network policy rule allows traffic to or from, other than a workload. */
export type NetworkPeer = Peer | IPodSelectable;

/**
 * The other end of a connection: a workload's pods, pods by labels, namespaces or an IP block.
 * Workloads can be passed directly wherever a peer is taken.
 *
 * @example
 * import { Peer } from 'berth-k8s';
 * const monitoring = Peer.namespace('monitoring');
 * const corp = Peer.ipBlock('10.0.0.0/8', { except: ['10.1.0.0/16'] });
 * const prometheus = Peer.namespaceSelector({ labels: { team: 'observability' } });
 */
export class Peer {
  /** Whether `x` is a Peer (brand check). */
  public static isPeer(x: unknown): x is Peer {
    return typeof x === 'object' && x !== null && PEER in x;
  }

  /** The pods of a workload. */
  public static workload(workload: IPodSelectable): Peer {
    return new Peer(
      componentName(workload),
      (policyNamespace) => {
        const peer: { podSelector: k8s.LabelSelector; namespaceSelector?: k8s.LabelSelector } = {
          podSelector: { matchLabels: { ...workload.selectorLabels } },
        };
        if (workload.namespace !== policyNamespace) {
          peer.namespaceSelector = { matchLabels: { [NAMESPACE_NAME_LABEL]: workload.namespace } };
        }
        return peer;
      },
      workload,
    );
  }

  /** Pods carrying `labels`, in the policy's namespace unless `options.namespace` is given. */
  public static pods(labels: Readonly<Record<string, string>>, options: PodsPeerOptions = {}): Peer {
    const matchLabels = checkLabels('Peer.pods', 'podSelector.matchLabels', labels);
    const ns = options.namespace === undefined ? undefined : checkDnsLabel('Peer.pods', 'namespace', options.namespace);
    const name = readableName([
      'pods',
      ...Object.keys(matchLabels)
        .sort()
        .map((k) => matchLabels[k]),
    ]);
    return new Peer(name, (policyNamespace) =>
      ns === undefined || ns === policyNamespace
        ? { podSelector: { matchLabels: { ...matchLabels } } }
        : {
            podSelector: { matchLabels: { ...matchLabels } },
            namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: ns } },
          },
    );
  }

  /** Every pod of the namespace named `name` (selected by its `kubernetes.io/metadata.name` label). */
  public static namespace(name: string): Peer {
    checkDnsLabel('Peer.namespace', 'namespace', name);
    return new Peer(`namespace-${name}`, () => ({
      namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: name } },
    }));
  }

  /** Every pod of the namespaces carrying `options.labels`; `{ labels: {} }` selects all namespaces. */
  public static namespaceSelector(options: NamespaceSelectorOptions): Peer {
    const matchLabels = checkLabels('Peer.namespaceSelector', 'namespaceSelector.matchLabels', options.labels);
    const keys = Object.keys(matchLabels).sort();
    const name =
      keys.length === 0 ? 'all-namespaces' : readableName(['namespaces', ...keys.map((k) => matchLabels[k])]);
    return new Peer(name, () => ({ namespaceSelector: { matchLabels: { ...matchLabels } } }));
  }

  /**
   * Addresses in a CIDR block, minus `options.except`. The block must carry its mask and no
   * host bits: `Peer.ipBlock('10.0.0.1')` is refused with a hint (`10.0.0.1/32`).
   */
  public static ipBlock(cidr: string, options: IpBlockOptions = {}): Peer {
    const parse = (text: string, field: string) => {
      try {
        return parseCidr(text);
      } catch (e) {
        if (!(e instanceof CidrError)) throw e;
        throw new InvalidInputError(
          'Peer.ipBlock',
          field,
          text,
          e.reason,
          'an IPv4 or IPv6 block with its mask and no host bits, e.g. "10.0.0.0/8" or "fd00::/8"',
          e.fix,
        );
      }
    };
    const block = parse(cidr, 'ipBlock.cidr');
    const except = [...(options.except ?? [])];
    except.forEach((x, i) => {
      const inner = parse(x, `ipBlock.except[${i}]`);
      if (!cidrContains(block, inner) || inner.prefix === block.prefix) {
        throw new InvalidInputError(
          'Peer.ipBlock',
          `ipBlock.except[${i}]`,
          x,
          `not strictly inside "${cidr}"`,
          'blocks inside the allowed block, with a longer mask',
          'Remove it or widen the block.',
        );
      }
    });
    const name = readableName(['cidr', cidr.replace(/[:./]+/g, '-')]);
    return new Peer(name, () => (except.length > 0 ? { ipBlock: { cidr, except } } : { ipBlock: { cidr } }));
  }

  /** Every IPv4 address (`0.0.0.0/0`). */
  public static anyIpv4(): Peer {
    return new Peer('any-ipv4', () => ({ ipBlock: { cidr: '0.0.0.0/0' } }));
  }

  /** Every IPv6 address (`::/0`). */
  public static anyIpv6(): Peer {
    return new Peer('any-ipv6', () => ({ ipBlock: { cidr: '::/0' } }));
  }

  /** Turns a workload or peer into a Peer. */
  public static from(peer: NetworkPeer): Peer {
    if (Peer.isPeer(peer)) return peer;
    if (isPodSelectable(peer)) return Peer.workload(peer);
    throw new InvalidInputError(
      'Peer.from',
      'peer',
      peer,
      'neither a Peer nor a workload',
      'a workload, Peer.namespace(...), Peer.namespaceSelector(...), Peer.pods(...), Peer.ipBlock(...)',
      'Pass the workload itself, or build the peer with one of the Peer factories.',
    );
  }

  private constructor(
    /** A readable name for the peer, used in policy names (`frontend-egress-<peerName>`). */
    public readonly peerName: string,
    private readonly render: (policyNamespace: string) => k8s.NetworkPolicyPeer,
    /** The workload, when the peer is one. */
    public readonly workload?: IPodSelectable,
  ) {
    Object.defineProperty(this, PEER, { value: true });
  }

  /** The peer as written in a policy of namespace `policyNamespace` (wire format). */
  public toNetworkPolicyPeer(policyNamespace: string): k8s.NetworkPolicyPeer {
    return this.render(policyNamespace);
  }
}
