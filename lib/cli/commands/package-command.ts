import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { CommandIO } from '../io';
import { shownPath } from '../shown-path';
import { UsageError } from '../../model/usage-error';
import { packageCharts, repositoryIndex } from '../../package/package';

/**
 * `berth package [--charts DIR] [--output DIR] [--url URL]`: packages every chart under
 * `--charts` (default `dist/charts`) as `<name>-<version>.tgz` into `--output` (default
 * `packages`, next to `dist/`) and writes that folder's `index.yaml` (over every `.tgz` in it).
 * The same charts give the same bytes on every run.
 *
 * The default is outside `dist/`: synth replaces `dist/` with what it writes, and refuses a
 * `dist/` holding anything else, so packages there would stop the next synth.
 */
export async function runPackageCommand(args: string[], io: CommandIO, cwd = process.cwd()): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      charts: { type: 'string', short: 'c' },
      output: { type: 'string', short: 'o' },
      url: { type: 'string' },
    },
    allowPositionals: false,
  });
  const chartsDir = path.resolve(cwd, values.charts ?? path.join('dist', 'charts'));
  const outDir = path.resolve(cwd, values.output ?? 'packages');
  const chartsShown = shownPath(cwd, chartsDir);
  if (!fs.existsSync(chartsDir) || !fs.statSync(chartsDir).isDirectory()) {
    throw new UsageError(
      `--charts ${values.charts ?? 'dist/charts'}: no such folder`,
      'Run `berth synth --format helm` first, or pass the folder holding the charts.',
    );
  }
  // Everything is read and checked before anything is written: a bad chart writes nothing.
  const packages = packageCharts(chartsDir, chartsShown);
  if (packages.length === 0) {
    throw new UsageError(`--charts ${values.charts ?? 'dist/charts'}: no chart folders (with a Chart.yaml) in it`);
  }
  const outShown = shownPath(cwd, outDir);
  if (fs.existsSync(outDir) && !fs.statSync(outDir).isDirectory()) {
    throw new UsageError(
      `--output ${outShown}: a file, not a folder`,
      'Pass a folder for the packages (it is created when missing).',
    );
  }
  // The index lists the packages already in the folder too (those of other charts, or versions).
  const made = new Set(packages.map((p) => p.fileName));
  const kept = fs.existsSync(outDir)
    ? fs
        .readdirSync(outDir, { withFileTypes: true })
        .filter((e) => e.isFile() && e.name.endsWith('.tgz') && !made.has(e.name))
        .map((e) => e.name)
    : [];
  const all = [
    ...packages,
    ...kept.map((f) => ({ fileName: f, bytes: fs.readFileSync(path.join(outDir, f)), shown: path.join(outShown, f) })),
  ].sort((a, b) => (a.fileName < b.fileName ? -1 : 1));
  const index = repositoryIndex(all, values.url);
  fs.mkdirSync(outDir, { recursive: true });
  for (const p of packages) fs.writeFileSync(path.join(outDir, p.fileName), p.bytes);
  fs.writeFileSync(path.join(outDir, 'index.yaml'), index);
  io.stdout(
    `Packaged ${packages.length} charts into ${path.relative(cwd, outDir) || '.'}/: ${packages.map((p) => p.fileName).join(', ')}; index.yaml lists ${all.length} packages\n`,
  );
  return 0;
}
