/**
 * Benchmark of `berth import` against `cdk8s import`, each command run as a whole process.
 *
 *   npm run build && npm run bench:import
 *
 * Measures (median of RUNS runs after one warm-up; wall time, and peak RSS via /usr/bin/time
 * when present):
 *  - berth: import of all corpus CRDs (one process) and `import k8s` (one process), cold;
 *  - berth: the same two commands again with unchanged inputs (cache hit);
 *  - cdk8s: `cdk8s import FILE --language typescript --no-check-upgrade`, once per corpus
 *    file (cdk8s imports only the first file given, so one call per file is the fair
 *    equivalent), summed. cdk8s has no bundled-k8s equivalent here (`cdk8s import k8s` downloads
 *    the schema), so it is not timed.
 * Writes bench/import-results.md and bench/import-results.json.
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

interface Sample {
  readonly wallMs: number;
  readonly maxRssKb?: number;
}
interface Measure {
  readonly name: string;
  readonly command: string;
  readonly medianMs: number;
  readonly medianRssKb?: number;
  readonly runs: number;
}

function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'berth') return dir;
    if (dirname(dir) === dir) throw new Error('cannot find the berth package root');
  }
}

const root = findRoot(__dirname);
const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** Runs one process; wall time measured around it, peak RSS from /usr/bin/time when available. */
function runOnce(argv: readonly string[], cwd: string): Sample {
  const full = timeBin ? [timeBin, '-f', '__RSS__%M', ...argv] : [...argv];
  const started = process.hrtime.bigint();
  const r = spawnSync(full[0], full.slice(1), { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) {
    throw new Error(`command failed (${r.status}): ${argv.join(' ')}\n${r.stdout}\n${r.stderr}`);
  }
  const m = /__RSS__(\d+)/.exec(r.stderr ?? '');
  return { wallMs, maxRssKb: m ? Number(m[1]) : undefined };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Runs `steps` (each a list of processes run in sequence) RUNS times after a warm-up. */
function measure(
  name: string,
  command: string,
  prepare: () => void,
  steps: () => { argv: string[]; cwd: string }[],
): Measure {
  const once = (): Sample => {
    prepare();
    let wall = 0;
    let rss: number | undefined;
    for (const s of steps()) {
      const r = runOnce(s.argv, s.cwd);
      wall += r.wallMs;
      if (r.maxRssKb !== undefined) rss = Math.max(rss ?? 0, r.maxRssKb);
    }
    return { wallMs: wall, maxRssKb: rss };
  };
  once();
  const samples = Array.from({ length: RUNS }, once);
  const rss = samples.map((s) => s.maxRssKb).filter((x): x is number => x !== undefined);
  const m: Measure = {
    name,
    command,
    medianMs: median(samples.map((s) => s.wallMs)),
    medianRssKb: rss.length ? median(rss) : undefined,
    runs: RUNS,
  };
  process.stdout.write(
    `${name}: ${m.medianMs.toFixed(0)} ms${m.medianRssKb ? `, ${(m.medianRssKb / 1024).toFixed(0)} MiB peak RSS` : ''}\n`,
  );
  return m;
}

function main(): void {
  const corpusDir = join(root, 'test/fixtures/crds-corpus');
  const corpus = readdirSync(corpusDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join(corpusDir, f));
  const work = mkdtempSync(join(tmpdir(), 'berth-bench-import-'));
  const out = join(work, 'tmp');
  const cliMain = join(root, 'build/lib/cli/main.js');
  // Until the CLI entry exists, drive runImportCommand of the compiled lib/import directly.
  const berth = existsSync(cliMain)
    ? { argv: ['node', join(root, 'bin/berth.js'), 'import'], label: 'node bin/berth.js import' }
    : {
        argv: [
          'node',
          '-e',
          `require(${JSON.stringify(join(__dirname, '../lib/import/index.js'))}).runImportCommand(process.argv.slice(1), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), readStdin: async () => Buffer.alloc(0) }).then((c) => { process.exitCode = c; })`,
        ],
        label: 'node -e "require(build/lib/import).runImportCommand(...)" (build/lib/cli/main.js not built yet)',
      };
  const cdk8s = join(root, 'node_modules/.bin/cdk8s');
  const clean = (): void => rmSync(out, { recursive: true, force: true });
  const berthCrds = { argv: [...berth.argv, ...corpus, '--output', out], cwd: work };
  const berthK8s = { argv: [...berth.argv, 'k8s', '--output', out], cwd: work };

  try {
    const results: Measure[] = [];
    results.push(
      measure('berth import <14 CRDs> (cold)', `${berth.label} <14 corpus files> --output tmp`, clean, () => [
        berthCrds,
      ]),
    );
    results.push(measure('berth import k8s (cold)', `${berth.label} k8s --output tmp`, clean, () => [berthK8s]));
    results.push(
      measure('berth import CRDs + k8s (cold)', 'both commands above, in sequence', clean, () => [berthCrds, berthK8s]),
    );
    results.push(
      measure(
        'berth import CRDs + k8s (unchanged re-import)',
        'both commands again, outputs up to date',
        () => undefined,
        () => [berthCrds, berthK8s],
      ),
    );
    if (berth.label.startsWith('node bin/berth.js')) {
      // The same re-import without the CLI entry: shows what lib/import itself costs.
      const direct = [
        'node',
        '-e',
        `require(${JSON.stringify(join(__dirname, '../lib/import/index.js'))}).runImportCommand(process.argv.slice(1), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), readStdin: async () => Buffer.alloc(0) }).then((c) => { process.exitCode = c; })`,
      ];
      results.push(
        measure(
          'lib/import alone: CRDs + k8s (unchanged re-import)',
          'node -e "require(build/lib/import).runImportCommand(...)", both commands',
          () => undefined,
          () => [
            { argv: [...direct, ...corpus, '--output', out], cwd: work },
            { argv: [...direct, 'k8s', '--output', out], cwd: work },
          ],
        ),
      );
    }
    const cdkDir = join(work, 'cdk8s');
    results.push(
      measure(
        'cdk8s import <14 CRDs> (one process per file)',
        'cdk8s import FILE --language typescript --no-check-upgrade, x14',
        () => rmSync(cdkDir, { recursive: true, force: true }),
        () =>
          corpus.map((f) => ({
            argv: [
              cdk8s,
              'import',
              f,
              '--language',
              'typescript',
              '--no-check-upgrade',
              '--output',
              join(cdkDir, 'imports'),
            ],
            cwd: work,
          })),
      ),
    );

    const byName = Object.fromEntries(results.map((r) => [r.name, r]));
    const ratios = {
      cdk8sCrdsOverBerthCrdsCold:
        byName['cdk8s import <14 CRDs> (one process per file)'].medianMs /
        byName['berth import <14 CRDs> (cold)'].medianMs,
      berthColdOverUnchanged:
        byName['berth import CRDs + k8s (cold)'].medianMs /
        byName['berth import CRDs + k8s (unchanged re-import)'].medianMs,
    };
    const json = {
      date: new Date().toISOString(),
      node: process.version,
      runs: RUNS,
      rssSource: timeBin ? '/usr/bin/time -f %M' : 'unavailable',
      results,
      ratios,
    };
    writeFileSync(join(root, 'bench/import-results.json'), JSON.stringify(json, null, 2) + '\n');
    const md = [
      '# berth import benchmark',
      '',
      `Node ${process.version}; median of ${RUNS} runs after a warm-up; each command is a whole process (wall time includes process start).`,
      `Peak RSS: ${timeBin ? '`/usr/bin/time -f %M` (max over the processes of a step)' : 'not measured (/usr/bin/time missing)'}.`,
      'cdk8s imports only the first file of a call, so it is called once per corpus file and the times are summed.',
      '',
      '| measure | median wall | peak RSS | command |',
      '|---|---:|---:|---|',
      ...results.map(
        (r) =>
          `| ${r.name} | ${r.medianMs.toFixed(0)} ms | ${r.medianRssKb ? `${(r.medianRssKb / 1024).toFixed(0)} MiB` : 'n/a'} | \`${r.command}\` |`,
      ),
      '',
      `- cdk8s / berth (14 CRDs, cold): ${ratios.cdk8sCrdsOverBerthCrdsCold.toFixed(2)}x`,
      `- berth cold / unchanged re-import (CRDs + k8s): ${ratios.berthColdOverUnchanged.toFixed(1)}x`,
      '',
    ].join('\n');
    writeFileSync(join(root, 'bench/import-results.md'), md);
    process.stdout.write(md);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
