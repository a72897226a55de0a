/** Where the synthesized output lives in Git, for Argo CD to sync from. */
export interface GitOpsSettings {
  /** The Git repository holding the committed output, e.g. `https://github.com/acme/platform.git`. */
  readonly repoURL: string;
  /** The branch, tag or commit Argo CD follows. @default 'HEAD' */
  readonly targetRevision?: string;
  /** The output folder's path inside the repository. @default 'dist' */
  readonly path?: string;
  /** The Argo CD project. @default 'default' */
  readonly project?: string;
  /** The namespace Argo CD runs in. @default 'argocd' */
  readonly argocdNamespace?: string;
}
