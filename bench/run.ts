/**
 * `npm run bench`: measures `berth synth` against the tools a user would pick instead, on the
 * workload `microservices(N)` (6 objects per service), same machine, same run.
 *
 *   npm run bench                     N = 100, 1000, 5000
 *   npm run bench -- --quick          N = 100 only
 *   npm run bench -- --n 1000         one N (repeatable)
 *   npm run bench -- --runs 7         counted runs per contender and N (default 5, after 1 warm-up)
 *   npm run bench -- --only berth     only these contenders (repeatable; ids in results.json)
 *   npm run bench -- --phases 1000    also time synth's phases in-process at this N (default: 1000 when run)
 *   npm run bench -- --profile 1000   also CPU-profile `berth synth` at this N (node --cpu-prof)
 *   npm run bench -- --out /dev/shm   write outputs under this folder (default: the system temp folder)
 *   npm run bench -- --report NAME    write bench/NAME.md and bench/NAME.json (default: results)
 *   npm run bench -- --merge FILE     also report the sizes an earlier run measured (its results.json)
 *   npm run bench -- --no-run --merge FILE   only rewrite the report from an earlier results.json
 *
 * Each contender is a whole process (start-up counts). A warm-up run's output is parsed and
 * must hold exactly N objects of each of the 6 kinds, else the contender is refused and its
 * time not counted. The counted runs are interleaved (round r runs every contender once, in
 * an order rotated by r), so a load change on this shared machine hits every contender alike;
 * the paired ratio is the median of the per-round ratios. Writes bench/results.md and
 * bench/results.json (and bench/profile.md with --profile).
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { BenchPaths, berthEntry, Contender, contenders, prepareInputs } from './contenders';
import { helmBinary } from '../test/support/helm-binary';
import { describeMethod, Measurement, measure } from './measure';
import { summarizeProfile } from './profile';
import { ContenderResult, markdownTable, median, Row, summarize } from './report';
import { countBytes, kindMismatch, OutputSummary, summarizeOutput } from './verify-output';
import { BERTH_WORKLOAD_API } from './workloads/berth-microservices';
import { WORKLOAD_KINDS } from './workloads/spec';

const root = path.resolve(__dirname, '..', '..');
const paths: BenchPaths = { root, buildDir: __dirname, tmpDir: path.join(__dirname, 'tmp') };

/** What --merge reads from an earlier results.json. */
interface MergedResults {
  readonly started: string;
  readonly runs: ContenderResult[];
  readonly loadAverage: LoadNote[];
  readonly phases?: { readonly n: number; readonly result: ReturnType<typeof phases> };
}

interface LoadNote {
  readonly n: number;
  readonly before: readonly number[];
  readonly after: readonly number[];
}

function log(s: string): void {
  process.stderr.write(s + '\n');
}

function version(pkg: string): string {
  try {
    return (
      JSON.parse(fs.readFileSync(path.join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }
    ).version;
  } catch {
    return 'not installed';
  }
}

function helmVersion(): string {
  try {
    return execFileSync(helmBinary(), ['version', '--short'], { encoding: 'utf8' }).trim();
  } catch (e) {
    return `unavailable: ${(e as Error).message}`;
  }
}

/**
 * Flushes pending writes (`sync`) so that a run does not pay for the previous runs' output
 * being written back. Untimed; costs nothing on tmpfs.
 */
function settleDisk(): void {
  try {
    execFileSync('sync', { stdio: 'ignore' });
  } catch {
    // No `sync` here: runs then start with whatever is still being written back.
  }
}

async function runOnce(c: Contender, n: number, out: string): Promise<{ m: Measurement; error?: string }> {
  c.prepare?.(n);
  settleDisk();
  const m = await measure(c.command(n, out));
  return m.exitCode === 0
    ? { m }
    : { m, error: `exit ${m.exitCode}: ${m.output.trim().split('\n').slice(0, 6).join(' / ').slice(0, 400)}` };
}

async function benchN(list: readonly Contender[], n: number, runs: number, work: string): Promise<ContenderResult[]> {
  prepareInputs(paths, n);
  const state = new Map<string, { runs: Measurement[]; output?: OutputSummary; refused?: string }>();
  for (const c of list) {
    const out = path.join(work, `${c.id}-${n}`);
    const { error } = await runOnce(c, n, out);
    let output: OutputSummary | undefined;
    let refused =
      error && /Helm output is not available/.test(error) ? 'skipped: the Helm emitter is not in this build' : error;
    if (!refused && !c.noOutput) {
      try {
        // Bytes of what the contender wrote; objects from it, or from its rendering (a chart).
        const bytes = countBytes(c.outputOf(out));
        output = { ...summarizeOutput(c.render ? c.render(n, out) : c.outputOf(out)), bytes };
        const bad = kindMismatch(output, WORKLOAD_KINDS, n);
        if (bad) refused = `output is not ${n} objects of each kind: ${bad}`;
      } catch (e) {
        refused = `output check failed: ${(e as Error).message}`;
      }
    }
    state.set(c.id, { runs: [], output, refused });
    log(
      `  N=${n} warm-up ${c.id}: ${refused ? `REFUSED (${refused})` : output ? `${output.docs} objects, ${output.bytes} bytes, hash ${output.hash}` : 'ok'}`,
    );
  }
  const active = list.filter((c) => !state.get(c.id)!.refused);
  for (let r = 0; r < runs; r++) {
    const order = active.map((_, i) => active[(i + r) % active.length]);
    for (const c of order) {
      const s = state.get(c.id)!;
      if (s.refused) continue;
      // Each run writes a new folder; all are removed after the last round. On this machine's
      // ext4 disk, creating 6,000 files right after removing as many took 4-5x as long as into
      // a disk that removed nothing: a cost of the benchmark, not of the contender.
      const out = c.overPreviousOutput ? path.join(work, `${c.id}-${n}`) : path.join(work, `${c.id}-${n}-run${r + 1}`);
      const { m, error } = await runOnce(c, n, out);
      // Every counted run must write what the checked warm-up run wrote (same bytes).
      const bytes = !error && s.output ? countBytes(c.outputOf(out)) : undefined;
      if (error) s.refused = `run ${r + 1} failed: ${error}`;
      else if (bytes !== undefined && bytes !== s.output!.bytes)
        s.refused = `run ${r + 1} wrote ${bytes} bytes, the checked warm-up ${s.output!.bytes}`;
      else s.runs.push(m);
    }
    log(
      `  N=${n} round ${r + 1}/${runs}: ${active.map((c) => `${c.id} ${state.get(c.id)!.runs[r]?.wall.toFixed(2) ?? '–'}s`).join(', ')}`,
    );
  }
  fs.rmSync(work, { recursive: true, force: true });
  const floorHash = state.get('floor-js-yaml')?.output?.hash;
  return list.map((c) => {
    const s = state.get(c.id)!;
    return {
      id: c.id,
      label: c.label,
      n,
      runs: s.refused ? [] : s.runs,
      output: s.output,
      sameContentAsFloor: s.output && floorHash ? s.output.hash === floorHash : undefined,
      refused: s.refused,
    };
  });
}

/** Runs synth's phases in-process `count` times at `n`; medians per phase. */
function phases(
  n: number,
  count: number,
  work: string,
): { runs: number; objects: number; errors: number; times: Record<string, number> } | string {
  const all: Array<{ objects: number; errors: number; times: Record<string, number> }> = [];
  for (let i = 0; i < count; i++) {
    // A new folder each time, as for the contenders' runs (removed with `work`).
    const out = path.join(work, `phases-${n}-run${i + 1}`);
    settleDisk();
    const r = spawnSync(process.execPath, [path.join(__dirname, 'phases.js'), String(n), out], {
      cwd: root,
      encoding: 'utf8',
    });
    if (r.status !== 0) return `phases failed: ${r.stderr.trim().slice(0, 400)}`;
    all.push(JSON.parse(r.stdout) as { objects: number; errors: number; times: Record<string, number> });
  }
  const times: Record<string, number> = {};
  for (const k of Object.keys(all[0].times)) times[k] = median(all.map((a) => a.times[k]));
  return { runs: count, objects: all[0].objects, errors: all[0].errors, times };
}

/** CPU-profiles one `berth synth` at `n`; returns the summary. */
function profile(n: number, work: string): string {
  prepareInputs(paths, n);
  const dir = path.join(work, 'cpu-prof');
  fs.rmSync(dir, { recursive: true, force: true });
  const out = path.join(work, `profile-${n}`);
  const args = [
    '--cpu-prof',
    '--cpu-prof-dir',
    dir,
    path.join(root, 'bin', 'berth.js'),
    'synth',
    '--app',
    berthEntry(paths, n),
    '--output',
    out,
  ];
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  fs.rmSync(out, { recursive: true, force: true });
  if (r.status !== 0) return `profile run failed: ${r.stderr.trim().slice(0, 400)}`;
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return 'no .cpuprofile written';
  const summary = summarizeProfile(path.join(dir, file), root);
  return `Command: \`node --cpu-prof bin/berth.js synth --app build/bench/tmp/berth-${n}.js --output <tmp>\` (cwd = repository root).\n\n${summary}`;
}

function phasesMarkdown(n: number, p: ReturnType<typeof phases>): string {
  if (typeof p === 'string') return p;
  const t = p.times;
  const synth = t.render + t.validateRestricted + t.emit + t.write;
  const total = t.load + t.construct + synth;
  const row = (name: string, s: number) =>
    `| ${name} | ${(s * 1000).toFixed(0)} | ${((100 * s) / total).toFixed(1)}% |`;
  return [
    `In-process phase times of \`berth synth\` at N=${n} (${p.objects} objects; median of ${p.runs} processes; \`node build/bench/phases.js ${n} <tmp>\`; validation found ${p.errors} errors):`,
    '',
    '| phase | ms | share of load→write |',
    '| --- | ---: | ---: |',
    row('module loading (CLI, lib, generated L1, workload)', t.load),
    row('construct creation (the program)', t.construct),
    row('render: collect (toJson + resolve)', t.render),
    row('validation, policy restricted', t.validateRestricted),
    row('(validation again, policy none — same records, validators compiled)', t.validateNone),
    row('(schema checks alone, validators compiled)', t.schemaWarm),
    row('YAML emission (emitPlain)', t.emit),
    row('writing (writeTreeAtomically)', t.write),
    '',
    `Validation = ${((100 * t.validateRestricted) / synth).toFixed(1)}% of synth proper (render + validate + emit + write = ${(synth * 1000).toFixed(0)} ms), ${((100 * t.validateRestricted) / total).toFixed(1)}% of load→write; run again with the \`none\` profile it costs ${(t.validateNone * 1000).toFixed(0)} ms (schema, grammar and reference checks run in every profile; the rest of the difference to the first run is paid once per process: loading the cached validators, V8 compiling and optimizing the checks, and the garbage collections that move the just-rendered objects to the old generation).`,
    '',
  ].join('\n');
}

/** Berth against the performance targets of issue 24 (whole processes, paired ratios in one run). */
function targetsMarkdown(rows: readonly Row[], p: ReturnType<typeof phases> | undefined): string {
  const row = (id: string, n: number): Row | undefined => rows.find((x) => x.id === id && x.n === n && !x.refused);
  // Berth's time over the contender's: the median of the per-round ratios where available.
  const berthOver = (id: string, n: number): number | undefined => {
    const r = row(id, n);
    return r?.berthOverWallPaired ?? r?.berthOverWall;
  };
  // A Berth variant's time over a contender's, both paired against the plain Berth synth.
  const variantOver = (variant: string, id: string, n: number): number | undefined => {
    const v = berthOver(variant, n);
    const c = berthOver(id, n);
    return v === undefined || c === undefined ? undefined : c / v;
  };
  const verdict = (v: number, max: number): string => (v <= max ? 'met' : 'missed');
  const lines = ['Targets (`berth synth`, plain, validation on, policy restricted; ratios are time over time):', ''];
  const ratio = (what: string, value: number | undefined, max: number): void => {
    if (value !== undefined) lines.push(`- ${what}: ${value.toFixed(2)}× (target ≤ ${max}×: ${verdict(value, max)}).`);
  };
  for (const t of [
    { n: 1000, helm: 0.5, floor: 'floor-limit', floorName: 'the practical limit', floorMax: 2.5, rss: 150 },
    { n: 5000, helm: 0.4, floor: 'floor-js-yaml', floorName: 'the js-yaml floor', floorMax: 2, rss: 250 },
  ]) {
    const b = row('berth', t.n);
    if (!b) continue;
    ratio(`N=${t.n} cold: berth synth ÷ helm template`, berthOver('helm-template', t.n), t.helm);
    ratio(`N=${t.n} cold: berth synth ÷ ${t.floorName}`, berthOver(t.floor, t.n), t.floorMax);
    lines.push(
      `- N=${t.n} cold: peak RSS ${b.peakRssMiB.toFixed(1)} MiB (target ≤ ${t.rss} MiB: ${verdict(b.peakRssMiB, t.rss)}); wall ${b.wall.median.toFixed(3)} s.`,
    );
  }
  for (const n of [1000, 5000]) {
    ratio(
      `N=${n}: re-synth over its unchanged output, caches warm, ÷ helm template`,
      variantOver('berth-resynth', 'helm-template', n),
      0.3,
    );
  }
  for (const n of [1000, 5000]) {
    const paired = berthOver('berth-helm', n);
    ratio(`N=${n}: --format helm ÷ plain`, paired === undefined ? undefined : 1 / paired, 1.3);
  }
  const b1 = row('berth', 1000);
  const b5 = row('berth', 5000);
  if (b1 && b5) ratio('Growth from N=1000 to N=5000', b5.wall.median / b1.wall.median, 5);
  lines.push('- `--watch`, from a saved edit to its file written: `npm run bench:watch` (bench/watch-results.md).');
  // What the type check of a TypeScript program adds, against the same program with --no-type-check.
  for (const n of [1000, 5000]) {
    const off = row('berth-ts-no-check', n);
    if (!off) continue;
    const cost = (id: string): number | undefined => {
      const r = row(id, n);
      return r ? r.wall.median / off.wall.median - 1 : undefined;
    };
    const warm = cost('berth-ts-check-warm');
    const pct = (x: number | undefined): string => (x === undefined ? '–' : `${(100 * x).toFixed(1)}%`);
    if (warm !== undefined)
      lines.push(
        `- N=${n}: a warm type check adds ${pct(warm)} to \`berth synth\` of the TypeScript program (target ≤ 15%: ${warm <= 0.15 ? 'met' : 'missed'}); after a touched file ${pct(cost('berth-ts-check-touched'))}, cold ${pct(cost('berth-ts-check-cold'))}.`,
      );
  }
  if (p && typeof p !== 'string') {
    const t = p.times;
    // Strict reading: of synth proper (render to write); loose: of the whole synth, the user's
    // program loading and constructing included. The target is checked against the strict one.
    const share = t.validateRestricted / (t.render + t.validateRestricted + t.emit + t.write);
    const ofWhole = t.validateRestricted / (t.load + t.construct + t.render + t.validateRestricted + t.emit + t.write);
    lines.push(
      `- Validation share of synth at N=${p.objects / 6}: ${(100 * share).toFixed(1)}% of render→write (target ≤ 30%: ${share <= 0.3 ? 'met' : 'missed'}); ${(100 * ofWhole).toFixed(1)}% of load→write, the program's own loading and constructing included; see the phases below.`,
    );
  }
  return lines.join('\n') + '\n';
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean' },
      n: { type: 'string', multiple: true },
      runs: { type: 'string' },
      only: { type: 'string', multiple: true },
      phases: { type: 'string' },
      profile: { type: 'string' },
      out: { type: 'string' },
      report: { type: 'string' },
      merge: { type: 'string' },
      'no-run': { type: 'boolean' },
    },
  });
  const report = values.report ?? 'results';
  const ns = values['no-run'] ? [] : values.quick ? [100] : values.n ? values.n.map(Number) : [100, 1000, 5000];
  const runs = values.runs ? Number(values.runs) : 5;
  if (ns.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(runs) || runs < 1) {
    throw new Error('--n and --runs take positive integers');
  }
  let list = contenders(paths);
  if (values.only) list = list.filter((c) => c.berth || values.only!.includes(c.id));
  const outBase = path.resolve(values.out ?? os.tmpdir());
  const work = fs.mkdtempSync(path.join(outBase, 'berth-bench-'));
  const started = new Date();
  log(`bench: N = ${ns.join(', ')}, ${runs} runs after 1 warm-up; contenders: ${list.map((c) => c.id).join(', ')}`);
  const results: ContenderResult[] = [];
  const loads: LoadNote[] = [];
  for (const n of ns) {
    const before = os.loadavg();
    results.push(...(await benchN(list, n, runs, path.join(work, String(n)))));
    loads.push({ n, before, after: os.loadavg() });
  }
  // --merge FILE: add the sizes measured by an earlier run (another results.json) to this report.
  const earlier = values.merge
    ? (JSON.parse(fs.readFileSync(path.resolve(values.merge), 'utf8')) as MergedResults)
    : undefined;
  if (earlier) {
    const labels = new Map(contenders(paths).map((c) => [c.id, c.label]));
    const floorHash = (n: number) => earlier.runs.find((r) => r.id === 'floor-js-yaml' && r.n === n)?.output?.hash;
    results.unshift(
      ...earlier.runs
        .filter((r) => !ns.includes(r.n))
        .map((r) => ({
          ...r,
          label: r.label ?? labels.get(r.id) ?? r.id,
          sameContentAsFloor:
            r.sameContentAsFloor ?? (r.output && floorHash(r.n) ? r.output.hash === floorHash(r.n) : undefined),
        })),
    );
    loads.unshift(...earlier.loadAverage.filter((l) => !ns.includes(l.n)));
    results.sort((a, b) => a.n - b.n);
    loads.sort((a, b) => a.n - b.n);
  }
  const rows = summarize(results, 'berth');
  const phasesN = values.phases ? Number(values.phases) : ns.includes(1000) ? 1000 : undefined;
  const phaseResult = phasesN ? phases(phasesN, 5, work) : earlier?.phases?.result;
  const phasesAt = phasesN ?? earlier?.phases?.n;
  const profileText = values.profile ? profile(Number(values.profile), work) : undefined;
  fs.rmSync(work, { recursive: true, force: true });

  const cpu = os.cpus();
  const machine = `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.platform()} ${os.release()}, Node ${process.version}`;
  const versions: Record<string, string> = {
    cdk8s: version('cdk8s'),
    'cdk8s-plus-33': version('cdk8s-plus-33'),
    constructs: version('constructs'),
    yaml: version('yaml'),
    'js-yaml': version('js-yaml'),
    helm: list.some((c) => c.id === 'helm-template') ? helmVersion() : 'not run',
  };
  const helmRow = results.find((r) => r.id === 'berth-helm');
  const notes = [
    `Berth workload written with: ${BERTH_WORKLOAD_API}; \`berth-l1\` is the same workload with the generated L1 classes.`,
    'Berth plain output: objects and bytes are those of `<env>/<app>/` (one file per object + kustomization.yaml); the `argocd/` folder Berth also writes (one Argo CD Application, < 1 KB) is not counted.',
    "Caches: the Berth rows marked cold start as a CI job does, with `node_modules/.cache/berth/` emptied but for V8's module code cache (compiled validators, the validation results and parsed inputs removed before each run); `berth-resynth` keeps every cache warm.",
    "Every contender writes into an empty folder, except `berth-resynth`: it synthesizes over the output of its previous run (the warm-up's, then each counted run's), as a re-synth in CI or on a desk does when little changed; unchanged files are then linked from the previous output, not written.",
    `Outputs written under ${outBase} (${values.out ? 'chosen with --out' : 'the system temp folder'}); each run (warm-up included) writes a new folder, all removed after the last round (on a disk, creating files right after removing as many was 4-5x slower) and, before it, \`sync\` flushes pending writes (untimed), so no run pays for another's write-back.`,
    helmRow?.refused?.startsWith('skipped')
      ? 'Berth Helm output not measured: the Helm emitter is not in this build.'
      : 'Berth Helm output (`--format helm`) checked by rendering it with `helm template` (not timed).',
  ];
  const json = {
    started: earlier && !ns.length ? earlier.started : started.toISOString(),
    machine,
    method: describeMethod(),
    versions,
    notes,
    loadAverage: loads,
    rows,
    runs: results.map((r) => ({
      ...r,
      runs: r.runs.map((m) => ({
        wall: m.wall,
        cpu: m.cpu,
        peakRssKiB: m.peakRssKiB,
        exitCode: m.exitCode,
        output: '',
      })),
    })),
    phases: phasesAt ? { n: phasesAt, result: phaseResult } : undefined,
  };
  fs.writeFileSync(path.join(root, 'bench', `${report}.json`), JSON.stringify(json, null, 2) + '\n');
  const md = [
    '# `npm run bench`: berth synth vs the alternatives, workload microservices(N)',
    '',
    `Run ${earlier && ns.length ? `${earlier.started} and ${started.toISOString()}` : earlier ? earlier.started : started.toISOString()} on ${machine}.`,
    `Measured: ${describeMethod()}. Each contender is a whole process (start-up counts): 1 warm-up (its output checked:`,
    `exactly N objects of each of ${WORKLOAD_KINDS.join(', ')}), then ${runs} counted runs, interleaved with the other contenders.`,
    `Load average (1/5/15 min) before → after each N: ${loads.map((l) => `N=${l.n}: ${l.before.map((x) => x.toFixed(2)).join('/')} → ${l.after.map((x) => x.toFixed(2)).join('/')}`).join('; ')} (${cpu.length} cores, shared with other work).`,
    `Versions: ${Object.entries(versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}.`,
    ...notes.map((x) => `${x}`),
    '',
    '"same data as floor": the parsed objects equal the js-yaml floor\'s (key order and comments aside). "Berth/it": Berth\'s',
    "median over the contender's median; in brackets the median of the per-round ratios (paired, robust to load drift).",
    '',
    markdownTable(rows),
    targetsMarkdown(rows, phaseResult),
    phaseResult && phasesAt ? phasesMarkdown(phasesAt, phaseResult) : '',
  ].join('\n');
  fs.writeFileSync(path.join(root, 'bench', `${report}.md`), md);
  if (profileText)
    fs.writeFileSync(path.join(root, 'bench', 'profile.md'), `# CPU profile of berth synth\n\n${profileText}`);
  process.stdout.write(md + (profileText ? `\n## CPU profile\n\n${profileText}` : ''));
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exitCode = 1;
});
