import * as path from 'path';
import { parseArgs } from 'util';
import { CommandIO } from '../io';
import { UsageError } from '../../model/usage-error';
import { FolderNotEmpty, initProject } from '../../init/init-project';

/**
 * `berth init [DIR] [--force] [--berth-version RANGE | --berth-path PATH]`: scaffolds a new
 * platform repository in DIR (default: the current folder).
 *
 * A folder with files in it (other than `.git`) is refused (exit 1) unless `--force`; with
 * `--force` existing files are kept, never overwritten, and listed as skipped.
 * `--berth-path` makes the project depend on a local berth checkout (`file:` dependency).
 */
export async function runInitCommand(args: string[], io: CommandIO, cwd = process.cwd()): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      force: { type: 'boolean' },
      'berth-version': { type: 'string' },
      'berth-path': { type: 'string' },
    },
    allowPositionals: true,
  });
  if (positionals.length > 1) {
    throw new UsageError(
      `expected one folder, got ${positionals.length}: ${positionals.join(' ')}`,
      'Example: berth init my-platform',
    );
  }
  if (values['berth-version'] && values['berth-path']) {
    throw new UsageError('--berth-version and --berth-path exclude each other', 'Pass one of them.');
  }
  const dir = path.resolve(cwd, positionals[0] ?? '.');
  const berth = values['berth-path'] ? `file:${path.resolve(cwd, values['berth-path'])}` : values['berth-version'];
  let result;
  try {
    result = initProject(dir, { berth, force: values.force });
  } catch (e) {
    if (e instanceof FolderNotEmpty) {
      throw new UsageError(
        `${e.message}: nothing was written`,
        'Use an empty folder, or pass --force to add the missing files (existing files are kept, never overwritten).',
        1,
      );
    }
    throw e;
  }
  const rel = path.relative(cwd, dir) || '.';
  const lines = [`Created a Berth project in ${rel}:`, ...result.written.map((f) => `  + ${f}`)];
  if (result.skipped.length > 0) {
    lines.push('Kept (already there, not overwritten):', ...result.skipped.map((f) => `  = ${f}`));
  }
  lines.push(
    '',
    'Next:',
    ...(rel === '.' ? [] : [`  cd ${rel}`]),
    '  npm install && npx berth synth',
    '  npm test',
    '',
  );
  io.stdout(lines.join('\n'));
  return 0;
}
