/**
 * Chart packages and repository indexes, byte-identical across runs and machines: sorted tar
 * entries with one fixed mtime, gzip without a timestamp and with a fixed OS byte, and
 * `index.yaml` timestamps taken from the packages (not the clock).
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { toYaml } from '../synth/yaml';
import { readTar, TarEntry, writeTar } from './tar';
import { yamlLibrary } from '../core/yaml-library';

/** The mtime of every file in a package: 1980-01-01T00:00:00Z (the zip epoch; some tools reject 0). */
export const PACKAGE_MTIME = 315532800;

/** A packaged chart. */
export interface PackagedChart {
  readonly name: string;
  readonly version: string;
  /** `<name>-<version>.tgz` */
  readonly fileName: string;
  readonly bytes: Buffer;
}

function gzip(data: Buffer): Buffer {
  const out = zlib.gzipSync(data, { level: 9 });
  out.writeUInt32LE(0, 4); // no timestamp
  out[9] = 3; // OS: Unix, whatever the machine
  return out;
}

function filesUnder(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) {
      if (e.name !== '.git') out.push(...filesUnder(dir, r));
    } else if (e.isFile()) {
      out.push(r);
    }
  }
  return out;
}

interface ChartYaml {
  readonly name?: unknown;
  readonly version?: unknown;
  readonly [k: string]: unknown;
}

function readChartYaml(text: string, where: string): ChartYaml & { name: string; version: string } {
  const c = yamlLibrary().parse(text) as ChartYaml;
  if (typeof c?.name !== 'string' || typeof c.version !== 'string') {
    throw new Error(`${where}: Chart.yaml needs a name and a version`);
  }
  return c as ChartYaml & { name: string; version: string };
}

/** Packages the chart folder `dir` (which holds `Chart.yaml`) as `<name>-<version>.tgz`. */
export function packageChart(dir: string): PackagedChart {
  const chart = readChartYaml(fs.readFileSync(path.join(dir, 'Chart.yaml'), 'utf8'), dir);
  const entries: TarEntry[] = filesUnder(dir).map((rel) => ({
    path: `${chart.name}/${rel}`,
    data: fs.readFileSync(path.join(dir, rel)),
  }));
  return {
    name: chart.name,
    version: chart.version,
    fileName: `${chart.name}-${chart.version}.tgz`,
    bytes: gzip(writeTar(entries, PACKAGE_MTIME)),
  };
}

/** Packages every chart folder directly under `chartsDir`, by folder name. */
export function packageCharts(chartsDir: string): PackagedChart[] {
  return fs.readdirSync(chartsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(chartsDir, e.name, 'Chart.yaml')))
    .map((e) => e.name)
    .sort()
    .map((n) => packageChart(path.join(chartsDir, n)));
}

function compareVersionsDesc(a: string, b: string): number {
  const pa = a.split(/[.+-]/).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  const pb = b.split(/[.+-]/).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (typeof x === 'number' && typeof y === 'number') return y - x;
    return String(x) < String(y) ? 1 : -1;
  }
  return 0;
}

/**
 * The `index.yaml` of a chart repository holding `packages`. Each entry carries the chart's
 * metadata, the sha256 digest and `urls` (`<baseUrl>/<file>` or the file name); `created` is
 * the package's file mtime and `generated` the latest of those, so the index depends only on
 * the packages.
 */
export function repositoryIndex(packages: readonly { readonly fileName: string; readonly bytes: Buffer }[], baseUrl?: string): string {
  const entries: Record<string, Record<string, unknown>[]> = {};
  let generated = 0;
  for (const p of [...packages].sort((a, b) => (a.fileName < b.fileName ? -1 : 1))) {
    const files = readTar(zlib.gunzipSync(p.bytes));
    const chartFile = files.find((f) => /^[^/]+\/Chart\.yaml$/.test(f.path));
    if (!chartFile) throw new Error(`${p.fileName}: no Chart.yaml at the top of the archive`);
    const chart = readChartYaml(chartFile.data.toString('utf8'), p.fileName);
    generated = Math.max(generated, chartFile.mtime);
    const entry: Record<string, unknown> = {};
    for (const k of Object.keys(chart).sort()) entry[k] = chart[k];
    entry.created = new Date(chartFile.mtime * 1000).toISOString();
    entry.digest = createHash('sha256').update(p.bytes).digest('hex');
    entry.urls = [baseUrl ? `${baseUrl.replace(/\/+$/, '')}/${p.fileName}` : p.fileName];
    (entries[chart.name] ??= []).push(Object.fromEntries(Object.entries(entry).sort(([a], [b]) => (a < b ? -1 : 1))));
  }
  const sortedEntries: Record<string, unknown> = {};
  for (const name of Object.keys(entries).sort()) {
    sortedEntries[name] = entries[name].sort((a, b) => compareVersionsDesc(String(a.version), String(b.version)));
  }
  return toYaml({ apiVersion: 'v1', entries: sortedEntries, generated: new Date(generated * 1000).toISOString() });
}
