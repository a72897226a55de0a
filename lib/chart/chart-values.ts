/**
 * The values check of a vendored chart at synth, done as `helm template` does it but before Helm
 * runs, so that a bad value is reported with its path, the chart's own description and the fix
 * rather than as Helm's one-line schema error. Helm validates the values it renders with: the
 * chart's `values.yaml` merged with the given values (the given win, a given `null` removes a
 * default), checked against the chart's `values.schema.json`; and each enabled subchart's part
 * of them (merged with the subchart's own defaults, the parent's globals passed down) against
 * the subchart's schema. The same is done here.
 */
import { createHash } from 'crypto';
import * as zlib from 'zlib';
import { ChartFiles, ChartReadError } from '../import/chart/read-chart';
import { checkChartValues, ChartValuesProblem, firstParagraph } from '../import/chart/check-values';
import { InvalidInputError } from '../core/invalid-input-error';
import { yamlLibrary } from '../yaml/yaml-library';
import { untarChart } from './chart-source';

/** One chart of the tree: the vendored chart or one of its subcharts. */
interface ChartNode {
  /** How its files are named in messages: `<chart>/values.yaml`, `<chart>/charts/mariadb/values.yaml`. */
  readonly shown: string;
  /** Its files, by path inside it. */
  readonly files: ReadonlyMap<string, Buffer>;
}

type Values = Record<string, unknown>;

/**
 * The problems of `values` for the chart whose files are `files` (shown in messages under
 * `shown`): none when neither the chart nor an enabled subchart has a `values.schema.json`.
 * Problems of a subchart's values have paths from the top (`mariadb.auth.username`). Throws a
 * `ChartReadError` naming the file when a `values.yaml` or a schema cannot be used.
 */
export function checkVendoredValues(
  shown: string,
  files: ReadonlyMap<string, Buffer>,
  values: object,
): VendoredValuesProblem[] {
  // The values as Helm receives them: JSON (undefined members dropped).
  const given = JSON.parse(JSON.stringify(values)) as Values;
  // Helm coalesces every chart's values first, then validates: the top chart's schema sees its
  // subcharts' parts with their defaults filled in.
  const checks: Check[] = [];
  coalesce({ shown, files }, given, '', checks);
  const out: VendoredValuesProblem[] = [];
  for (const c of checks) {
    const files = chartFiles(c.node, c.schemaText);
    for (const p of checkChartValues(files, c.values))
      out.push({ ...under(c.prefix, p), schemaFile: files.schemaFile });
  }
  return out;
}

/** A value a schema of the chart refuses, with the schema file (the chart's or a subchart's). */
export interface VendoredValuesProblem extends ChartValuesProblem {
  readonly schemaFile: string;
}

/**
 * The synth error for the values the chart's schemas refuse: one value named as a field of the
 * construct (`values.replicaCount`), with the chart's description of it; several listed.
 */
export function valuesError(constructPath: string, problems: readonly VendoredValuesProblem[]): InvalidInputError {
  const files = [...new Set(problems.map((p) => p.schemaFile))].join(' and ');
  if (problems.length > 1)
    return new InvalidInputError(
      constructPath,
      'values',
      undefined,
      `the chart's values.schema.json refuses ${problems.length} values: ${problems.map((p) => p.text).join('; ')}`,
      `values that ${files} accepts`,
      "Correct each value named, or leave it out for the chart's default.",
    );
  const [p] = problems;
  const field = p.path === '' ? 'values' : p.path.startsWith('[') ? `values${p.path}` : `values.${p.path}`;
  const says = p.description === undefined ? '' : `; the chart says: ${JSON.stringify(firstParagraph(p.description))}`;
  const unknown = p.value === undefined;
  return new InvalidInputError(
    constructPath,
    field,
    p.value,
    `the chart's values.schema.json refuses it: ${p.message}${says}`,
    p.allowed,
    unknown
      ? `Remove ${field}, or correct its name, as ${p.schemaFile} declares the chart's values.`
      : `Set ${field} to what ${p.schemaFile} allows, or leave it out for the chart's default.`,
  );
}

/** A schema to check, with the part of the values it checks and where that part is. */
interface Check {
  readonly node: ChartNode;
  readonly schemaText: string;
  readonly values: Values;
  readonly prefix: string;
}

/**
 * `given` over the chart's defaults, as Helm coalesces them (the given win, maps merge key by
 * key, a given `null` removes the default), then each enabled subchart's part over the
 * subchart's own defaults, with the parent's `global` over the subchart's. Adds the schemas to
 * check to `checks`, parents first.
 */
function coalesce(node: ChartNode, given: Values, prefix: string, checks: Check[]): Values {
  const merged = mergeTables(given, defaultsOf(node));
  const schemaText = text(node, 'values.schema.json');
  if (schemaText !== undefined) checks.push({ node, schemaText, values: merged, prefix });
  for (const sub of subcharts(node, merged)) {
    const own = isTable(merged[sub.key]) ? (merged[sub.key] as Values) : {};
    const global = mergeTables(isTable(merged.global) ? merged.global : {}, isTable(own.global) ? own.global : {});
    merged[sub.key] = coalesce(sub.node, { ...own, global }, prefix ? `${prefix}.${sub.key}` : sub.key, checks);
  }
  return merged;
}

/** `dest` over `src`: the values of `dest` win; a `null` in `dest` removes the key of `src`. */
function mergeTables(dest: Values, src: Values): Values {
  const out: Values = { ...dest };
  for (const [key, value] of Object.entries(src)) {
    if (!(key in out)) out[key] = value;
    else if (out[key] === null) delete out[key];
    else if (isTable(out[key]) && isTable(value)) out[key] = mergeTables(out[key] as Values, value);
  }
  return out;
}

function isTable(v: unknown): v is Values {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The chart's `values.yaml`, read as Helm reads it (YAML 1.1); an empty file is no defaults. */
function defaultsOf(node: ChartNode): Values {
  const t = text(node, 'values.yaml');
  if (t === undefined || t.trim() === '') return {};
  const doc = yamlLibrary().parseDocument(t, { version: '1.1' });
  if (doc.errors.length > 0) {
    const line = doc.errors[0].linePos?.[0].line;
    throw new ChartReadError(
      `${node.shown}/values.yaml${line === undefined ? '' : `:${line}`}`,
      `YAML error: ${doc.errors[0].message.split('\n')[0]}`,
    );
  }
  const v = doc.toJS({ maxAliasCount: 1000 }) as unknown;
  if (v === null || v === undefined) return {};
  if (!isTable(v)) throw new ChartReadError(`${node.shown}/values.yaml`, 'not a map of values');
  return v;
}

function text(node: ChartNode, name: string): string | undefined {
  return node.files
    .get(name)
    ?.toString('utf8')
    .replace(/^\uFEFF/, '');
}

/** What `checkChartValues` needs of a chart: its schema, named as the file it is. */
function chartFiles(node: ChartNode, schemaText: string): ChartFiles {
  return {
    source: node.shown,
    name: node.shown,
    version: '',
    schemaFile: `${node.shown}/values.schema.json`,
    valuesFile: `${node.shown}/values.yaml`,
    schemaText,
    // Compiled validators are kept by this hash: the schema is all they depend on.
    hash: createHash('sha256').update(schemaText).digest('hex'),
  };
}

/** A subchart, by the key of its values in the parent's (its alias, else its name). */
interface Subchart {
  readonly key: string;
  readonly node: ChartNode;
}

/**
 * The subcharts Helm renders: those vendored under `charts/` (folders or `.tgz`), less those
 * whose `condition` in the parent's `Chart.yaml` is false in the parent's merged values.
 */
function subcharts(node: ChartNode, merged: Values): Subchart[] {
  const deps = dependencies(node);
  const found = new Map<string, ChartNode>();
  const folders = new Set<string>();
  for (const f of node.files.keys()) {
    const m = /^charts\/([^/]+)\/Chart\.yaml$/.exec(f);
    if (m) folders.add(m[1]);
  }
  for (const dir of folders) {
    const files = new Map<string, Buffer>();
    for (const [f, data] of node.files) if (f.startsWith(`charts/${dir}/`)) files.set(f.slice(dir.length + 8), data);
    const name = chartName(files);
    if (name) found.set(name, { shown: `${node.shown}/charts/${dir}`, files });
  }
  for (const [f, data] of node.files) {
    if (!/^charts\/[^/]+\.tgz$/.test(f)) continue;
    let files: Map<string, Buffer>;
    try {
      files = untarChart(zlib.gunzipSync(data));
    } catch {
      continue; // Helm itself says what is wrong with a damaged package.
    }
    const name = chartName(files);
    if (name) found.set(name, { shown: `${node.shown}/${f}:${name}`, files });
  }
  const out: Subchart[] = [];
  for (const [name, sub] of found) {
    const dep = deps.find((d) => d.name === name);
    const key = dep?.alias ?? name;
    if (dep?.condition !== undefined && !conditionHolds(dep.condition, merged)) continue;
    out.push({ key, node: sub });
  }
  return out;
}

/** Helm's `condition`: comma-separated paths; the first that holds a boolean decides. */
function conditionHolds(condition: string, values: Values): boolean {
  for (const p of condition.split(',').map((s) => s.trim())) {
    let v: unknown = values;
    for (const k of p.split('.')) v = isTable(v) ? v[k] : undefined;
    if (typeof v === 'boolean') return v;
  }
  return true;
}

function chartYaml(files: ReadonlyMap<string, Buffer>): Values {
  const data = files.get('Chart.yaml');
  if (!data) return {};
  try {
    const doc = yamlLibrary().parse(data.toString('utf8')) as unknown;
    return isTable(doc) ? doc : {};
  } catch {
    return {};
  }
}

function chartName(files: ReadonlyMap<string, Buffer>): string | undefined {
  const name = chartYaml(files).name;
  return typeof name === 'string' ? name : undefined;
}

function dependencies(node: ChartNode): { name: string; alias?: string; condition?: string }[] {
  const deps = chartYaml(node.files).dependencies;
  if (!Array.isArray(deps)) return [];
  return deps.filter(isTable).map((d) => ({
    name: String(d.name),
    ...(typeof d.alias === 'string' ? { alias: d.alias } : {}),
    ...(typeof d.condition === 'string' ? { condition: d.condition } : {}),
  }));
}

/** A subchart's problem, its path from the top chart's values. */
function under(prefix: string, p: ChartValuesProblem): ChartValuesProblem {
  if (!prefix) return p;
  const path = p.path === '' ? prefix : p.path.startsWith('[') ? `${prefix}${p.path}` : `${prefix}.${p.path}`;
  const where = p.path === '' ? 'values' : p.path;
  return { ...p, path, text: `${path}${p.text.slice(where.length)}` };
}
