import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { environmentNames } from '../../render/collect';
import { protectedPathRefusal } from '../../output/output-folder';
import { OutputFolderError } from '../../output/output-folder-error';
import { OutputFormat, runSynthesis, StagedOutput, SynthResult } from '../../synth/synthesizer';
import { ValidationFailed } from '../../model/problem';
import { formatReport } from '../../validate/report';
import { PolicyProfile } from '../../validate/validate-manifests';
import { CommandIO } from '../io';
import { loadPlatform } from '../load-program';
import { configureHelmBinary } from '../../chart/helm-binary';
import { DEFAULT_TIMEOUT_SECONDS, guardProgram } from '../program-guard';
import { readProjectConfig } from '../project-config';
import { shownPath } from '../shown-path';
import { startTypeCheck, TypeCheckFailed } from '../type-check';
import { UsageError } from '../../model/usage-error';

const FORMATS: readonly OutputFormat[] = ['plain', 'helm', 'all'];

/** Options shared by the commands that synthesize (`synth`, `diff`). */
export interface SynthInvocation {
  readonly cwd: string;
  readonly outdir?: string;
  readonly format?: OutputFormat;
  readonly environments?: readonly string[];
  readonly policy?: PolicyProfile;
  readonly app?: string;
  readonly dryRun?: boolean;
  /** `--timeout`: how long the program may take, in seconds (0: no limit). @default - berth.timeout, else 120 */
  readonly timeout?: number;
  /**
   * The command works on one environment (`graph`): without `environments`, a platform with
   * several is a usage error naming them, raised before anything is rendered or checked.
   */
  readonly oneEnvironment?: { readonly command: string };
  /** Told when another synth holds the output folder and this one waits (see SynthOptions). */
  readonly onOutputWait?: (message: string) => void;
  /** `--no-type-check` gives false. @default - berth.typeCheck, else true */
  readonly typeCheck?: boolean;
}

/** The option that sets {@link SynthInvocation.timeout}, for `parseArgs` (synth, diff, graph). */
export const TIMEOUT_OPTION = { timeout: { type: 'string' } } as const;

/** The option that turns the type check off, for `parseArgs` (synth, diff, graph). */
export const TYPE_CHECK_OPTION = { 'no-type-check': { type: 'boolean' } } as const;

/** {@link SynthInvocation.typeCheck} from the parsed `--no-type-check`: undefined when not given. */
export function typeCheckOption(noTypeCheck: boolean | undefined): false | undefined {
  return noTypeCheck ? false : undefined;
}

/** The value of `--timeout`, in seconds; undefined when not given. */
export function timeoutOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(value)) {
    throw new UsageError(
      `--timeout ${value}: expected a number of seconds, such as ${DEFAULT_TIMEOUT_SECONDS} (0 for no limit)`,
    );
  }
  return Number(value);
}

/**
 * Loads the project's program and synthesizes it. Throws UsageError / ValidationFailed. The
 * program runs under a guard (program-guard): the output is committed only once a turn of the
 * event loop has shown no failure the program left behind.
 */
export async function synthProject(inv: SynthInvocation): Promise<SynthResult> {
  const config = readProjectConfig(inv.cwd);
  // An absolute `output:` is where it says, not below the project.
  const outdir = inv.outdir ?? path.resolve(config.root, config.output);
  if (!inv.dryRun && fs.existsSync(outdir) && !fs.statSync(outdir).isDirectory()) {
    throw new UsageError(
      `the output ${shownPath(inv.cwd, outdir)} is a file, not a folder`,
      'Pass a folder with --output (it is created when missing), or set `output:` in cdk8s.yaml.',
    );
  }
  if (!inv.dryRun) {
    // Before the program loads. What is in the folder is checked once synth holds its lock.
    const refusal = protectedPathRefusal(outdir, [
      { path: config.root, what: 'the project folder (where cdk8s.yaml is)' },
      { path: inv.cwd, what: 'the current folder' },
    ]);
    if (refusal) throw new UsageError(refusal.message, refusal.hint);
  }
  const app = inv.app ?? config.app;
  const limit =
    inv.timeout !== undefined
      ? { timeout: inv.timeout, timeoutSource: '--timeout' }
      : config.timeout !== undefined
        ? { timeout: config.timeout, timeoutSource: 'berth.timeout in cdk8s.yaml' }
        : { timeout: DEFAULT_TIMEOUT_SECONDS, timeoutSource: '--timeout' };
  // Started before the program loads, so that it runs while synth does; a TypeScript program
  // only (a JavaScript program has no types to check).
  const typeCheck = (inv.typeCheck ?? config.typeCheck) ? startTypeCheck(config.root, app) : undefined;
  let staged: StagedOutput | undefined;
  try {
    return await guardProgram({ app, root: config.root, ...limit }, async (guard) => {
      configureHelmBinary(config.helm, path.join(config.root, 'cdk8s.yaml'));
      const platform = guard.run(() => loadPlatform(config.root, app));
      await guard.settle();
      if (inv.oneEnvironment && !inv.environments) {
        const names = environmentNames(platform);
        if (names.length > 1) {
          throw new UsageError(
            `the platform has ${names.length} environments (${names.join(', ')}); pick one`,
            `Example: berth ${inv.oneEnvironment.command} --env ${names[0]}`,
          );
        }
      }
      const result = guard.run(() =>
        runSynthesis(
          platform,
          {
            outdir,
            format: inv.format ?? 'plain',
            environments: inv.environments,
            policy: inv.policy ?? config.policy,
            severities: config.rules,
            dryRun: inv.dryRun,
            gitops: config.gitops,
            // The command only writes; a dry run (diff, graph) keeps the contents regardless.
            retainContents: false,
            onOutputWait: inv.onOutputWait,
          },
          {
            holdStaged: (s) => {
              staged = s;
            },
          },
        ),
      );
      await guard.settle();
      // Nothing reaches the output folder before the program type-checks.
      await typeCheck?.passed();
      staged?.commit();
      return result;
    });
  } catch (e) {
    staged?.abort();
    // A type error is what a failure at run time comes from when there is one (a misspelt prop
    // ignored, then a check failing on its default): the compiler's message comes first.
    if (typeCheck && !(e instanceof TypeCheckFailed)) await typeCheck.passed();
    // An output folder holding what synth did not write is refused as the one above is.
    const [only, ...others] = e instanceof ValidationFailed ? e.problems : [];
    if (only?.rule === 'synth/output-folder' && others.length === 0) throw new UsageError(only.message, only.hint);
    throw e;
  }
}

/** `berth synth [--format plain|helm|all] [--output DIR] [--env E]... [--policy P] [--app FILE] [--timeout SECONDS] [--no-type-check] [--watch]` */
export async function runSynthCommand(args: string[], io: CommandIO, cwd = process.cwd()): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      format: { type: 'string', short: 'f' },
      output: { type: 'string', short: 'o' },
      env: { type: 'string', short: 'e', multiple: true },
      policy: { type: 'string' },
      app: { type: 'string' },
      watch: { type: 'boolean', short: 'w' },
      ...TIMEOUT_OPTION,
      ...TYPE_CHECK_OPTION,
    },
    allowPositionals: false,
  });
  const format = (values.format ?? 'plain') as OutputFormat;
  if (!FORMATS.includes(format)) {
    throw new UsageError(`--format ${values.format}: allowed: ${FORMATS.join(', ')}`);
  }
  const policy = values.policy as PolicyProfile | undefined;
  if (policy && !['restricted', 'baseline', 'none'].includes(policy)) {
    throw new UsageError(`--policy ${policy}: allowed: restricted, baseline, none`);
  }
  const inv: SynthInvocation = {
    cwd,
    outdir: values.output ? path.resolve(cwd, values.output) : undefined,
    format,
    environments: values.env,
    policy,
    app: values.app,
    timeout: timeoutOption(values.timeout),
    typeCheck: typeCheckOption(values['no-type-check']),
    onOutputWait: (message) => io.stderr(`berth synth: ${message}`),
  };
  const once = (): Promise<number> => synthAndReport(inv, io, values.output);
  if (values.watch) return (await import('./synth-watch')).watchSynth(cwd, inv.outdir, once, io);
  return once();
}

/** One synth of `inv`, its report printed to `io`: 0 when written, 1 on validation errors. */
async function synthAndReport(inv: SynthInvocation, io: CommandIO, output: string | undefined): Promise<number> {
  const format = inv.format ?? 'plain';
  try {
    const result = await synthProject(inv);
    if (result.warnings.length > 0 || result.waivers.length > 0) {
      io.stderr(formatReport(result.warnings, result.waivers));
    }
    const objects = result.apps.reduce((n, a) => n + a.records.length, 0);
    const envs = new Set(result.apps.map((a) => a.environment.name)).size;
    const appNames = new Set(result.apps.map((a) => a.app.appName)).size;
    const n = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;
    io.stdout(
      `Synthesized ${n(objects, 'object')} of ${n(appNames, 'app')} in ${n(envs, 'environment')} (${format}): ${result.files.length} files in ${output ?? readProjectConfig(inv.cwd).output}/\n`,
    );
    return 0;
  } catch (e) {
    if (e instanceof ValidationFailed) {
      io.stderr(formatReport(e.problems));
      io.stderr('Synth failed: nothing was written; the previous output is unchanged.\n');
      return 1;
    }
    // The folder or its disk (busy, full, holding files Berth did not write): not a usage error.
    if (e instanceof OutputFolderError) throw new UsageError(e.message, e.hint, 1);
    throw e;
  }
}
