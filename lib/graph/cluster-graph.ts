/**
 * `berth graph --clusters`: which environments deploy to which clusters, and so which share
 * one (where synth's collision checks apply), with the namespaces each uses there.
 */
import type { Environment } from '../core/environment';
import type { AppManifests } from '../render/collect';
import type { GraphFormat } from './render-graph';

/** One cluster and the environments on it. */
export interface ClusterUse {
  readonly cluster: string;
  /** The Argo CD destination (`server` URL or `name`). */
  readonly destination: string;
  /** The environments deploying to it, in platform order, with the namespaces of their apps. */
  readonly environments: readonly { readonly name: string; readonly namespaces: readonly string[] }[];
  /** Whether more than one environment deploys to it. */
  readonly shared: boolean;
}

/** The clusters of the environments of `apps`; environments that declare none are left out. */
export function clusterUses(apps: readonly AppManifests[]): ClusterUse[] {
  const envs: Environment[] = [];
  for (const a of apps) if (!envs.includes(a.environment)) envs.push(a.environment);
  const byName = new Map<string, { destination: string; environments: { name: string; namespaces: string[] }[] }>();
  for (const env of envs) {
    const namespaces = [
      ...new Set(apps.filter((a) => a.environment === env).map((a) => a.app.namespace ?? a.app.appName)),
    ].sort();
    for (const c of env.clusters) {
      const use = byName.get(c.name) ?? {
        destination: c.destination.server ?? `name ${c.destination.name}`,
        environments: [],
      };
      use.environments.push({ name: env.name, namespaces });
      byName.set(c.name, use);
    }
  }
  return [...byName].map(([cluster, u]) => ({ cluster, ...u, shared: u.environments.length > 1 }));
}

const quoted = (s: string): string => JSON.stringify(s);

/** The clusters as a Mermaid flowchart, DOT digraph or JSON: environment → cluster, shared clusters marked. */
export function renderClusterGraph(uses: readonly ClusterUse[], format: GraphFormat): string {
  if (format === 'json') return `${JSON.stringify({ clusters: uses }, null, 2)}\n`;
  const envIds = new Map<string, string>();
  for (const u of uses)
    for (const e of u.environments) if (!envIds.has(e.name)) envIds.set(e.name, `e${envIds.size + 1}`);
  const label = (u: ClusterUse): string => `${u.cluster}${u.shared ? ' (shared)' : ''}`;
  const edges = uses.flatMap((u, i) =>
    u.environments.map((e) => ({ from: envIds.get(e.name)!, to: `c${i + 1}`, text: e.namespaces.join(', ') })),
  );
  if (format === 'mermaid') {
    const esc = (s: string): string => `"${s.replace(/"/g, '#quot;')}"`;
    return `${[
      'flowchart LR',
      ...[...envIds].map(([name, id]) => `  ${id}[${esc(`environment ${name}`)}]`),
      ...uses.map((u, i) => `  c${i + 1}[(${esc(`cluster ${label(u)}`)})]`),
      ...edges.map((e) => `  ${e.from} -->|${esc(e.text)}| ${e.to}`),
    ].join('\n')}\n`;
  }
  return `${[
    'digraph "clusters" {',
    '  rankdir=LR;',
    ...[...envIds].map(([name, id]) => `  ${id} [label=${quoted(`environment ${name}`)}, shape=box];`),
    ...uses.map(
      (u, i) =>
        `  c${i + 1} [label=${quoted(`cluster ${label(u)}`)}, shape=cylinder${u.shared ? ', style=bold' : ''}];`,
    ),
    ...edges.map((e) => `  ${e.from} -> ${e.to} [label=${quoted(e.text)}];`),
    '}',
  ].join('\n')}\n`;
}
