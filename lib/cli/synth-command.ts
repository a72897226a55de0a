// Output formats register themselves with the synthesizer when loaded.
import '../gitops';
import '../helm';
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { environmentNames } from '../synth/collect';
import { protectedPathRefusal } from '../synth/output-folder';
import { OutputFolderError } from '../synth/output-folder-error';
import { OutputFormat, synthesize, SynthResult } from '../synth/synthesizer';
import { ValidationFailed } from '../validate/problem';
import { formatReport } from '../validate/report';
import { PolicyProfile } from '../validate/validate-manifests';
import { CommandIO } from './io';
import { loadPlatform } from './load-program';
import { readProjectConfig } from './project-config';
import { UsageError } from './usage-error';

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
  /**
   * The command works on one environment (`graph`): without `environments`, a platform with
   * several is a usage error naming them, raised before anything is rendered or checked.
   */
  readonly oneEnvironment?: { readonly command: string };
  /** Told when another synth holds the output folder and this one waits (see SynthOptions). */
  readonly onOutputWait?: (message: string) => void;
}

/** `file` relative to `cwd` when it is below it, else absolute. */
function shownPath(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/** Loads the project's program and synthesizes it. Throws UsageError / ValidationFailed. */
export function synthProject(inv: SynthInvocation): SynthResult {
  const config = readProjectConfig(inv.cwd);
  // An absolute `output:` is where it says, not below the project.
  const outdir = inv.outdir ?? path.resolve(config.root, config.output);
  if (!inv.dryRun && fs.existsSync(outdir) && !fs.statSync(outdir).isDirectory()) {
    throw new UsageError(`the output ${shownPath(inv.cwd, outdir)} is a file, not a folder`, 'Pass a folder with --output (it is created when missing), or set `output:` in cdk8s.yaml.');
  }
  if (!inv.dryRun) {
    // Before the program loads. What is in the folder is checked once synth holds its lock.
    const refusal = protectedPathRefusal(outdir, [{ path: config.root, what: 'the project folder (where cdk8s.yaml is)' }, { path: inv.cwd, what: 'the current folder' }]);
    if (refusal) throw new UsageError(refusal.message, refusal.hint);
  }
  const platform = loadPlatform(config.root, inv.app ?? config.app);
  if (inv.oneEnvironment && !inv.environments) {
    const names = environmentNames(platform);
    if (names.length > 1) {
      throw new UsageError(`the platform has ${names.length} environments (${names.join(', ')}); pick one`, `Example: berth ${inv.oneEnvironment.command} --env ${names[0]}`);
    }
  }
  try {
    return synthesize(platform, {
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
    });
  } catch (e) {
    // An output folder holding what synth did not write is refused as the one above is.
    const [only, ...others] = e instanceof ValidationFailed ? e.problems : [];
    if (only?.rule === 'synth/output-folder' && others.length === 0) throw new UsageError(only.message, only.hint);
    throw e;
  }
}

/** `berth synth [--format plain|helm|all] [--output DIR] [--env E]... [--policy P] [--app FILE]` */
export async function runSynthCommand(args: string[], io: CommandIO, cwd = process.cwd()): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      format: { type: 'string', short: 'f' },
      output: { type: 'string', short: 'o' },
      env: { type: 'string', short: 'e', multiple: true },
      policy: { type: 'string' },
      app: { type: 'string' },
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
  try {
    const result = synthProject({
      cwd,
      outdir: values.output ? path.resolve(cwd, values.output) : undefined,
      format,
      environments: values.env,
      policy,
      app: values.app,
      onOutputWait: (message) => io.stderr(`berth synth: ${message}`),
    });
    if (result.warnings.length > 0 || result.waivers.length > 0) {
      io.stderr(formatReport(result.warnings, result.waivers));
    }
    const objects = result.apps.reduce((n, a) => n + a.records.length, 0);
    const envs = new Set(result.apps.map((a) => a.environment.name)).size;
    const appNames = new Set(result.apps.map((a) => a.app.appName)).size;
    const n = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;
    io.stdout(`Synthesized ${n(objects, 'object')} of ${n(appNames, 'app')} in ${n(envs, 'environment')} (${format}): ${result.files.length} files in ${values.output ?? readProjectConfig(cwd).output}/\n`);
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
