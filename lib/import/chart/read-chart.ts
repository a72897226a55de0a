/**
 * Reads what `berth import chart` and the values check need of a Helm chart, a folder or a
 * `.tgz` (as `helm pull` writes it): `Chart.yaml` (name, version), `values.yaml` and
 * `values.schema.json`. Nothing else of the chart is read. Every problem is a `ChartReadError`
 * whose message names the file.
 */
import { createHash } from 'crypto';
import { existsSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { gunzipSync } from 'zlib';
import { readTar } from '../../io/tar';
import type { Document } from 'yaml';
import { yamlLibrary } from '../../yaml/yaml-library';

/** The parts of a chart its values need. */
export interface ChartFiles {
  /** The chart as given (a folder or a `.tgz`), for messages. */
  readonly source: string;
  /** `Chart.yaml`'s `name` and `version`. */
  readonly name: string;
  readonly version: string;
  /** How each file is shown in messages: `<source>/values.schema.json`, `<source>:cert-manager/values.yaml`. */
  readonly schemaFile: string;
  readonly valuesFile: string;
  /** The text of `values.schema.json`, when the chart has one. */
  readonly schemaText?: string;
  /** The text of `values.yaml`, when the chart has one. */
  readonly valuesText?: string;
  /** A SHA-256 of Chart.yaml, values.yaml and values.schema.json. */
  readonly hash: string;
}

/** A chart that cannot be read; the message names the file. */
export class ChartReadError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'ChartReadError';
  }
}

/** The most a chart file (or a .tgz) may hold: charts are small, and a 1 GiB file is a mistake. */
const MAX_BYTES = 32 * 1024 * 1024;

/** Reads a chart folder or `.tgz`; throws a `ChartReadError` naming the file for anything unusable. */
export function readChartFiles(source: string): ChartFiles {
  let isDir: boolean;
  try {
    const st = statSync(source);
    isDir = st.isDirectory();
    if (!isDir && !st.isFile()) throw new ChartReadError(source, 'not a folder or a .tgz file');
    if (!isDir && st.size > MAX_BYTES) throw new ChartReadError(source, `larger than ${MAX_BYTES} bytes`);
  } catch (e) {
    if (e instanceof ChartReadError) throw e;
    throw new ChartReadError(source, 'no such file or folder');
  }
  const files = isDir ? folderFiles(source) : archiveFiles(source);
  const chartYaml = files.get('Chart.yaml');
  if (chartYaml === undefined)
    throw new ChartReadError(
      files.shown('Chart.yaml'),
      'not found: this is not a Helm chart. Pass the chart folder (`helm pull --untar`) or its .tgz.',
    );
  const { name, version } = chartMetadata(files.shown('Chart.yaml'), chartYaml);
  const schemaText = files.get('values.schema.json');
  const valuesText = files.get('values.yaml');
  const hash = createHash('sha256');
  for (const t of [chartYaml, valuesText ?? '', schemaText ?? '']) hash.update(t).update('\0');
  return {
    source,
    name,
    version,
    schemaFile: files.shown('values.schema.json'),
    valuesFile: files.shown('values.yaml'),
    schemaText,
    valuesText,
    hash: hash.digest('hex'),
  };
}

interface FileSource {
  get(name: string): string | undefined;
  shown(name: string): string;
}

function folderFiles(dir: string): FileSource {
  return {
    shown: (name) => join(dir, name),
    get(name) {
      const file = join(dir, name);
      if (!existsSync(file)) return undefined;
      const st = statSync(file);
      if (!st.isFile()) throw new ChartReadError(file, 'not a regular file');
      if (st.size > MAX_BYTES) throw new ChartReadError(file, `larger than ${MAX_BYTES} bytes`);
      return utf8(file, readFileSync(file));
    },
  };
}

/** A chart archive holds one top folder (`cert-manager/Chart.yaml`); its files are read from there. */
function archiveFiles(tgz: string): FileSource {
  let entries: ReturnType<typeof readTar>;
  try {
    const bytes = readFileSync(tgz);
    entries = readTar(
      bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes, { maxOutputLength: MAX_BYTES }) : bytes,
    );
  } catch (e) {
    throw new ChartReadError(
      tgz,
      `not a chart archive (a gzip-compressed tar): ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const charts = entries.filter((e) => /^[^/]+\/Chart\.yaml$/.test(e.path));
  if (charts.length !== 1)
    throw new ChartReadError(
      tgz,
      charts.length === 0
        ? 'not a chart archive: no <chart>/Chart.yaml inside. Pass the .tgz `helm pull` or `helm package` wrote.'
        : `not a chart archive: ${charts.length} top folders with a Chart.yaml (${charts.map((c) => c.path).join(', ')})`,
    );
  const top = charts[0].path.slice(0, -'/Chart.yaml'.length);
  const byPath = new Map(entries.map((e) => [e.path, e.data]));
  return {
    shown: (name) => `${tgz}:${top}/${name}`,
    get(name) {
      const data = byPath.get(`${top}/${name}`);
      return data === undefined ? undefined : utf8(`${tgz}:${top}/${name}`, data);
    },
  };
}

function utf8(file: string, data: Buffer): string {
  const text = data.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(data)) throw new ChartReadError(file, 'not UTF-8 text');
  return text.replace(/^\uFEFF/, '');
}

function chartMetadata(file: string, text: string): { name: string; version: string } {
  const doc = parseYaml(file, text);
  const meta = doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>) : {};
  for (const key of ['name', 'version'] as const)
    if (typeof meta[key] !== 'string' || meta[key] === '')
      throw new ChartReadError(
        file,
        `field ${key}: missing or not a string; a Chart.yaml names the chart and its version`,
      );
  return { name: meta.name as string, version: meta.version as string };
}

/** Parses one YAML document; a syntax error names the file and line. */
export function parseYaml(file: string, text: string): unknown {
  return parseYamlDocument(file, text).toJS({ maxAliasCount: 1000 });
}

/** The YAML document of `text`, with its nodes and comments; a syntax error names the file and line. */
export function parseYamlDocument(file: string, text: string): Document {
  const doc = yamlLibrary().parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const line = err.linePos?.[0].line;
    throw new ChartReadError(
      line === undefined ? file : `${file}:${line}`,
      `YAML error: ${err.message.split('\n')[0]}`,
    );
  }
  return doc;
}
