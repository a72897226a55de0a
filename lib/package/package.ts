/**
 * Chart packages and repository indexes, byte-identical across runs and machines: sorted tar
 * entries with one fixed mtime, gzip without a timestamp and with a fixed OS byte, and
 * `index.yaml` timestamps taken from the packages (not the clock).
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { toYaml } from '../yaml/yaml';
import { archivePathProblem, readTar, TarEntry, writeTar } from '../io/tar';
import { UsageError } from '../model/usage-error';
import { readChartMetadata } from './chart-metadata';
import { pushTo } from '../model/push-to';

/** The mtime of every file in a package: 1980-01-01T00:00:00Z (the zip epoch; some tools reject 0). */
export const PACKAGE_MTIME = 315532800;

/** The longest file name most file systems take (ext4, APFS, NTFS: 255). */
const MAX_FILE_NAME = 255;

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

/** Why the chart file at `file` cannot be read as a chart's Chart.yaml, and the fix; undefined when it can. */
function chartFileProblem(file: string): { readonly problem: string; readonly hint: string } | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch {
    return { problem: 'missing', hint: 'A chart folder holds a Chart.yaml; pass the folder of a chart.' };
  }
  if (stat.isSymbolicLink()) {
    return {
      problem: `a symbolic link (to ${fs.readlinkSync(file)})`,
      hint: 'Put the file itself in the chart folder, in place of the link.',
    };
  }
  if (!stat.isFile())
    return { problem: 'not a file', hint: "Make Chart.yaml the file of the chart's name, version and metadata." };
  return undefined;
}

/** Whether the folder `dir` holds a `Chart.yaml` (of any type: a link is reported, not skipped). */
function hasChartFile(dir: string): boolean {
  try {
    fs.lstatSync(path.join(dir, 'Chart.yaml'));
    return true;
  } catch {
    return false;
  }
}

/**
 * Packages the chart folder `dir` (which holds `Chart.yaml`) as `<name>-<version>.tgz`;
 * `shown` names the folder in messages. Throws a UsageError, before anything is made, when
 * `Chart.yaml` is not a file of the chart with a valid name and version, or a file's name
 * cannot be an archive member.
 */
export function packageChart(dir: string, shown = dir): PackagedChart {
  const chartFile = path.join(dir, 'Chart.yaml');
  const wrongFile = chartFileProblem(chartFile);
  if (wrongFile) {
    throw new UsageError(
      `${shown}/Chart.yaml: ${wrongFile.problem}; berth package reads a chart's own Chart.yaml only, a regular file inside the chart folder`,
      wrongFile.hint,
    );
  }
  const chart = readChartMetadata(fs.readFileSync(chartFile, 'utf8'), `${shown}/Chart.yaml`);
  const fileName = `${chart.name}-${chart.version}.tgz`;
  if (Buffer.byteLength(fileName) > MAX_FILE_NAME) {
    throw new UsageError(
      `${shown}/Chart.yaml: the package's file name ${fileName} is longer than ${MAX_FILE_NAME} bytes`,
      "Shorten the chart's name or version.",
    );
  }
  const entries: TarEntry[] = filesUnder(dir).map((rel) => {
    const member = `${chart.name}/${rel}`;
    const wrong = archivePathProblem(member);
    if (wrong) {
      throw new UsageError(
        `${shown}/${rel}: cannot be packaged: its path in the archive, ${JSON.stringify(member)}, ${wrong}`,
        "Rename the file: a chart package holds only paths that stay inside the chart's folder when unpacked.",
      );
    }
    return { path: member, data: fs.readFileSync(path.join(dir, rel)) };
  });
  let tar: Buffer;
  try {
    tar = writeTar(entries, PACKAGE_MTIME);
  } catch (e) {
    throw new UsageError(
      `${shown}: cannot be packaged: ${(e as Error).message}`,
      'Shorten the path of that file inside the chart.',
    );
  }
  return { name: chart.name, version: chart.version, fileName, bytes: gzip(tar) };
}

/**
 * Packages every chart folder directly under `chartsDir`, by folder name; `shown` names
 * `chartsDir` in messages. Every chart is read and checked before any is returned; two charts
 * of one name and version (one package file) are refused.
 */
export function packageCharts(chartsDir: string, shown = chartsDir): PackagedChart[] {
  const folders = fs
    .readdirSync(chartsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && hasChartFile(path.join(chartsDir, e.name)))
    .map((e) => e.name)
    .sort();
  const byFile = new Map<string, string>();
  return folders.map((n) => {
    const p = packageChart(path.join(chartsDir, n), `${shown}/${n}`);
    const other = byFile.get(p.fileName);
    if (other !== undefined) {
      throw new UsageError(
        `${shown}/${other} and ${shown}/${n} are both chart ${p.name} version ${p.version}: both would be ${p.fileName}`,
        'Give one of them another name or version, or package them apart (--charts).',
      );
    }
    byFile.set(p.fileName, n);
    return p;
  });
}

/** The `Chart.yaml` fields of a package and that file's mtime; `shown` names the package in messages. */
function packagedChartFile(
  bytes: Buffer,
  shown: string,
): { readonly fields: Readonly<Record<string, unknown>>; readonly name: string; readonly mtime: number } {
  let files: ReturnType<typeof readTar>;
  try {
    files = readTar(zlib.gunzipSync(bytes));
  } catch (e) {
    throw new UsageError(
      `${shown}: not a chart package (a gzipped tar archive): ${(e as Error).message}`,
      NOT_A_PACKAGE_HINT,
    );
  }
  const chartFile = files.find((f) => /^[^/]+\/Chart\.yaml$/.test(f.path));
  if (!chartFile) throw new UsageError(`${shown}: no Chart.yaml at the top of the archive`, NOT_A_PACKAGE_HINT);
  const chart = readChartMetadata(chartFile.data.toString('utf8'), `${shown}: ${chartFile.path}`);
  return { fields: chart.fields, name: chart.name, mtime: chartFile.mtime };
}

const NOT_A_PACKAGE_HINT =
  'index.yaml lists every .tgz of the output folder: remove or replace that file, or package into another folder (--output).';

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
export function repositoryIndex(
  packages: readonly { readonly fileName: string; readonly bytes: Buffer; readonly shown?: string }[],
  baseUrl?: string,
): string {
  // Maps and fromEntries, not assignments: a chart may be named, or have a field, `__proto__`.
  const entries = new Map<string, Record<string, unknown>[]>();
  let generated = 0;
  for (const p of [...packages].sort((a, b) => (a.fileName < b.fileName ? -1 : 1))) {
    const chart = packagedChartFile(p.bytes, p.shown ?? p.fileName);
    generated = Math.max(generated, chart.mtime);
    const entry = new Map(Object.entries(chart.fields));
    entry.set('created', new Date(chart.mtime * 1000).toISOString());
    entry.set('digest', createHash('sha256').update(p.bytes).digest('hex'));
    entry.set('urls', [baseUrl ? `${baseUrl.replace(/\/+$/, '')}/${p.fileName}` : p.fileName]);
    pushTo(entries, chart.name, Object.fromEntries([...entry].sort(([a], [b]) => (a < b ? -1 : 1))));
  }
  const sortedEntries = Object.fromEntries(
    [...entries.keys()]
      .sort()
      .map((name) => [
        name,
        entries.get(name)!.sort((a, b) => compareVersionsDesc(String(a.version), String(b.version))),
      ]),
  );
  return toYaml({ apiVersion: 'v1', entries: sortedEntries, generated: new Date(generated * 1000).toISOString() });
}
