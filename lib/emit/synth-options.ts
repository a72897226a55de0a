/**
 * The options of a synth, below the orchestrator (lib/synth) so that the emitters, which read
 * them, need not import it.
 */
import type { ValidateOptions } from '../validate/validate-manifests';

/** What synth writes. */
export type OutputFormat = 'plain' | 'helm' | 'all';

/** Options of a synth (`synthesize`, `Platform.synth`): what to write, where, and how to validate it. */
export interface SynthOptions extends ValidateOptions {
  /** The output folder. @default 'dist' */
  readonly outdir?: string;
  /** What to write. @default 'plain' */
  readonly format?: OutputFormat;
  /** Only these environments. @default - all */
  readonly environments?: readonly string[];
  /** Compute and validate, but write nothing. @default false */
  readonly dryRun?: boolean;
  /** Where the output is committed, for the Argo CD Applications in `argocd/`. @default - no Argo CD output */
  readonly gitops?: GitOpsSettings;
  /**
   * Keep the written files' contents in memory for {@link SynthResult.contents}. A dry run
   * always keeps them; the CLI, which only writes, does not.
   * @default true
   */
  readonly retainContents?: boolean;
  /**
   * Told (with a message naming the other process) when another synth is writing the output
   * folder and this one waits for it to finish. @default - nothing is told
   */
  readonly onOutputWait?: (message: string) => void;
}

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
