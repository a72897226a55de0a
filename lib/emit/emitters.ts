/**
 * The emitters synth writes its output with: one table, given to `synthesize` (the standard
 * one by default), rather than emitters registering themselves when their module is loaded,
 * which made the formats available depend on what else the process had imported.
 */
import { emitArgoCd } from './gitops/argocd';
import type { ManifestRecord } from '../model/manifest';
import { emitHelm } from './helm/emitter';
import { Problem } from '../model/problem';
import type { AppManifests } from '../render/collect';
import type { HelmRecords } from '../render/helm-records';
import { emitPlainTo, FileSink } from './plain/plain-emitter';
import type { SynthContext } from '../render/synth-context';

/** The emitter of the Helm charts. */
export type Emitter = (
  context: SynthContext,
  /** The apps rendered for the plain output. */
  apps: readonly AppManifests[],
  /** The Helm record sets: the apps rendered with chart values as markers, detached conditionals. */
  helm: HelmRecords,
  /** Takes each file as it is made, when the emitter can stream (then `files` may be empty). */
  put?: FileSink,
) => { files: Map<string, string>; problems: Problem[] };

/** The emitter of the plain YAML: each file goes to `sink` as it is made. Throws `DependencyCycleError`. */
export type PlainEmitter = (apps: readonly AppManifests[], sink: FileSink) => void;

/** The emitter of the GitOps objects (rendered and validated with the rest): their files, by path. */
export type GitOpsEmitter = (records: readonly ManifestRecord[]) => Map<string, string>;

/** The emitters of each output. */
export interface Emitters {
  /** `<env>/<app>/`: one object per file and the kustomizations. */
  readonly plain: PlainEmitter;
  /** `charts/<app>/` (paths relative to `charts/`). */
  readonly helm: Emitter;
  /** `argocd/<env>/`, with the plain YAML, when `gitops` settings are given. */
  readonly gitops: GitOpsEmitter;
}

/** Berth's emitters. */
export const STANDARD_EMITTERS: Emitters = Object.freeze({ plain: emitPlainTo, helm: emitHelm, gitops: emitArgoCd });
