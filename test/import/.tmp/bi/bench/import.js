"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
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
const child_process_1 = require("child_process");
const fs_1 = require("fs");
const os_1 = require("os");
const path_1 = require("path");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
function findRoot(start) {
    for (let dir = start;; dir = (0, path_1.dirname)(dir)) {
        const pkg = (0, path_1.join)(dir, 'package.json');
        if ((0, fs_1.existsSync)(pkg) && JSON.parse((0, fs_1.readFileSync)(pkg, 'utf8')).name === 'berth')
            return dir;
        if ((0, path_1.dirname)(dir) === dir)
            throw new Error('cannot find the berth package root');
    }
}
const root = findRoot(__dirname);
const timeBin = (0, fs_1.existsSync)('/usr/bin/time') ? '/usr/bin/time' : undefined;
/** Runs one process; wall time measured around it, peak RSS from /usr/bin/time when available. */
function runOnce(argv, cwd) {
    const full = timeBin ? [timeBin, '-f', '__RSS__%M', ...argv] : [...argv];
    const started = process.hrtime.bigint();
    const r = (0, child_process_1.spawnSync)(full[0], full.slice(1), { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (r.status !== 0) {
        throw new Error(`command failed (${r.status}): ${argv.join(' ')}\n${r.stdout}\n${r.stderr}`);
    }
    const m = /__RSS__(\d+)/.exec(r.stderr ?? '');
    return { wallMs, maxRssKb: m ? Number(m[1]) : undefined };
}
function median(values) {
    const s = [...values].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
/** Runs `steps` (each a list of processes run in sequence) RUNS times after a warm-up. */
function measure(name, command, prepare, steps) {
    const once = () => {
        prepare();
        let wall = 0;
        let rss;
        for (const s of steps()) {
            const r = runOnce(s.argv, s.cwd);
            wall += r.wallMs;
            if (r.maxRssKb !== undefined)
                rss = Math.max(rss ?? 0, r.maxRssKb);
        }
        return { wallMs: wall, maxRssKb: rss };
    };
    once();
    const samples = Array.from({ length: RUNS }, once);
    const rss = samples.map((s) => s.maxRssKb).filter((x) => x !== undefined);
    const m = { name, command, medianMs: median(samples.map((s) => s.wallMs)), medianRssKb: rss.length ? median(rss) : undefined, runs: RUNS };
    process.stdout.write(`${name}: ${m.medianMs.toFixed(0)} ms${m.medianRssKb ? `, ${(m.medianRssKb / 1024).toFixed(0)} MiB peak RSS` : ''}\n`);
    return m;
}
function main() {
    const corpusDir = (0, path_1.join)(root, 'test/fixtures/crds-corpus');
    const corpus = (0, fs_1.readdirSync)(corpusDir).filter((f) => f.endsWith('.yaml')).sort().map((f) => (0, path_1.join)(corpusDir, f));
    const work = (0, fs_1.mkdtempSync)((0, path_1.join)((0, os_1.tmpdir)(), 'berth-bench-import-'));
    const out = (0, path_1.join)(work, 'tmp');
    const cliMain = (0, path_1.join)(root, 'build/lib/cli/main.js');
    // Until the CLI entry exists, drive runImportCommand of the compiled lib/import directly.
    const berth = (0, fs_1.existsSync)(cliMain)
        ? { argv: ['node', (0, path_1.join)(root, 'bin/berth.js'), 'import'], label: 'node bin/berth.js import' }
        : {
            argv: ['node', '-e', `require(${JSON.stringify((0, path_1.join)(__dirname, '../lib/import/index.js'))}).runImportCommand(process.argv.slice(1), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), readStdin: async () => '' }).then((c) => { process.exitCode = c; })`],
            label: 'node -e "require(build/lib/import).runImportCommand(...)" (build/lib/cli/main.js not built yet)',
        };
    const cdk8s = (0, path_1.join)(root, 'node_modules/.bin/cdk8s');
    const clean = () => (0, fs_1.rmSync)(out, { recursive: true, force: true });
    const berthCrds = { argv: [...berth.argv, ...corpus, '--output', out], cwd: work };
    const berthK8s = { argv: [...berth.argv, 'k8s', '--output', out], cwd: work };
    try {
        const results = [];
        results.push(measure('berth import <14 CRDs> (cold)', `${berth.label} <14 corpus files> --output tmp`, clean, () => [berthCrds]));
        results.push(measure('berth import k8s (cold)', `${berth.label} k8s --output tmp`, clean, () => [berthK8s]));
        results.push(measure('berth import CRDs + k8s (cold)', 'both commands above, in sequence', clean, () => [berthCrds, berthK8s]));
        results.push(measure('berth import CRDs + k8s (unchanged re-import)', 'both commands again, outputs up to date', () => undefined, () => [berthCrds, berthK8s]));
        if (berth.label.startsWith('node bin/berth.js')) {
            // The same re-import without the CLI entry: shows what lib/import itself costs.
            const direct = ['node', '-e', `require(${JSON.stringify((0, path_1.join)(__dirname, '../lib/import/index.js'))}).runImportCommand(process.argv.slice(1), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), readStdin: async () => '' }).then((c) => { process.exitCode = c; })`];
            results.push(measure('lib/import alone: CRDs + k8s (unchanged re-import)', 'node -e "require(build/lib/import).runImportCommand(...)", both commands', () => undefined, () => [{ argv: [...direct, ...corpus, '--output', out], cwd: work }, { argv: [...direct, 'k8s', '--output', out], cwd: work }]));
        }
        const cdkDir = (0, path_1.join)(work, 'cdk8s');
        results.push(measure('cdk8s import <14 CRDs> (one process per file)', 'cdk8s import FILE --language typescript --no-check-upgrade, x14', () => (0, fs_1.rmSync)(cdkDir, { recursive: true, force: true }), () => corpus.map((f) => ({ argv: [cdk8s, 'import', f, '--language', 'typescript', '--no-check-upgrade', '--output', (0, path_1.join)(cdkDir, 'imports')], cwd: work }))));
        const byName = Object.fromEntries(results.map((r) => [r.name, r]));
        const ratios = {
            cdk8sCrdsOverBerthCrdsCold: byName['cdk8s import <14 CRDs> (one process per file)'].medianMs / byName['berth import <14 CRDs> (cold)'].medianMs,
            berthColdOverUnchanged: byName['berth import CRDs + k8s (cold)'].medianMs / byName['berth import CRDs + k8s (unchanged re-import)'].medianMs,
        };
        const json = { date: new Date().toISOString(), node: process.version, runs: RUNS, rssSource: timeBin ? '/usr/bin/time -f %M' : 'unavailable', results, ratios };
        (0, fs_1.writeFileSync)((0, path_1.join)(root, 'bench/import-results.json'), JSON.stringify(json, null, 2) + '\n');
        const md = [
            '# berth import benchmark',
            '',
            `Node ${process.version}; median of ${RUNS} runs after a warm-up; each command is a whole process (wall time includes process start).`,
            `Peak RSS: ${timeBin ? '`/usr/bin/time -f %M` (max over the processes of a step)' : 'not measured (/usr/bin/time missing)'}.`,
            'cdk8s imports only the first file of a call, so it is called once per corpus file and the times are summed.',
            '',
            '| measure | median wall | peak RSS | command |',
            '|---|---:|---:|---|',
            ...results.map((r) => `| ${r.name} | ${r.medianMs.toFixed(0)} ms | ${r.medianRssKb ? `${(r.medianRssKb / 1024).toFixed(0)} MiB` : 'n/a'} | \`${r.command}\` |`),
            '',
            `- cdk8s / berth (14 CRDs, cold): ${ratios.cdk8sCrdsOverBerthCrdsCold.toFixed(2)}x`,
            `- berth cold / unchanged re-import (CRDs + k8s): ${ratios.berthColdOverUnchanged.toFixed(1)}x`,
            '',
        ].join('\n');
        (0, fs_1.writeFileSync)((0, path_1.join)(root, 'bench/import-results.md'), md);
        process.stdout.write(md);
    }
    finally {
        (0, fs_1.rmSync)(work, { recursive: true, force: true });
    }
}
main();
