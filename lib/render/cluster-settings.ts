/**
 * The cluster and GitOps settings that cannot give an output, refused before anything is
 * rendered: two clusters of one name, an environment without a cluster next to environments
 * with one (its apps would land wherever Argo CD or Flux runs), an unknown engine, an
 * ApplicationSet for an environment the platform does not have.
 */
import { Environment } from '../core/environment';
import { GITOPS_ENGINES, GitOpsSettings } from '../model/gitops-settings';
import { Problem } from '../model/problem';
import { clustersOf } from './cluster-checks';

const list = (names: readonly string[]): string => names.map((n) => JSON.stringify(n)).join(', ');

/** The problems of the module comment (empty: the settings can be rendered). */
export function checkClusterSettings(
  environments: readonly Environment[],
  gitops: GitOpsSettings | undefined,
): Problem[] {
  const problems = [...clustersOf(environments).problems];
  if (!gitops) return problems;
  const engine: string = gitops.engine ?? 'argocd';
  if (!(GITOPS_ENGINES as readonly string[]).includes(engine)) {
    problems.push({
      severity: 'error',
      rule: 'gitops/engine',
      message: `the GitOps engine ${JSON.stringify(engine)} is not one Berth writes for`,
      hint: `Set gitops.engine to ${list(GITOPS_ENGINES)}.`,
    });
  }
  const withClusters = environments.filter((e) => e.clusters.length > 0);
  if (withClusters.length > 0) {
    for (const env of environments) {
      if (env.clusters.length > 0) continue;
      problems.push({
        severity: 'error',
        rule: 'cluster/missing',
        message: `environment ${JSON.stringify(env.name)} names no cluster, while ${list(withClusters.map((e) => e.name))} ${withClusters.length === 1 ? 'does' : 'do'}: its GitOps objects would deploy it wherever ${engine === 'flux' ? 'Flux' : 'Argo CD'} runs`,
        hint: `Give it its clusters: new Environment(platform, '${env.name}', { ..., clusters: [cluster] }).`,
        environment: env.name,
        constructPath: env.node.path,
      });
    }
  }
  const names = environments.map((e) => e.name);
  for (const name of gitops.applicationSets ?? []) {
    if (!names.includes(name)) {
      problems.push({
        severity: 'error',
        rule: 'gitops/application-set',
        message: `gitops.applicationSets names environment ${JSON.stringify(name)}, which the platform does not have (it has ${names.length > 0 ? list(names) : 'none'})`,
        hint: 'Name environments of the platform, or remove the entry.',
      });
    } else if (engine !== 'flux') {
      const env = environments.find((e) => e.name === name)!;
      const kinds = new Set(env.clusters.map((c) => (c.destination.name !== undefined ? 'name' : 'server')));
      if (kinds.size > 1) {
        problems.push({
          severity: 'error',
          rule: 'gitops/application-set',
          message: `the clusters of environment ${JSON.stringify(name)} name their Argo CD destination by server and by name, and one ApplicationSet template names one of them`,
          hint: 'Give every cluster of the environment a destination of one kind (all `server` or all `name`), or leave the environment out of gitops.applicationSets.',
          environment: name,
          constructPath: env.node.path,
        });
      }
    } else {
      problems.push({
        severity: 'error',
        rule: 'gitops/application-set',
        message: `gitops.applicationSets names environment ${JSON.stringify(name)}, but ApplicationSets are Argo CD's and the engine is flux`,
        hint: 'Remove gitops.applicationSets, or set gitops.engine to argocd.',
      });
    }
  }
  return problems;
}
