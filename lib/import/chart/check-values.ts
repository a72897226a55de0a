/**
 * Checks the values a program gives a third-party chart against the chart's own
 * `values.schema.json`, as `helm template` would, but before Helm runs and with the chart's
 * descriptions in the message. Used by `berth import chart` (is the schema usable?) and by the
 * construct that renders a vendored chart, at synth.
 */
import type Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { closest } from '../../model/edit-distance';
import { child, fromJsonPointer } from '../../model/field-path';
import { ChartFiles, ChartReadError, readChartFiles } from './read-chart';

/** One value that the chart's schema refuses. */
export interface ChartValuesProblem {
  /** Where in the values: `webhook.replicaCount`, `extraArgs[0]`, `podLabels["app.kubernetes.io/name"]`; `''` for the values themselves. */
  readonly path: string;
  /** What is wrong, as ajv says it: `must be number`. */
  readonly message: string;
  /** The schema's `description` of that value (or of the object that refused an unknown key), when it has one. */
  readonly description?: string;
  /** One line for a report: `replicaCount: must be number (got "two"). The number of replicas ...` */
  readonly text: string;
  /** The value refused (absent for an unknown or a missing key). */
  readonly value?: unknown;
  /** What the schema allows there: `a number`, `one of "INFO", "DEBUG"`, `the keys webhook, cainjector, ...`. */
  readonly allowed: string;
}

const validators = new Map<string, ValidateFunction>();

/**
 * The problems of `values` under the chart's `values.schema.json` (none when the chart has no
 * schema). `chart` is the chart folder or `.tgz`, or what {@link readChartFiles} read of it.
 * Throws a `ChartReadError` naming the file when the chart or its schema cannot be used.
 * Compiled schemas are kept for the process, by the chart files' hash.
 */
export function checkChartValues(chart: string | ChartFiles, values: unknown): ChartValuesProblem[] {
  const files = typeof chart === 'string' ? readChartFiles(chart) : chart;
  if (files.schemaText === undefined) return [];
  let validate = validators.get(files.hash);
  if (validate === undefined) {
    validate = compileValuesSchema(files.schemaFile, parseSchema(files.schemaFile, files.schemaText));
    validators.set(files.hash, validate);
  }
  if (validate(values)) return [];
  return (validate.errors ?? []).map((e) => problemOf(e));
}

/** The schema as an object; a file that is not JSON names the file and line. */
export function parseSchema(file: string, text: string): Record<string, unknown> {
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const at = /position (\d+)/.exec(message);
    const line = at ? text.slice(0, Number(at[1])).split('\n').length : undefined;
    throw new ChartReadError(line === undefined ? file : `${file}:${line}`, `not valid JSON: ${message}`);
  }
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema))
    throw new ChartReadError(file, 'not a JSON schema: the file must hold one JSON object');
  const remote = remoteRef(schema, '');
  if (remote)
    throw new ChartReadError(
      file,
      `$ref ${JSON.stringify(remote.ref)} at ${remote.at || '(the root)'} points outside the file. Berth never fetches schemas; only references inside values.schema.json (starting with "#") are read. Copy the referenced schema into the file's "$defs" and refer to it as "#/$defs/<name>".`,
    );
  return schema as Record<string, unknown>;
}

/** The first `$ref` that does not point inside the document, with where it is. */
function remoteRef(node: unknown, at: string): { ref: string; at: string } | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const r = remoteRef(node[i], child(at, i));
      if (r) return r;
    }
    return undefined;
  }
  for (const [k, v] of Object.entries(node)) {
    if ((k === '$ref' || k === '$dynamicRef') && typeof v === 'string' && !v.startsWith('#'))
      return { ref: v, at: child(at, k) };
    const r = remoteRef(v, child(at, k));
    if (r) return r;
  }
  return undefined;
}

/** The ajv of the schema's draft (`$schema`): charts use draft-07 and 2020-12. */
function ajvFor(schema: Record<string, unknown>): Ajv {
  const draft = typeof schema.$schema === 'string' ? schema.$schema : '';
  const options = {
    allErrors: true,
    verbose: true, // errors carry their schema node, for its description
    strict: false, // charts use keywords of their own (Bitnami's `form`)
    validateFormats: false, // Helm does not check formats either
    logger: false as const,
  };
  if (draft.includes('2020-12')) {
    const { default: Ajv2020 } = require('ajv/dist/2020') as typeof import('ajv/dist/2020');
    return new Ajv2020(options);
  }
  if (draft.includes('2019-09')) {
    const { default: Ajv2019 } = require('ajv/dist/2019') as typeof import('ajv/dist/2019');
    return new Ajv2019(options);
  }
  const { default: AjvClass } = require('ajv') as typeof import('ajv');
  return new AjvClass(options);
}

/** Compiles the schema; one that ajv refuses (a misspelt type, a dangling $ref) names the file. */
export function compileValuesSchema(file: string, schema: Record<string, unknown>): ValidateFunction {
  // A `$id` naming a URL would make ajv resolve `#` references against it; the file is the base.
  const { $id: _id, ...local } = schema;
  try {
    return ajvFor(local).compile(local);
  } catch (e) {
    throw new ChartReadError(file, `not a usable JSON schema: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function problemOf(e: ErrorObject): ChartValuesProblem {
  let path = fromJsonPointer(e.instancePath);
  let message = e.message ?? 'is not allowed';
  if (e.keyword === 'additionalProperties') {
    const key = (e.params as { additionalProperty: string }).additionalProperty;
    path = child(path, key);
    const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
    const near = closest(key, known);
    message = `is not a value of this chart${near === undefined ? '' : ` (did you mean ${JSON.stringify(near)}?)`}`;
  }
  const node = e.parentSchema as { description?: unknown } | undefined;
  const description = typeof node?.description === 'string' ? node.description.trim() : undefined;
  const got = e.keyword === 'additionalProperties' || e.keyword === 'required' ? '' : ` (got ${quote(e.data)})`;
  const allowed =
    e.keyword === 'enum'
      ? `: ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`
      : '';
  const where = path === '' ? 'values' : path;
  const text = `${where}: ${message}${allowed}${got}${description ? `. ${firstParagraph(description)}` : ''}`;
  return {
    path,
    message,
    ...(description === undefined ? {} : { description }),
    text,
    ...(got === '' ? {} : { value: e.data }),
    allowed: allowedBy(e),
  };
}

/** What the schema node that refused a value allows, in words. */
function allowedBy(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'type': {
      const types = String(params.type).split(',');
      return types.map((t) => (t === 'null' ? 'null' : /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`)).join(' or ');
    }
    case 'enum':
      return `one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `exactly ${JSON.stringify(params.allowedValue)}`;
    case 'additionalProperties': {
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      if (known.length === 0) return 'no other keys here';
      const shown = known.slice(0, 12).join(', ');
      return `the keys the schema declares here: ${shown}${known.length > 12 ? `, … (${known.length} in all)` : ''}`;
    }
    default:
      // `must be >= 1`, `must match pattern "^v"`, `must have required property 'name'`.
      return `a value that ${e.message ?? 'the schema accepts'}`;
  }
}

function quote(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/** Long chart descriptions (cert-manager's run to paragraphs) are cut to their first paragraph. */
export function firstParagraph(s: string): string {
  return s.split(/\n\s*\n/)[0].replace(/\s*\n\s*/g, ' ');
}
