import { KubeObject } from '../model/manifest';
import { describeSelector, LabelSelectorData, matchesSelector } from './label-selector';
import { namespaceOf, PodPort, selectorIndex, WorkloadInfo, workloadsOf } from './workloads';
import { asObject as rec, asObjects as list } from '../validate/finding';
import { compareStrings } from '../model/compare-strings';

/** An allowed connection between two workloads: `ports` as `8080/TCP`, or `any` (every port). */
export interface Flow {
  /** Workload id (`namespace/name`). */
  readonly from: string;
  readonly to: string;
  readonly ports: readonly string[];
}

/** A rule that lets workloads reach (egress) or be reached from (ingress) something outside the objects: an IP block, another namespace. */
export interface ExternalFlow {
  readonly direction: 'ingress' | 'egress';
  /** The policy with the rule, `namespace/name`. */
  readonly policy: string;
  /** The workloads the policy selects (ids). */
  readonly workloads: readonly string[];
  /** The peer, e.g. `namespace kubernetes.io/metadata.name=kube-system, pods k8s-app=kube-dns` or `ipBlock 10.0.0.0/8`. */
  readonly peer: string;
  readonly ports: readonly string[];
}

/** Which workloads may reach which: `allowed[i][j]` are the ports from `workloads[i]` to `workloads[j]` (empty: none). */
export interface ReachabilityMatrix {
  readonly workloads: readonly string[];
  readonly allowed: ReadonlyArray<ReadonlyArray<readonly string[]>>;
}

/** The network flows NetworkPolicies allow among a set of objects. */
export interface NetworkFlows {
  /** Workload ids, in input order. */
  readonly workloads: readonly string[];
  /** Whether each workload's pods are isolated (some policy selects them for that direction). */
  readonly isolation: Readonly<Record<string, { readonly ingress: boolean; readonly egress: boolean }>>;
  /** Allowed workload-to-workload flows (self flows included), in matrix order. */
  readonly flows: readonly Flow[];
  readonly external: readonly ExternalFlow[];
  readonly matrix: ReachabilityMatrix;
}

type Rec = Record<string, unknown>;

interface RulePort {
  readonly protocol: string;
  readonly port?: number | string;
  readonly endPort?: number;
}
interface Peer {
  readonly podSelector?: LabelSelectorData;
  readonly namespaceSelector?: LabelSelectorData;
  readonly ipBlock?: Rec;
}
interface Rule {
  readonly peers?: readonly Peer[];
  readonly ports?: readonly RulePort[];
}
interface Policy {
  readonly id: string;
  readonly namespace: string;
  readonly podSelector: LabelSelectorData;
  readonly ingress?: readonly Rule[];
  readonly egress?: readonly Rule[];
}

/** A port to test: a concrete port, or every port. */
type Candidate = { readonly port: number; readonly protocol: string } | 'any';

function parsePolicy(o: KubeObject): Policy {
  const spec = rec(o.spec);
  const types = Array.isArray(spec.policyTypes)
    ? (spec.policyTypes as unknown[]).map(String)
    : // Kubernetes defaulting: Ingress always, Egress when the policy has egress rules.
      ['Ingress', ...(spec.egress !== undefined ? ['Egress'] : [])];
  const rules = (v: unknown, peerKey: 'from' | 'to'): Rule[] =>
    list(v).map((r) => ({
      peers: Array.isArray(r[peerKey]) ? list(r[peerKey]).map((p) => p as Peer) : undefined,
      ports: Array.isArray(r.ports)
        ? list(r.ports).map((p) => ({
            protocol: typeof p.protocol === 'string' ? p.protocol : 'TCP',
            ...(typeof p.port === 'number' || typeof p.port === 'string' ? { port: p.port } : {}),
            ...(typeof p.endPort === 'number' ? { endPort: p.endPort } : {}),
          }))
        : undefined,
    }));
  return {
    id: `${namespaceOf(o)}/${String(o.metadata.name ?? '')}`,
    namespace: namespaceOf(o),
    podSelector: rec(spec.podSelector) as LabelSelectorData,
    ingress: types.includes('Ingress') ? rules(spec.ingress, 'from') : undefined,
    egress: types.includes('Egress') ? rules(spec.egress, 'to') : undefined,
  };
}

function namespaceLabels(objects: readonly KubeObject[]): (ns: string) => Record<string, string> {
  const declared = new Map<string, Record<string, string>>();
  for (const o of objects) {
    if (o.kind === 'Namespace' && o.apiVersion === 'v1') {
      declared.set(
        String(o.metadata.name),
        Object.fromEntries(Object.entries(rec(o.metadata.labels)).map(([k, v]) => [k, String(v)])),
      );
    }
  }
  return (ns) => ({ ...declared.get(ns), 'kubernetes.io/metadata.name': ns });
}

function portText(c: Candidate): string {
  return c === 'any' ? 'any' : `${c.port}/${c.protocol}`;
}

function rulePortText(p: RulePort): string {
  if (p.port === undefined) return `all/${p.protocol}`;
  return `${p.port}${p.endPort !== undefined ? `-${p.endPort}` : ''}/${p.protocol}`;
}

function portAllowed(ports: readonly RulePort[] | undefined, c: Candidate, dest: readonly PodPort[]): boolean {
  if (!ports || ports.length === 0) return true;
  if (c === 'any') return false;
  return ports.some((p) => {
    if (p.protocol !== c.protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === 'number')
      return p.endPort !== undefined ? c.port >= p.port && c.port <= p.endPort : c.port === p.port;
    // A named port is resolved against the destination pod's container ports.
    return dest.some((cp) => cp.name === p.port && cp.port === c.port && cp.protocol === c.protocol);
  });
}

/**
 * The flows NetworkPolicies allow among the workloads of `objects`, with Kubernetes semantics:
 * a pod is isolated for ingress (egress) when a policy selecting it has that policy type; a
 * connection A→B on port P is allowed iff A is not egress-isolated or an egress rule of a
 * policy selecting A allows B's pods on P, and B is not ingress-isolated or an ingress rule of
 * a policy selecting B allows A's pods on P. Peers: `podSelector` (in the policy's namespace),
 * `namespaceSelector` (namespace labels, `kubernetes.io/metadata.name` included), both
 * (pods in those namespaces); absent or empty `from`/`to` or `ports` mean all. Named ports are
 * resolved against the destination's container ports. `ipBlock` peers never match a workload;
 * they, and namespace selectors that select none of the workloads' namespaces, are listed in
 * `external`.
 *
 * The ports tried are the destination's container ports and the ports the rules name, plus
 * "any port" (reported alone, as `any`, when every port is allowed).
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export function computeFlows(objects: readonly KubeObject[]): NetworkFlows {
  const {
    workloads,
    policies,
    nsLabels,
    selectedBy,
    allowed,
    candidates,
    ingressOf,
    egressOf,
    mayConnect,
    ingressSources,
  } = analyze(objects);
  const ids = workloads.map((w) => w.id);
  // Pairs no rule can let through are ruled out first (most pairs, under default-deny policies),
  // and pairs no policy isolates are open; only the others try ports.
  const cell = (a: WorkloadInfo, b: WorkloadInfo): readonly string[] => {
    if (egressOf.get(a)!.length === 0 && ingressOf.get(b)!.length === 0) return ANY;
    if (!mayConnect(a, b)) return NONE;
    const ok = candidates(a, b).filter((c) => allowed(a, b, c));
    return ok.length === 0 ? NONE : ok.includes('any') ? ANY : ok.map(portText);
  };
  // The flows, found from each destination's possible sources (few, when it is isolated for
  // ingress), in matrix order: by source, then destination.
  const position = new Map(workloads.map((w, i) => [w, i]));
  const found: { readonly i: number; readonly j: number; readonly flow: Flow }[] = [];
  workloads.forEach((b, j) => {
    for (const a of ingressSources(b)) {
      const ports = cell(a, b);
      if (ports.length > 0) found.push({ i: position.get(a)!, j, flow: { from: a.id, to: b.id, ports } });
    }
  });
  const flows = found.sort((x, y) => x.i - y.i || x.j - y.j).map((f) => f.flow);

  const known = new Set(workloads.map((w) => w.namespace));
  const external: ExternalFlow[] = [];
  for (const p of policies) {
    const selected = selectedBy(p).map((w) => w.id);
    for (const direction of ['ingress', 'egress'] as const) {
      for (const r of p[direction] ?? []) {
        for (const peer of r.peers ?? []) {
          let text: string | undefined;
          if (peer.ipBlock) {
            const except =
              Array.isArray(peer.ipBlock.except) && peer.ipBlock.except.length > 0
                ? ` except ${(peer.ipBlock.except as unknown[]).join(',')}`
                : '';
            text = `ipBlock ${String(peer.ipBlock.cidr)}${except}`;
          } else if (
            peer.namespaceSelector &&
            ![...known].some((ns) => matchesSelector(peer.namespaceSelector, nsLabels(ns)))
          ) {
            text = `namespaces ${describeSelector(peer.namespaceSelector)}${peer.podSelector ? `, pods ${describeSelector(peer.podSelector)}` : ''}`;
          }
          if (text) {
            external.push({
              direction,
              policy: p.id,
              workloads: selected,
              peer: text,
              ports: r.ports && r.ports.length > 0 ? r.ports.map(rulePortText) : ['any'],
            });
          }
        }
      }
    }
  }

  const isolation = Object.fromEntries(
    workloads.map((w) => [w.id, { ingress: ingressOf.get(w)!.length > 0, egress: egressOf.get(w)!.length > 0 }]),
  );
  let matrix: ReachabilityMatrix | undefined;
  return {
    workloads: ids,
    isolation,
    flows,
    external,
    // Every pair, computed when first read (JSON output): the graph itself needs only the flows.
    get matrix(): ReachabilityMatrix {
      return (matrix ??= { workloads: ids, allowed: workloads.map((a) => workloads.map((b) => cell(a, b))) });
    },
  };
}

/** The matrix cell of a pair with no allowed port, shared (most cells, in a large environment). */
const NONE: readonly string[] = Object.freeze([]);
/** The matrix cell of a pair allowed on every port. */
const ANY: readonly string[] = Object.freeze(['any']);

/** The policy model of a set of objects, shared by {@link computeFlows} and {@link isTrafficAllowed}. */
function analyze(objects: readonly KubeObject[]) {
  const workloads = workloadsOf(objects);
  const policies = objects
    .filter((o) => o.kind === 'NetworkPolicy' && o.apiVersion.startsWith('networking.k8s.io/'))
    .map(parsePolicy);
  const labelsOfNamespace = namespaceLabels(objects);
  const nsLabelCache = new Map<string, Record<string, string>>();
  const nsLabels = (ns: string): Record<string, string> => {
    let labels = nsLabelCache.get(ns);
    if (!labels) nsLabelCache.set(ns, (labels = labelsOfNamespace(ns)));
    return labels;
  };
  const select = selectorIndex(workloads);
  const selectedCache = new Map<Policy, WorkloadInfo[]>();
  /** The workloads a policy selects (its namespace, its pod selector). */
  const selectedBy = (p: Policy): WorkloadInfo[] => {
    let found = selectedCache.get(p);
    if (!found) selectedCache.set(p, (found = select(p.podSelector).filter((w) => w.namespace === p.namespace)));
    return found;
  };
  const peerMatches = (peer: Peer, policyNs: string, w: WorkloadInfo): boolean => {
    if (peer.ipBlock || (!peer.podSelector && !peer.namespaceSelector)) return false;
    const nsOk = peer.namespaceSelector
      ? matchesSelector(peer.namespaceSelector, nsLabels(w.namespace))
      : w.namespace === policyNs;
    return nsOk && (!peer.podSelector || matchesSelector(peer.podSelector, w.podLabels));
  };
  const ruleAllows = (rule: Rule, policyNs: string, peer: WorkloadInfo, c: Candidate, dest: WorkloadInfo): boolean =>
    (!rule.peers || rule.peers.length === 0 || rule.peers.some((p) => peerMatches(p, policyNs, peer))) &&
    portAllowed(rule.ports, c, dest.ports);

  // The policies selecting each workload, in policy order.
  const ingressOf = new Map<WorkloadInfo, Policy[]>(workloads.map((w) => [w, []]));
  const egressOf = new Map<WorkloadInfo, Policy[]>(workloads.map((w) => [w, []]));
  for (const p of policies) {
    for (const w of selectedBy(p)) {
      if (p.ingress) ingressOf.get(w)!.push(p);
      if (p.egress) egressOf.get(w)!.push(p);
    }
  }
  /** The workloads some peer of a rule matches, or `all` for a rule without peers. */
  const peersCache = new Map<Rule, Set<WorkloadInfo> | 'all'>();
  const peersOf = (rule: Rule, policyNs: string): Set<WorkloadInfo> | 'all' => {
    let found = peersCache.get(rule);
    if (found) return found;
    if (!rule.peers || rule.peers.length === 0) found = 'all';
    else {
      found = new Set<WorkloadInfo>();
      for (const peer of rule.peers) {
        const candidates = peer.podSelector ? select(peer.podSelector) : workloads;
        for (const w of candidates) if (peerMatches(peer, policyNs, w)) found.add(w);
      }
    }
    peersCache.set(rule, found);
    return found;
  };
  /** Whether a rule of `policies` (of one direction) can match `w` as its peer, ports aside. */
  const anyRuleReaches = (list: readonly Policy[], direction: 'ingress' | 'egress', w: WorkloadInfo): boolean =>
    list.some((p) =>
      p[direction]!.some((r) => {
        const peers = peersOf(r, p.namespace);
        return peers === 'all' || peers.has(w);
      }),
    );
  /** The workloads that may reach `b` as far as its ingress rules' peers go (all, when it is not isolated). */
  const ingressSources = (b: WorkloadInfo): Iterable<WorkloadInfo> => {
    const inn = ingressOf.get(b)!;
    if (inn.length === 0) return workloads;
    const union = new Set<WorkloadInfo>();
    for (const p of inn) {
      for (const r of p.ingress!) {
        const peers = peersOf(r, p.namespace);
        if (peers === 'all') return workloads;
        for (const w of peers) union.add(w);
      }
    }
    return union;
  };
  /**
   * Whether `a` may reach `b` on some port as far as peers go: false means no port is allowed
   * (an isolated side with no rule whose peers match the other side).
   */
  const mayConnect = (a: WorkloadInfo, b: WorkloadInfo): boolean => {
    const out = egressOf.get(a)!;
    if (out.length > 0 && !anyRuleReaches(out, 'egress', b)) return false;
    const inn = ingressOf.get(b)!;
    return inn.length === 0 || anyRuleReaches(inn, 'ingress', a);
  };
  const allowed = (a: WorkloadInfo, b: WorkloadInfo, c: Candidate): boolean => {
    const out = egressOf.get(a)!;
    const egressOk = out.length === 0 || out.some((p) => p.egress!.some((r) => ruleAllows(r, p.namespace, b, c, b)));
    if (!egressOk) return false;
    const inn = ingressOf.get(b)!;
    return inn.length === 0 || inn.some((p) => p.ingress!.some((r) => ruleAllows(r, p.namespace, a, c, b)));
  };
  const candidates = (a: WorkloadInfo, b: WorkloadInfo): Candidate[] => {
    const found = new Map<string, Candidate>();
    const add = (port: number, protocol: string): void => {
      found.set(`${port}/${protocol}`, { port, protocol });
    };
    for (const p of b.ports) add(p.port, p.protocol);
    const rules = [...ingressOf.get(b)!.flatMap((p) => p.ingress!), ...egressOf.get(a)!.flatMap((p) => p.egress!)];
    for (const r of rules) for (const p of r.ports ?? []) if (typeof p.port === 'number') add(p.port, p.protocol);
    const concrete = [...found.values()] as Array<{ port: number; protocol: string }>;
    concrete.sort((x, y) => x.port - y.port || compareStrings(x.protocol, y.protocol));
    return ['any', ...concrete];
  };
  return {
    workloads,
    policies,
    nsLabels,
    selectedBy,
    allowed,
    candidates,
    ingressOf,
    egressOf,
    mayConnect,
    ingressSources,
  };
}

function resolveRef(workloads: readonly WorkloadInfo[], ref: string): WorkloadInfo | undefined {
  const exact = workloads.find((w) => w.id === ref);
  if (exact) return exact;
  const matches = workloads.filter((w) => w.name === ref || `${w.namespace}/${w.name}` === ref);
  return matches.length === 1 ? matches[0] : undefined;
}

/**
 * Whether the NetworkPolicies among `objects` let workload `from` connect to workload `to`
 * (references: `name`, `namespace/name` or the id) on `port` and `protocol`; without a port:
 * on at least one port. Throws when a reference names no workload, or several.
 */
export function isTrafficAllowed(
  objects: readonly KubeObject[],
  from: string,
  to: string,
  port?: number,
  protocol = 'TCP',
): boolean {
  const { workloads, allowed, candidates } = analyze(objects);
  const ends = [from, to].map((ref) => {
    const w = resolveRef(workloads, ref);
    if (!w) {
      throw new Error(
        `no single workload is named ${JSON.stringify(ref)}; workloads: ${workloads.map((x) => x.id).join(', ') || '(none)'}`,
      );
    }
    return w;
  });
  const [a, b] = ends;
  if (port === undefined) return candidates(a, b).some((c) => allowed(a, b, c));
  return allowed(a, b, { port, protocol });
}
