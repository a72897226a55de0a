/** The GitOps engines Berth writes for. */
export const GITOPS_ENGINES = ['argocd', 'flux'] as const;

/** A GitOps engine: Argo CD (`argocd/<env>/`) or Flux (`flux/<env>/`). */
export type GitOpsEngine = (typeof GITOPS_ENGINES)[number];

/** Where the synthesized output lives in Git, for Argo CD or Flux to sync from. */
export interface GitOpsSettings {
  /** The Git repository holding the committed output, e.g. `https://github.com/acme/platform.git`. */
  readonly repoURL: string;
  /** The branch, tag or commit Argo CD follows. @default 'HEAD' */
  readonly targetRevision?: string;
  /** The output folder's path inside the repository. @default 'dist' */
  readonly path?: string;
  /**
   * The Argo CD project of environments without declared clusters; an environment with
   * clusters gets an AppProject of its own, named after it. @default 'default'
   */
  readonly project?: string;
  /** The namespace Argo CD runs in. @default 'argocd' */
  readonly argocdNamespace?: string;
  /** The engine the output is written for. @default 'argocd' */
  readonly engine?: GitOpsEngine;
  /**
   * Environments whose apps Argo CD stamps out per cluster with one ApplicationSet (a list
   * generator over the environment's clusters), rather than one Application per app and cluster.
   * @default - none
   */
  readonly applicationSets?: readonly string[];
  /** The namespace Flux runs in (its sources and Kustomizations go there). @default 'flux-system' */
  readonly fluxNamespace?: string;
}
