/**
 * `npm run bench:charts`: what the reference platform's vendored third-party charts cost a
 * synth. Times, as whole processes (start-up counts), `berth synth` of the reference platform
 * with its render cache cold (node_modules/.cache/berth/helm-render/ removed before each run:
 * each chart rendered twice, to refuse a render that is not reproducible), with it warm, the
 * same platform without its vendored charts (apps/reference-platform.ts `referencePlatform({ vendoredCharts:
 * false })`), and plain `helm template` of the same charts with the same values, once each.
 * Writes bench/charts-results.md.
 *
 *   npm run bench:charts                 5 counted runs each, after 1 warm-up
 *   npm run bench:charts -- --runs 3
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { VendoredChart } from '../lib/chart/vendored-chart';
import { helmTemplateArgs } from '../lib/chart/helm-render';
import { Application } from '../lib/core/application';
import { K8S_SCHEMA_VERSION } from '../lib/model/k8s-version';
import { configureHelmBinary } from '../lib/chart/helm-binary';
import { loadPlatform } from '../lib/cli/load-program';
import { helmBinary } from '../test/support/helm-binary';
import { median } from './report';

const root = path.resolve(__dirname, '..', '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
const berth = path.join(root, 'bin', 'berth.js');
const renderCache = path.join(root, 'node_modules', '.cache', 'berth', 'helm-render');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-bench-charts-'));

function timed(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function check(r: ReturnType<typeof spawnSync>, what: string): void {
  if (r.status !== 0) throw new Error(`${what} failed (${r.status}): ${String(r.stderr)}`);
}

let outputs = 0;
function synth(app?: string): void {
  const out = path.join(tmp, `out-${outputs++}`);
  const r = spawnSync(process.execPath, [berth, 'synth', '--output', out, ...(app ? ['--app', app] : [])], {
    cwd: root,
    encoding: 'utf8',
  });
  check(r, 'berth synth');
  fs.rmSync(out, { recursive: true, force: true });
}

/**
 * The program of the platform without its vendored charts: it imports apps/reference-platform
 * (apps/main would build the platform with its charts as well), and lives in the repository so
 * that synth's type check resolves `berth-k8s` as it does for apps/main.ts.
 */
const withoutCharts = path.join(root, 'build', 'bench', 'tmp', 'without-charts.ts');
fs.mkdirSync(path.dirname(withoutCharts), { recursive: true });
fs.writeFileSync(
  withoutCharts,
  `import { referencePlatform } from ${JSON.stringify(path.relative(path.dirname(withoutCharts), path.join(root, 'apps', 'reference-platform')))};\nexport const platform = referencePlatform({ vendoredCharts: false });\n`,
);

/** Every VendoredChart of the reference platform, as the `helm template` runs Berth makes. */
configureHelmBinary(helmBinary(), 'bench');
// Loaded as `berth synth` loads it (transpiled from apps/), so that its paths are the sources'.
const platform = loadPlatform(root, 'apps/main.ts');
const charts = platform.node.findAll().filter((c): c is VendoredChart => c instanceof VendoredChart);
const templateRuns = charts.map((c, i) => {
  const app = Application.of(c);
  const valuesFile = path.join(tmp, `values-${i}.json`);
  fs.writeFileSync(valuesFile, JSON.stringify(c.values));
  return helmTemplateArgs(
    {
      source: c._source,
      release: app.appName,
      namespace: app.namespace!,
      values: c.values,
      kubeVersion: K8S_SCHEMA_VERSION,
    },
    valuesFile,
  );
});
function helmTemplates(): void {
  for (const args of templateRuns)
    check(spawnSync(helmBinary(), args, { encoding: 'utf8', maxBuffer: 1 << 28 }), 'helm template');
}

const contenders: { name: string; run: () => void; before?: () => void }[] = [
  {
    name: 'berth synth, render cache cold',
    before: () => fs.rmSync(renderCache, { recursive: true, force: true }),
    run: () => synth(),
  },
  { name: 'berth synth, render cache warm', run: () => synth() },
  { name: 'berth synth, the platform without its vendored charts', run: () => synth(withoutCharts) },
  { name: `helm template of the same ${charts.length} chart renders, once each`, run: helmTemplates },
];
const times = new Map(contenders.map((c) => [c.name, [] as number[]]));
for (let round = -1; round < runs; round++) {
  for (const c of contenders) {
    c.before?.();
    const t = timed(c.run);
    if (round >= 0) times.get(c.name)!.push(t);
  }
}
fs.rmSync(tmp, { recursive: true, force: true });
const warm = median(times.get(contenders[1].name)!);
const without = median(times.get(contenders[2].name)!);
const rows = contenders.map((c) => {
  const ts = times.get(c.name)!;
  return `| ${c.name} | ${ts.length} | ${median(ts).toFixed(3)} (${Math.min(...ts).toFixed(3)}–${Math.max(...ts).toFixed(3)}) |`;
});
const report = `# \`npm run bench:charts\`: the reference platform's vendored charts

Run ${new Date().toISOString()} on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; wall seconds of whole processes, 1 warm-up then ${runs} counted runs, interleaved.
Charts: ${[...new Set(charts.map((c) => `${c.chartName} ${c.chartVersion}`))].join(', ')} (${charts.length} renders: one per app and environment).
The cold synth removes node_modules/.cache/berth/helm-render/ first, so it renders every chart twice (the reproducibility check).

| what | runs | wall s median (min–max) |
| --- | ---: | ---: |
${rows.join('\n')}

Warm re-synth over the platform without the charts: ${((warm / without - 1) * 100).toFixed(1)}% more time (it also has ${charts.length} renders' objects more to validate and write).
`;
fs.writeFileSync(path.join(root, 'bench', 'charts-results.md'), report);
process.stdout.write(report);
