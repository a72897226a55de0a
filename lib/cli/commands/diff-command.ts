import * as path from 'path';
import { parseArgs } from 'util';
import { readProjectConfig } from '../project-config';
import { CommandIO } from '../io';
import { synthProject, timeoutOption, TIMEOUT_OPTION, typeCheckOption, TYPE_CHECK_OPTION } from './synth-command';
import { UsageError } from '../../model/usage-error';
import { OutputFolderError } from '../../output/output-folder-error';
import { recoverOutputFolder } from '../../output/staged-tree';
import { ValidationFailed } from '../../model/problem';
import { errorLines } from '../../validate/report';
import { readComparedOutput } from '../../diff/diff-files';
import { diffOutputs, hasDifferences } from '../../diff/diff-outputs';
import { formatDiffJson, formatDiffText } from '../../diff/format-diff';

const FORMATS = ['text', 'json'] as const;

/**
 * `berth diff [--env E]... [--format text|json] [--charts] [--app FILE] [--timeout SECONDS]`:
 * synthesizes in memory and compares with the project's output folder (`dist/`): objects as
 * data, and every file a synth of the same format and environments replaces as a file
 * (missing, extra or changed).
 *
 * Exit codes, as diff(1): 0 when equal, 1 when different, 2 when synth fails or the call is wrong.
 */
export async function runDiffCommand(args: string[], io: CommandIO, cwd = process.cwd()): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      env: { type: 'string', short: 'e', multiple: true },
      format: { type: 'string', short: 'f' },
      charts: { type: 'boolean' },
      app: { type: 'string' },
      ...TIMEOUT_OPTION,
      ...TYPE_CHECK_OPTION,
    },
    allowPositionals: false,
  });
  const format = values.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format ${format}: allowed: ${FORMATS.join(', ')}`);
  }
  const config = readProjectConfig(cwd);
  let contents: ReadonlyMap<string, string>;
  try {
    contents = (
      await synthProject({
        cwd,
        format: values.charts ? 'all' : 'plain',
        environments: values.env,
        app: values.app,
        timeout: timeoutOption(values.timeout),
        typeCheck: typeCheckOption(values['no-type-check']),
        dryRun: true,
      })
    ).contents;
  } catch (e) {
    if (e instanceof ValidationFailed) {
      io.stderr(errorLines(e.problems));
      io.stderr('berth diff: synth failed; nothing to compare. Fix the errors (`berth synth` shows them in full).\n');
      return 2;
    }
    // A program that fails (throws, runs out of time) is synth failing too: exit 1 says "different".
    if (e instanceof UsageError && e.exitCode === 1) throw new UsageError(e.message, e.hint, 2);
    throw e;
  }
  const outdir = path.resolve(config.root, config.output);
  try {
    // A synth killed while swapping its output in left a journal: complete that swap first.
    recoverOutputFolder(outdir, { onWait: (message) => io.stderr(`berth diff: ${message}`) });
  } catch (e) {
    if (e instanceof OutputFolderError) throw new UsageError(e.message, e.hint);
    throw e;
  }
  let diff;
  try {
    const part = { environments: values.env, charts: values.charts };
    const output = readComparedOutput(outdir, part);
    diff = diffOutputs(output.files, contents, { ...part, others: output.others });
  } catch (e) {
    throw new UsageError(
      `cannot read ${config.output}/: ${(e as Error).message}`,
      'Run `berth synth` to rewrite the output folder.',
    );
  }
  io.stdout(format === 'json' ? formatDiffJson(diff) : formatDiffText(diff));
  return hasDifferences(diff) ? 1 : 0;
}
