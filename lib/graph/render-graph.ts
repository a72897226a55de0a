import { GraphEdge, GraphNode, PlatformGraph } from './build-graph';

/** The output formats of `berth graph`. */
export type GraphFormat = 'mermaid' | 'dot' | 'json';

const KIND_LABEL: Readonly<Record<string, string>> = {
  PersistentVolumeClaim: 'PVC',
  VolumeSnapshot: 'Snapshot',
};

function label(n: GraphNode): string {
  return n.type === 'external' ? n.name : `${KIND_LABEL[n.kind] ?? n.kind} ${n.name}`;
}

/** Short ids (`n1`, `n2`...) in node order: Mermaid and DOT ids stay simple and stable. */
function shortIds(graph: PlatformGraph): Map<string, string> {
  return new Map(graph.nodes.map((n, i) => [n.id, `n${i + 1}`]));
}

function mermaidText(s: string): string {
  return `"${s.replace(/"/g, '#quot;')}"`;
}

function mermaidNode(id: string, n: GraphNode): string {
  const text = mermaidText(label(n));
  switch (n.type) {
    case 'workload':
      return `${id}[${text}]`;
    case 'service':
      return `${id}([${text}])`;
    case 'storage':
      return `${id}[(${text})]`;
    case 'snapshot':
      return `${id}[/${text}/]`;
    case 'gateway':
      return `${id}>${text}]`;
    case 'route':
      return `${id}{${text}}`;
    case 'external':
      return `${id}{{${text}}}`;
  }
}

function mermaidEdge(ids: Map<string, string>, e: GraphEdge): string {
  const text = e.type === 'flow' ? e.label : e.label ? `${e.type} ${e.label}` : e.type;
  const arrow = e.type === 'flow' ? (e.label === 'any' ? '-.->' : '==>') : '-->';
  return `  ${ids.get(e.from)} ${arrow}${text ? `|${mermaidText(text)}|` : ''} ${ids.get(e.to)}`;
}

/**
 * A Mermaid flowchart (renders in GitHub pull requests): one subgraph per app; workloads as
 * boxes, Services as stadiums, claims as cylinders, snapshots as parallelograms, Gateways as
 * flags, routes as diamonds, external peers (and Gateways outside the objects) as hexagons; allowed network flows as thick arrows labelled with ports (dotted when
 * every port is allowed).
 */
export function renderMermaid(graph: PlatformGraph): string {
  const ids = shortIds(graph);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const lines = ['flowchart LR'];
  const inApp = new Set(graph.apps.flatMap((a) => a.nodes));
  graph.apps.forEach((app, i) => {
    lines.push(`  subgraph app${i + 1}[${mermaidText(`app ${app.name}`)}]`);
    for (const id of app.nodes) lines.push(`    ${mermaidNode(ids.get(id)!, byId.get(id)!)}`);
    lines.push('  end');
  });
  for (const n of graph.nodes) if (!inApp.has(n.id)) lines.push(`  ${mermaidNode(ids.get(n.id)!, n)}`);
  for (const e of graph.edges) lines.push(mermaidEdge(ids, e));
  return `${lines.join('\n')}\n`;
}

function dotString(s: string): string {
  return JSON.stringify(s);
}

const DOT_SHAPE: Readonly<Record<GraphNode['type'], string>> = {
  workload: 'box',
  service: 'ellipse',
  storage: 'cylinder',
  snapshot: 'parallelogram',
  gateway: 'cds',
  route: 'diamond',
  external: 'hexagon',
};

/** A Graphviz DOT digraph: one cluster per app; flows bold (dashed when every port is allowed). */
export function renderDot(graph: PlatformGraph): string {
  const ids = shortIds(graph);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const lines = [`digraph ${dotString(graph.environment ?? 'platform')} {`, '  rankdir=LR;'];
  const inApp = new Set(graph.apps.flatMap((a) => a.nodes));
  const node = (n: GraphNode): string => `${ids.get(n.id)} [label=${dotString(label(n))}, shape=${DOT_SHAPE[n.type]}];`;
  graph.apps.forEach((app, i) => {
    lines.push(`  subgraph cluster_${i + 1} {`, `    label=${dotString(`app ${app.name}`)};`);
    for (const id of app.nodes) lines.push(`    ${node(byId.get(id)!)}`);
    lines.push('  }');
  });
  for (const n of graph.nodes) if (!inApp.has(n.id)) lines.push(`  ${node(n)}`);
  for (const e of graph.edges) {
    const attrs = [
      `label=${dotString(e.type === 'flow' ? (e.label ?? '') : e.label ? `${e.type} ${e.label}` : e.type)}`,
    ];
    if (e.type === 'flow') attrs.push(e.label === 'any' ? 'style=dashed' : 'style=bold');
    lines.push(`  ${ids.get(e.from)} -> ${ids.get(e.to)} [${attrs.join(', ')}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** Stands in for the matrix rows while the rest is indented (a string JSON never writes unescaped). */
const ROWS = '\u0000matrix rows\u0000';

/**
 * The graph as JSON (nodes, edges, flows with the reachability matrix), indented by 2, with
 * each row of the matrix on one line: a matrix has N × N cells, one per line would be most of
 * the output.
 */
export function renderJson(graph: PlatformGraph): string {
  const { matrix } = graph.flows;
  const text = JSON.stringify({ ...graph, flows: { ...graph.flows, matrix: { ...matrix, allowed: ROWS } } }, null, 2);
  const marker = JSON.stringify(ROWS);
  const at = text.indexOf(marker);
  const indent = text.slice(text.lastIndexOf('\n', at) + 1, at).replace(/\S.*$/, '');
  const rows =
    matrix.allowed.length === 0
      ? '[]'
      : `[\n${matrix.allowed.map((row) => `${indent}  ${JSON.stringify(row)}`).join(',\n')}\n${indent}]`;
  return `${text.slice(0, at)}${rows}${text.slice(at + marker.length)}\n`;
}

/** Renders `graph` in `format`. */
export function renderGraph(graph: PlatformGraph, format: GraphFormat): string {
  switch (format) {
    case 'mermaid':
      return renderMermaid(graph);
    case 'dot':
      return renderDot(graph);
    case 'json':
      return renderJson(graph);
  }
}
