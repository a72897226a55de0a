/**
 * What the environments of one cluster write, checked together: environments that share a
 * cluster must not write the same cluster-scoped object (unless identical and one copy is
 * marked its owner, the others then refer to it), nor share a namespace unless the cluster
 * declares it shared, nor write one namespaced object twice. Also the facts a cluster declares:
 * its classes (a claim naming a class the cluster lacks) and its Kubernetes version.
 * Runs on every environment's objects, whichever are selected, so that `--env` shards write
 * what a full synth writes.
 */
import { Cluster } from '../core/cluster';
import { Environment } from '../core/environment';
import { sameCanonicalJson } from '../model/canonical-json';
import { ManifestRecord } from '../model/manifest';
import { Problem } from '../model/problem';
import { pushTo } from '../model/push-to';
import { AppManifests } from './collect';
import { classReferences } from './class-references';

/** The outcome of {@link checkClusters}. */
export interface ClusterCheck {
  readonly problems: Problem[];
  /** Identical copies of objects another environment owns on each cluster they go to: not written. */
  readonly referred: ReadonlySet<ManifestRecord>;
  /** `Kind/name` of the referred objects: they exist, though their environment does not write them. */
  readonly external: readonly string[];
}

/** The clusters of the platform by name, and the environments on each; problems for two clusters of one name. */
export function clustersOf(environments: readonly Environment[]): {
  readonly clusters: Map<string, { cluster: Cluster; environments: Environment[] }>;
  readonly problems: Problem[];
} {
  const clusters = new Map<string, { cluster: Cluster; environments: Environment[] }>();
  const problems: Problem[] = [];
  for (const env of environments) {
    for (const cluster of env.clusters) {
      const known = clusters.get(cluster.name);
      if (!known) clusters.set(cluster.name, { cluster, environments: [env] });
      else if (known.cluster === cluster) known.environments.push(env);
      else
        problems.push({
          severity: 'error',
          rule: 'cluster/duplicate-name',
          message: `two clusters are named ${JSON.stringify(cluster.name)}: one of environment ${JSON.stringify(known.environments[0].name)}, another of environment ${JSON.stringify(env.name)}`,
          hint: 'Give both environments the same Cluster object when they share the cluster, or give the clusters their own names.',
          environment: env.name,
          constructPath: env.node.path,
        });
    }
  }
  return { clusters, problems };
}

const group = (apiVersion: string): string => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');
const keyOf = (r: ManifestRecord): string =>
  `${group(r.object.apiVersion)}/${r.object.kind}/${r.object.metadata.namespace ?? ''}/${r.object.metadata.name ?? ''}`;
const shownKey = (r: ManifestRecord): string =>
  r.object.metadata.namespace
    ? `${r.object.kind}/${r.object.metadata.namespace}/${r.object.metadata.name ?? ''}`
    : `${r.object.kind}/${r.object.metadata.name ?? ''}`;

/** Whether a record's construct, or one above it in its app, was marked with `Cluster.markOwner`. */
function ownerTest(): (app: AppManifests, r: ManifestRecord) => boolean {
  const marked = new Map<AppManifests, string[]>();
  return (app, r) => {
    let paths = marked.get(app);
    if (!paths) {
      paths = app.app.node
        .findAll()
        .filter(Cluster.isOwner)
        .map((c) => c.node.path);
      marked.set(app, paths);
    }
    return paths.some((p) => r.constructPath === p || r.constructPath.startsWith(`${p}/`));
  };
}

/** The checks of the module comment, over every rendered app of the platform. */
export function checkClusters(apps: readonly AppManifests[], environments: readonly Environment[]): ClusterCheck {
  const { clusters, problems } = clustersOf(environments);
  const isOwner = ownerTest();
  const appsOf = new Map<Environment, AppManifests[]>();
  for (const a of apps) pushTo(appsOf, a.environment, a);
  // Per referred record, the clusters where an owner's copy stands in for it.
  const covered = new Map<ManifestRecord, Set<string>>();
  for (const [name, { cluster, environments: envs }] of clusters) {
    const runs = cluster.kubernetesVersion?.replace(/^v/, '');
    for (const env of envs) {
      if (runs === undefined || runs === env.kubernetesVersion) continue;
      problems.push({
        severity: 'warning',
        rule: 'cluster/kubernetes-version',
        message: `cluster ${JSON.stringify(name)} runs Kubernetes ${runs}, and the environment ${env.name} is validated against Kubernetes ${env.kubernetesVersion}: a field one version has and the other lacks passes validation and is refused when applied`,
        hint: `Set the environment's kubernetesVersion to '${runs}' (one of the versions Berth ships), or correct the cluster's kubernetesVersion.`,
        environment: env.name,
        constructPath: env.node.path,
      });
    }
    const entries = envs.flatMap((env) =>
      (appsOf.get(env) ?? []).flatMap((app) => app.records.map((r) => ({ env, app, r }))),
    );
    problems.push(
      ...classReferences(
        name,
        cluster,
        entries.map((e) => e.r),
      ),
    );
    if (envs.length < 2) continue;
    // Namespaces: one environment each, unless the cluster declares the namespace shared.
    const inNamespace = new Map<string, Map<string, ManifestRecord>>();
    for (const { r } of entries) {
      const ns = r.object.metadata.namespace;
      if (!ns || cluster.sharedNamespaces.includes(ns)) continue;
      const byEnv = inNamespace.get(ns) ?? new Map<string, ManifestRecord>();
      if (!byEnv.has(r.environment)) byEnv.set(r.environment, r);
      inNamespace.set(ns, byEnv);
    }
    for (const [ns, byEnv] of inNamespace) {
      if (byEnv.size < 2) continue;
      const [first, second] = [...byEnv.values()];
      problems.push({
        severity: 'error',
        rule: 'cluster/shared-namespace',
        message: `environments ${[...byEnv.keys()].map((e) => JSON.stringify(e)).join(' and ')} deploy into namespace ${JSON.stringify(ns)} of cluster ${JSON.stringify(name)} (${first.constructPath} and ${second.constructPath})`,
        hint: `Give each environment its own namespaces (Environment props \`namespaces\` or \`namespace\`), or declare the namespace shared: new Cluster('${name}', { sharedNamespaces: ['${ns}'] }).`,
        environment: second.environment,
        app: second.app,
        constructPath: second.constructPath,
        object: shownKey(second),
      });
    }
    // One object of one cluster, written by two environments.
    const byKey = new Map<string, { app: AppManifests; r: ManifestRecord }[]>();
    for (const { app, r } of entries) pushTo(byKey, keyOf(r), { app, r });
    for (const copies of byKey.values()) {
      if (new Set(copies.map((c) => c.r.environment)).size < 2) continue; // one environment: validation's
      const first = copies[0].r;
      const ns = first.object.metadata.namespace;
      // In a namespace of one environment, the namespace rule above has said it.
      if (ns && !cluster.sharedNamespaces.includes(ns)) continue;
      const clusterScoped = !ns;
      const owners = copies.filter((c) => isOwner(c.app, c.r));
      // Compared as data, key order aside; a CRD is megabytes of schema, and building its
      // canonical text for every copy cost a re-synth of the reference platform 180 ms.
      const same = copies.every((c) => sameCanonicalJson(c.r.object, first.object));
      if (clusterScoped && same && owners.length === 1) {
        for (const c of copies) {
          if (c === owners[0]) continue;
          const set = covered.get(c.r) ?? new Set<string>();
          set.add(name);
          covered.set(c.r, set);
        }
        continue;
      }
      const other = copies.find((c) => c.r.environment !== first.environment)!.r;
      const why = !clusterScoped
        ? 'two environments may not write one namespaced object'
        : !same
          ? 'their contents differ'
          : owners.length === 0
            ? 'neither is marked as its owner'
            : 'more than one is marked as its owner';
      const hint = !clusterScoped
        ? 'Rename one of them, or deploy the environments into namespaces of their own.'
        : !same
          ? 'Rename one of them, or make them identical and mark one owner with Cluster.markOwner(construct).'
          : owners.length === 0
            ? `Mark the copy of the environment that owns it: if (env.name === '${first.environment}') Cluster.markOwner(construct); the others then refer to it and do not write it.`
            : 'Mark the copy of one environment only.';
      problems.push({
        severity: 'error',
        rule: 'cluster/object-collision',
        message: `${shownKey(first)} is written into cluster ${JSON.stringify(name)} by ${first.constructPath} and ${other.constructPath}, and ${why}`,
        hint,
        environment: other.environment,
        app: other.app,
        constructPath: other.constructPath,
        object: shownKey(other),
      });
    }
  }
  const referred = new Set<ManifestRecord>();
  const external = new Set<string>();
  for (const [r, on] of covered) {
    const env = environments.find((e) => e.name === r.environment)!;
    const missing = env.clusters.filter((c) => !on.has(c.name)).map((c) => c.name);
    if (missing.length === 0) {
      referred.add(r);
      external.add(shownKey(r));
      continue;
    }
    problems.push({
      severity: 'error',
      rule: 'cluster/object-collision',
      message: `${shownKey(r)} of ${r.constructPath} is owned by another environment on cluster ${JSON.stringify([...on][0])}, but environment ${JSON.stringify(r.environment)} also deploys to ${missing.map((m) => JSON.stringify(m)).join(', ')}, where no owner writes it`,
      hint: 'Mark this copy as the owner on those clusters instead (a separate environment per cluster), or have the owner deploy there too.',
      environment: r.environment,
      app: r.app,
      constructPath: r.constructPath,
      object: shownKey(r),
    });
  }
  return { problems, referred, external: [...external].sort() };
}
