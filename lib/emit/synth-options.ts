/**
 * The options of a synth, below the orchestrator (lib/synth) so that the emitters, which read
 * them, need not import it.
 */
import type { GitOpsSettings } from '../model/gitops-settings';
import type { ValidateOptions } from '../validate/validate-manifests';

export type { GitOpsSettings } from '../model/gitops-settings';

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
