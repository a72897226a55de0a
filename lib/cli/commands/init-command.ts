import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { CommandIO } from '../io';
import { UsageError } from '../../model/usage-error';
import { berthPackage } from '../../core/berth-package';
import { checkFolder, FolderNotEmpty, initProject } from '../../init/init-project';
import {
  BerthDependency,
  isRegistryRelease,
  packBerth,
  pathDependency,
  versionDependency,
} from '../../init/berth-source';

/**
 * `berth init [DIR] [--force] [--berth-version RANGE | --berth-path PATH]`: scaffolds a new
 * platform repository in DIR (default: the current folder).
 *
 * A folder with files in it (other than `.git`) is refused (exit 1) unless `--force`; with
 * `--force` existing files are kept, never overwritten, and listed as skipped.
 *
 * The project depends on the Berth running this command: its registry version when it is a
 * registry release (see {@link isRegistryRelease}), else a tarball of it packed into
 * `vendor/`. `--berth-version V` depends on registry version V instead; `--berth-path` on a
 * Berth folder (linked) or a `.tgz` (vendored). Every check runs before anything is written.
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
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) {
    throw new UsageError(`${dir} is a file, not a folder: nothing was written`, 'Name a new or empty folder.', 1);
  }
  let result;
  let packed: string | undefined;
  try {
    checkFolder(dir, values.force);
    const given = values['berth-path'];
    let berth: BerthDependency;
    if (given !== undefined) berth = pathDependency(given, cwd);
    else if (values['berth-version'] !== undefined) berth = versionDependency(values['berth-version']);
    else {
      const { root, version } = berthPackage();
      if (isRegistryRelease(root)) berth = { version: `^${version}` };
      else {
        packed = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-init-pack-'));
        berth = { tarball: packBerth(root, packed) };
      }
    }
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
  } finally {
    if (packed) fs.rmSync(packed, { recursive: true, force: true });
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
    '  npm install && npx berth synth && npm test',
    '  git init && git add . && git commit -m "A Berth platform"   # dist/, package-lock.json and vendor/ too',
    '',
    ...berthLine(result.berth),
    '',
  );
  io.stdout(lines.join('\n'));
  return 0;
}

/** Where Berth comes from, and how to choose otherwise. */
function berthLine(berth: string): string[] {
  const how = berth.startsWith('file:vendor/')
    ? `Berth comes from ${berth.slice('file:'.length)} (a packed Berth: commit it with the project).`
    : berth.startsWith('file:')
      ? `Berth is linked from ${berth.slice('file:'.length)}: this project installs on this machine only.`
      : `Berth ${berth} comes from the npm registry.`;
  return [
    how,
    'Another Berth: berth init --berth-version VERSION (a registry release) or --berth-path PATH (a checkout, linked, or a .tgz, vendored).',
  ];
}
