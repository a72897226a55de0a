import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { CommandIO } from '../cli/io';
import { UsageError } from '../cli/usage-error';
import { packageCharts, repositoryIndex } from './package';

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
  if (!fs.existsSync(chartsDir) || !fs.statSync(chartsDir).isDirectory()) {
    throw new UsageError(`--charts ${values.charts ?? 'dist/charts'}: no such folder`, 'Run `berth synth --format helm` first, or pass the folder holding the charts.');
  }
  const packages = packageCharts(chartsDir);
  if (packages.length === 0) {
    throw new UsageError(`--charts ${values.charts ?? 'dist/charts'}: no chart folders (with a Chart.yaml) in it`);
  }
  fs.mkdirSync(outDir, { recursive: true });
  for (const p of packages) fs.writeFileSync(path.join(outDir, p.fileName), p.bytes);
  const all = fs.readdirSync(outDir).filter((f) => f.endsWith('.tgz')).sort()
    .map((f) => ({ fileName: f, bytes: fs.readFileSync(path.join(outDir, f)) }));
  fs.writeFileSync(path.join(outDir, 'index.yaml'), repositoryIndex(all, values.url));
  io.stdout(`Packaged ${packages.length} charts into ${path.relative(cwd, outDir) || '.'}/: ${packages.map((p) => p.fileName).join(', ')}; index.yaml lists ${all.length} packages\n`);
  return 0;
}
