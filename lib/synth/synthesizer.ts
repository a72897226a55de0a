import { IConstruct } from 'constructs';
import { Problem, ValidationFailed, Waiver } from '../model/problem';
import type { ManifestRecord } from '../model/manifest';
import { validateManifests } from '../validate/validate-manifests';
import { DependencyCycleError } from '../render/apply-order';
import { AppManifests, collect } from '../render/collect';
import { gitopsRecords } from '../render/gitops-records';
import { keptFromPreviousOutput } from '../output/kept-output';
import { Emitters, STANDARD_EMITTERS } from '../emit/emitters';
import { helmRecords } from '../render/helm-records';
import { protectedPathRefusal } from '../output/output-folder';
import { ForeignEntryError } from '../output/output-folder-error';
import { StagedTree } from '../output/staged-tree';
import { synthContext } from '../render/synth-context';
import { checkClusters } from '../render/cluster-checks';
import { checkClusterSettings } from '../render/cluster-settings';
import { Environment } from '../core/environment';
import { speedups, Speedups } from '../perf/speedups';

export type { Emitter, Emitters, PlainEmitter } from '../emit/emitters';
export type { GitOpsSettings, OutputFormat, SynthOptions } from '../emit/synth-options';
import type { SynthOptions } from '../emit/synth-options';

/** Output staged by {@link runSynthesis} for {@link SynthRun.holdStaged}. */
export interface StagedOutput {
  /** Replaces the output folder with the staged files. */
  commit(): void;
  /** Drops the staged files; the output folder stays as it was. Does nothing once committed or aborted. */
  abort(): void;
}

/** What a successful synth did. */
export interface SynthResult {
  /** Relative paths of the files written, sorted. */
  readonly files: readonly string[];
  /** Warnings (errors make synth throw {@link ValidationFailed}). */
  readonly warnings: readonly Problem[];
  /** Every waiver that applied, for the report. */
  readonly waivers: readonly Waiver[];
  /** The rendered objects, per environment and app. */
  readonly apps: readonly AppManifests[];
  /** The file contents, relative path → text (empty when `retainContents` was false). */
  readonly contents: ReadonlyMap<string, string>;
}

function hasError(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/**
 * The problems of `options.environments`: names that are no Environment of the platform, and
 * a selection with Helm output written (a chart is built from every environment's objects).
 */
function checkEnvironmentSelection(options: SynthOptions, known: readonly string[]): Problem[] {
  const selected = options.environments;
  if (!selected) return [];
  const problems: Problem[] = [];
  const unknown = [...new Set(selected.filter((e) => !known.includes(e)))];
  if (unknown.length > 0) {
    problems.push({
      severity: 'error',
      rule: 'synth/unknown-environment',
      message: `the platform has no environment named ${unknown.map((e) => JSON.stringify(e)).join(', ')}; it has ${known.length > 0 ? known.map((e) => JSON.stringify(e)).join(', ') : 'none'}`,
      hint:
        known.length > 0
          ? `Select one of them (--env ${known[0]}), or leave the selection out to synthesize every environment.`
          : 'Create an Environment under the Platform.',
    });
  }
  if (!options.dryRun && (options.format ?? 'plain') !== 'plain') {
    problems.push({
      severity: 'error',
      rule: 'synth/format',
      message: `Helm charts are built from the objects of every environment, so they cannot be written for ${selected.length === 1 ? 'one environment' : 'some environments'} (${selected.map((e) => JSON.stringify(e)).join(', ')})`,
      hint: 'Synthesize the charts without selecting environments, or select them with --format plain.',
    });
  }
  return problems;
}

/** `apps` (rendered again, for Helm) without the objects that {@link checkClusters} found referred. */
function withoutReferred(
  apps: readonly AppManifests[],
  referred: ReadonlySet<ManifestRecord>,
): readonly AppManifests[] {
  if (referred.size === 0) return apps;
  const paths = new Set([...referred].map((r) => `${r.environment}\u0000${r.constructPath}`));
  return apps.map((a) => ({
    ...a,
    records: a.records.filter((r) => !paths.has(`${r.environment}\u0000${r.constructPath}`)),
  }));
}

/**
 * Renders, validates and writes the platform under `root`. Writes nothing unless
 * every object passes validation; then replaces the output folder atomically (stale files
 * disappear). What it renders with is made for this call (see SynthContext): two platforms
 * synthesized in one process write what each writes alone.
 *
 * @throws ValidationFailed with every problem found, when any is an error.
 */
export function synthesize(root: IConstruct, options: SynthOptions = {}): SynthResult {
  return runSynthesis(root, options);
}

/** How {@link runSynthesis} runs, beyond what it writes: for the CLI and tests, not programs. */
export interface SynthRun {
  /** The emitters of the formats. @default STANDARD_EMITTERS */
  readonly emitters?: Emitters;
  /**
   * From this many objects on, the files are written by a thread while validation runs (and
   * rendered before it); tests set it low to run that path on small platforms. Wins over the
   * value in `speedups`.
   * @default 5000
   */
  readonly threadedWriteMinObjects?: number;
  /**
   * The speed-up machinery (caches, the threaded write), each part switchable; the output is
   * the same with any of them. @default - everything on: `speedups()` of lib/perf
   */
  readonly speedups?: Speedups;
  /**
   * Takes the staged output as soon as it exists, to commit (or abort) it itself: the run then
   * leaves it staged. `berth synth` commits only once the user's program has had a turn of the
   * event loop to reveal a failure (a promise rejected with no handler), and removes the staged
   * files when it interrupts the program (a timeout stops the run without unwinding it).
   * @default - the run commits the output itself
   */
  readonly holdStaged?: (staged: StagedOutput) => void;
  /**
   * Where validation keeps the results of its per-object checks: a folder, or `false` for no
   * cache; tests give their own. @default - the project's, unless `BERTH_NO_VALIDATION_CACHE` is set
   */
  readonly validationCache?: string | false;
}

/** {@link synthesize}, with the emitters and the commit of the staged output chosen by the caller. */
export function runSynthesis(root: IConstruct, options: SynthOptions = {}, run: SynthRun = {}): SynthResult {
  const staged = options.dryRun ? undefined : openOutputFolder(options);
  if (staged) run.holdStaged?.(staged);
  try {
    return synthesizeInto(root, options, run, staged);
  } catch (e) {
    staged?.abort();
    throw e;
  }
}

/**
 * The staged new version of the output folder, opened before anything is rendered: a folder
 * that is or holds the current folder, or that holds anything the last synth did not write, is
 * refused then; until the commit, the folder is locked against other synths.
 */
function openOutputFolder(options: SynthOptions): StagedTree {
  const outdir = options.outdir ?? 'dist';
  const refusal = protectedPathRefusal(outdir, [{ path: process.cwd(), what: 'the current folder' }]);
  if (refusal) throw new ValidationFailed([{ severity: 'error', rule: 'synth/output-folder', ...refusal }]);
  try {
    return new StagedTree(outdir, {
      keep: (rel) => keptFromPreviousOutput(rel, options.format ?? 'plain', options.environments),
      lock: { onWait: options.onOutputWait },
    });
  } catch (e) {
    if (e instanceof ForeignEntryError)
      throw new ValidationFailed([
        { severity: 'error', rule: 'synth/output-folder', message: e.message, hint: e.hint },
      ]);
    throw e;
  }
}

/** {@link runSynthesis}, writing into `staged` (none for a dry run). */
function synthesizeInto(
  root: IConstruct,
  options: SynthOptions,
  run: SynthRun,
  staged: StagedTree | undefined,
): SynthResult {
  const emitters = run.emitters ?? STANDARD_EMITTERS;
  const format = options.format ?? 'plain';
  // Clusters and GitOps settings that cannot work are refused before anything is rendered.
  const environments = root.node.findAll().filter(Environment.isEnvironment);
  const settingProblems = checkClusterSettings(environments, options.gitops);
  if (settingProblems.length > 0) throw new ValidationFailed(settingProblems);
  const machinery = run.speedups ?? speedups();
  const context = synthContext(root, {
    ...machinery,
    threadedWriteMinObjects: run.threadedWriteMinObjects ?? machinery.threadedWriteMinObjects,
  });
  const collected = collect(root, context.plain, context.kinds);
  const selectionProblems = checkEnvironmentSelection(options, collected.environments);
  if (selectionProblems.length > 0) throw new ValidationFailed(selectionProblems);
  // Checked on every environment, selected or not: a shard writes what a full synth writes.
  const clusters = checkClusters(collected.apps, environments);
  const rendered = withoutReferred(collected.apps, clusters.referred);
  const apps = options.environments
    ? rendered.filter((a) => options.environments!.includes(a.environment.name))
    : rendered;
  const records = apps.flatMap((a) => a.records);
  const external = [...(options.external ?? []), ...collected.external, ...clusters.external];
  const problems: Problem[] = [...collected.problems, ...clusters.problems];
  const files = new Map<string, string>();
  const paths: string[] = [];
  const retain = options.dryRun === true || options.retainContents !== false;
  const plain = format === 'plain' || format === 'all';
  const helm = format === 'helm' || format === 'all';
  const gitops = plain && options.gitops ? gitopsRecords(apps, options.gitops) : [];
  // Files go to a staging folder as they are rendered; it replaces the output only if no error
  // turns up, and is removed otherwise. A large output is written by a thread, and its files
  // (plain YAML, Helm charts) are rendered before validation, so that the thread writes while
  // validation runs. What the user sees does not depend on the order: validation errors come
  // first, and the emitters' problems keep their place in the list.
  const early =
    staged !== undefined && records.length >= context.speedups.threadedWriteMinObjects && !hasError(problems);
  if (early) staged.startWriterThread();
  // Where files go: the staging folder, from the start when early, else once validation passed.
  let sink: StagedTree | undefined = early ? staged : undefined;
  const put = (rel: string, content: string): void => {
    paths.push(rel);
    if (retain) files.set(rel, content);
    sink?.add(rel, content);
  };
  let cycle: DependencyCycleError | undefined;
  const emitPlainFiles = (): void => {
    try {
      emitters.plain(apps, put);
    } catch (e) {
      // A cycle is the user's to fix; anything else (a failed write) is not a problem report.
      if (!(e instanceof DependencyCycleError)) throw e;
      cycle = e;
    }
  };
  /** Writes the charts; returns the emitter's problems. */
  const emitHelmFiles = (): Problem[] => {
    // The objects again with chart values as Helm markers. Values render differently only when
    // the tree declares chart values; without any, the plain render is the Helm render.
    // Charts keep the copies other environments own on a shared cluster: a chart is installed
    // release by release, and Helm refuses to take over an object another release manages.
    const helm = helmRecords(context, collected.apps);
    const r = emitters.helm(context, collected.apps, helm, (k, v) => put(`charts/${k}`, v));
    for (const [k, v] of r.files) put(`charts/${k}`, v);
    return [...helm.problems, ...r.problems];
  };
  // Charts written before validation: the emitter's problems, or what it threw (thrown only if
  // validation finds no error, as it would have been had the emitter run after validation).
  let earlyHelm: { readonly problems: Problem[] } | { readonly failure: unknown } | undefined;
  try {
    if (early && plain) emitPlainFiles();
    if (early && helm) {
      try {
        earlyHelm = { problems: emitHelmFiles() };
      } catch (e) {
        earlyHelm = { failure: e };
      }
    }
    const kubernetesVersions = new Map(apps.map((a) => [a.environment.name, a.environment.kubernetesVersion]));
    problems.push(
      ...validateManifests(
        records,
        { ...options, external, kubernetesVersions },
        { speedups: context.speedups, kinds: context.kinds, validationCache: run.validationCache },
      ),
    );
    // The Argo CD Applications are checked against their CRD's schema like every other object.
    if (gitops.length > 0)
      problems.push(
        ...validateManifests(
          gitops,
          { policy: 'none' },
          { speedups: context.speedups, validationCache: run.validationCache },
        ),
      );
    if (earlyHelm && 'failure' in earlyHelm && !hasError(problems)) throw earlyHelm.failure;
    if (!hasError(problems)) sink = staged;
    if (plain) {
      if (!early) emitPlainFiles();
      if (cycle) {
        problems.push({
          severity: 'error',
          rule: 'synth/dependency-cycle',
          message: cycle.message,
          hint: 'Remove one of the dependsOn calls that form the cycle.',
        });
      }
      for (const [k, v] of emitters.gitops(gitops)) put(k, v);
    }
    if (helm) {
      if (earlyHelm === undefined) problems.push(...emitHelmFiles());
      else if ('problems' in earlyHelm) problems.push(...earlyHelm.problems);
    }
    if (hasError(problems)) {
      throw new ValidationFailed(problems);
    }
    if (!run.holdStaged) staged?.commit();
  } catch (e) {
    staged?.abort();
    throw e;
  }
  // Records below one construct share its waivers (the same array): look at each array once.
  const unique = new Map<string, Waiver>();
  const seen = new Set<readonly Waiver[]>();
  for (const r of records) {
    if (r.waivers.length === 0 || seen.has(r.waivers)) continue;
    seen.add(r.waivers);
    for (const w of r.waivers) {
      const key = `${w.constructPath}\u0000${w.rule}`;
      if (!unique.has(key)) unique.set(key, w);
    }
  }
  const uniqueWaivers = [...unique.values()];
  return {
    files: [...new Set(paths)].sort(),
    warnings: problems,
    waivers: uniqueWaivers,
    apps,
    contents: files,
  };
}
