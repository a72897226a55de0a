import { KubeObject } from '../model/manifest';
import { computeFlows, NetworkFlows } from './compute-flows';
import { namespaceOf, podTemplateOf, selectorIndex, workloadsOf } from './workloads';
import { asObject as rec, asObjects as list } from '../validate/finding';

/** What a node of the picture stands for. */
export type GraphNodeType = 'workload' | 'service' | 'storage' | 'snapshot' | 'gateway' | 'route' | 'external';

/** A box in the picture. */
export interface GraphNode {
  /** Stable id: `Kind/namespace/name` (`external:<peer>` for peers outside the objects). */
  readonly id: string;
  readonly type: GraphNodeType;
  /** The object's kind (`Deployment`, `PersistentVolumeClaim`...), or `External`. */
  readonly kind: string;
  readonly name: string;
  /** The app the object belongs to; absent for external peers and claims the output does not contain. */
  readonly app?: string;
}

/** What an edge means. */
export type GraphEdgeType =
  /** A Service sends traffic to a workload's pods; a Gateway API route, to a Service. */
  | 'routes'
  /** A Gateway sends the requests of a route's hostnames to the route (label: listener, hostnames). */
  | 'attaches'
  /** A workload mounts a claim. */
  | 'mounts'
  /** A VolumeSnapshot is taken of a claim (claim → snapshot). */
  | 'snapshot'
  /** A claim is restored from a snapshot (snapshot → claim). */
  | 'restore'
  /** NetworkPolicies allow connections (label: ports). */
  | 'flow';

/** An arrow in the picture. */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly type: GraphEdgeType;
  /** Ports for flows and routes, e.g. `9000/TCP`, `any`. */
  readonly label?: string;
}

/** The picture of an environment: its apps, their objects and how they connect. */
export interface PlatformGraph {
  readonly environment?: string;
  /** Apps, sorted, with their node ids. */
  readonly apps: ReadonlyArray<{ readonly name: string; readonly nodes: readonly string[] }>;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  /** The network flows computed from the NetworkPolicies (with the reachability matrix). */
  readonly flows: NetworkFlows;
}

/** An object and the app it belongs to (a `ManifestRecord` fits). */
export interface GraphInput {
  readonly app: string;
  readonly object: KubeObject;
}

const TYPES: Readonly<Record<string, GraphNodeType>> = {
  Service: 'service',
  PersistentVolumeClaim: 'storage',
  VolumeSnapshot: 'snapshot',
  Gateway: 'gateway',
  HTTPRoute: 'route',
  GRPCRoute: 'route',
};

function nodeId(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

/**
 * Builds the picture of one environment from its rendered objects: workloads, Services (with
 * the workloads they route to), storage (claims mounted, claim templates of StatefulSets,
 * snapshots and restores) and the network flows NetworkPolicies allow ({@link computeFlows};
 * self flows are in `flows` but not drawn as edges).
 */
export function buildGraph(inputs: readonly GraphInput[], environment?: string): PlatformGraph {
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const addNode = (n: GraphNode): string => {
    if (!nodes.has(n.id)) nodes.set(n.id, n);
    return n.id;
  };
  const appOf = new Map<KubeObject, string>(inputs.map((i) => [i.object, i.app]));
  const objects = inputs.map((i) => i.object);
  const workloads = workloadsOf(objects);
  const workloadOf = new Map(workloads.map((w) => [w.object, w]));
  const select = selectorIndex(workloads);
  const workloadNode = new Map<string, string>();

  for (const { app, object: o } of inputs) {
    const ns = namespaceOf(o);
    const name = String(o.metadata.name ?? '');
    if (podTemplateOf(o)) {
      workloadNode.set(
        workloadOf.get(o)!.id,
        addNode({ id: nodeId(o.kind, ns, name), type: 'workload', kind: o.kind, name, app }),
      );
    } else if (TYPES[o.kind]) {
      addNode({ id: nodeId(o.kind, ns, name), type: TYPES[o.kind], kind: o.kind, name, app });
    }
  }
  const claim = (ns: string, name: string): string =>
    nodes.get(nodeId('PersistentVolumeClaim', ns, name))?.id ??
    addNode({ id: nodeId('PersistentVolumeClaim', ns, name), type: 'storage', kind: 'PersistentVolumeClaim', name });
  const snapshot = (ns: string, name: string): string =>
    nodes.get(nodeId('VolumeSnapshot', ns, name))?.id ??
    addNode({ id: nodeId('VolumeSnapshot', ns, name), type: 'snapshot', kind: 'VolumeSnapshot', name });

  for (const o of objects) {
    const ns = namespaceOf(o);
    const name = String(o.metadata.name ?? '');
    const spec = rec(o.spec);
    const template = podTemplateOf(o);
    if (template) {
      const self = nodeId(o.kind, ns, name);
      for (const v of list(template.spec.volumes)) {
        const claimName = rec(v.persistentVolumeClaim).claimName;
        if (typeof claimName === 'string') edges.push({ from: self, to: claim(ns, claimName), type: 'mounts' });
      }
      for (const t of o.kind === 'StatefulSet' ? list(spec.volumeClaimTemplates) : []) {
        const tpl = String(rec(t.metadata).name ?? '');
        const id = addNode({
          id: nodeId('PersistentVolumeClaim', ns, `${tpl}-${name}-*`),
          type: 'storage',
          kind: 'PersistentVolumeClaim',
          name: `${tpl}-${name}-*`,
          app: appOf.get(o),
        });
        edges.push({ from: self, to: id, type: 'mounts' });
      }
    } else if (o.kind === 'Service') {
      const selector = rec(spec.selector) as Record<string, string>;
      if (Object.keys(selector).length > 0) {
        const ports = list(spec.ports).map(
          (p) =>
            `${String(p.port)}${p.targetPort !== undefined && p.targetPort !== p.port ? `→${String(p.targetPort)}` : ''}/${typeof p.protocol === 'string' ? p.protocol : 'TCP'}`,
        );
        for (const w of select({ matchLabels: selector })) {
          if (w.namespace === ns && w.kind !== 'Job' && w.kind !== 'CronJob') {
            edges.push({
              from: nodeId('Service', ns, name),
              to: workloadNode.get(w.id)!,
              type: 'routes',
              ...(ports.length > 0 ? { label: ports.join(', ') } : {}),
            });
          }
        }
      }
    } else if (o.kind === 'HTTPRoute' || o.kind === 'GRPCRoute') {
      routeEdges(o, ns, name, nodes, addNode, edges);
    } else if (o.kind === 'VolumeSnapshot') {
      const source = rec(spec.source).persistentVolumeClaimName;
      if (typeof source === 'string')
        edges.push({ from: claim(ns, source), to: nodeId('VolumeSnapshot', ns, name), type: 'snapshot' });
    } else if (o.kind === 'PersistentVolumeClaim') {
      const ds = Object.keys(rec(spec.dataSourceRef)).length > 0 ? rec(spec.dataSourceRef) : rec(spec.dataSource);
      if (ds.kind === 'VolumeSnapshot' && typeof ds.name === 'string') {
        edges.push({
          from: snapshot(typeof ds.namespace === 'string' ? ds.namespace : ns, ds.name),
          to: nodeId('PersistentVolumeClaim', ns, name),
          type: 'restore',
        });
      }
    }
  }

  const flows = computeFlows(objects);
  for (const f of flows.flows) {
    if (f.from !== f.to)
      edges.push({
        from: workloadNode.get(f.from)!,
        to: workloadNode.get(f.to)!,
        type: 'flow',
        label: f.ports.join(', '),
      });
  }
  for (const x of flows.external) {
    const peer = addNode({ id: `external:${x.peer}`, type: 'external', kind: 'External', name: x.peer });
    for (const w of x.workloads) {
      const self = workloadNode.get(w)!;
      edges.push({
        from: x.direction === 'egress' ? self : peer,
        to: x.direction === 'egress' ? peer : self,
        type: 'flow',
        label: x.ports.join(', '),
      });
    }
  }

  const appNames = [...new Set(inputs.map((i) => i.app))].sort();
  const all = [...nodes.values()];
  const nodesOfApp = new Map<string, string[]>(appNames.map((name) => [name, []]));
  for (const n of all) if (n.app !== undefined) nodesOfApp.get(n.app)?.push(n.id);
  return {
    ...(environment ? { environment } : {}),
    apps: appNames.map((name) => ({ name, nodes: nodesOfApp.get(name)! })),
    nodes: all,
    edges: dedupe(edges),
    flows,
  };
}

/**
 * A route's edges: from each parent Gateway (one outside the objects is an external node), and
 * to each backend Service with its port.
 */
function routeEdges(
  o: KubeObject,
  ns: string,
  name: string,
  nodes: ReadonlyMap<string, GraphNode>,
  addNode: (n: GraphNode) => string,
  edges: GraphEdge[],
): void {
  const self = nodeId(o.kind, ns, name);
  const spec = rec(o.spec);
  const hosts = (Array.isArray(spec.hostnames) ? spec.hostnames : []).map(String);
  for (const p of list(spec.parentRefs)) {
    if ((p.kind ?? 'Gateway') !== 'Gateway' || typeof p.name !== 'string') continue;
    const gwNs = typeof p.namespace === 'string' ? p.namespace : ns;
    const id = nodeId('Gateway', gwNs, p.name);
    const from =
      nodes.get(id)?.id ?? addNode({ id, type: 'external', kind: 'Gateway', name: `Gateway ${gwNs}/${p.name}` });
    const label = [typeof p.sectionName === 'string' ? p.sectionName : undefined, ...hosts].filter(Boolean).join(' ');
    edges.push({ from, to: self, type: 'attaches', ...(label ? { label } : {}) });
  }
  for (const r of list(spec.rules)) {
    for (const b of list(r.backendRefs)) {
      if ((b.kind ?? 'Service') !== 'Service' || typeof b.name !== 'string') continue;
      const id = nodeId('Service', typeof b.namespace === 'string' ? b.namespace : ns, b.name);
      if (!nodes.has(id)) continue;
      edges.push({ from: self, to: id, type: 'routes', ...(b.port !== undefined ? { label: String(b.port) } : {}) });
    }
  }
}

function dedupe(edges: readonly GraphEdge[]): GraphEdge[] {
  const seen = new Map<string, GraphEdge>();
  for (const e of edges) {
    const key = `${e.type}\u0000${e.from}\u0000${e.to}`;
    const prev = seen.get(key);
    // Several rules to the same peer: join their ports.
    seen.set(
      key,
      prev && prev.label !== e.label
        ? { ...prev, label: [prev.label, e.label].filter(Boolean).join(', ') }
        : (prev ?? e),
    );
  }
  return [...seen.values()];
}
