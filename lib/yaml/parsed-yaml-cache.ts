import * as path from 'path';
import { sha256 } from '../model/canonical-json';
import type { DiskCache } from '../perf/interfaces';

/** One document of a parsed YAML file: its data, and the line it starts on. */
export interface ParsedYamlDocument {
  readonly value: unknown;
  readonly line: number;
}

/** Below this size, parsing costs less than reading a cache entry. */
const MIN_CACHED_BYTES = 32 * 1024;

/** Bumped when what is cached changes shape. */
const FORMAT = 1;

/** The yaml package's version: another parser may read the same text differently. */
let yamlVersion: string | undefined;
function parserVersion(): string {
  yamlVersion ??= (require('yaml/package.json') as { version: string }).version;
  return yamlVersion;
}

/**
 * The documents of a large YAML input file (a chart's CRDs, an included `kustomize build`
 * output) as `parse` gives them, or as it gave them for the very same text before, read from
 * `node_modules/.cache/berth/parsed-yaml/`: the yaml package takes over a second for the
 * Redis operator's 1.7 MB of CRDs, JSON.parse milliseconds. `mode` names how `parse` reads
 * (YAML version, tags), so that two readings of one file never share an entry. Only data that
 * JSON keeps as it is (strings, finite numbers, booleans, null, arrays, plain objects) is
 * cached; a text that does not parse throws from `parse` every time and is never cached.
 * `BERTH_NO_PARSE_CACHE=1` turns the cache off. Deleting it changes no output. `disk`: where
 * the cache is (its folder `parsed-yaml`).
 */
export function parseYamlCached(
  mode: string,
  text: string,
  parse: () => ParsedYamlDocument[],
  disk: DiskCache,
): ParsedYamlDocument[] {
  if (text.length < MIN_CACHED_BYTES || process.env.BERTH_NO_PARSE_CACHE === '1') return parse();
  const key = sha256(`${FORMAT}\0${parserVersion()}\0${mode}\0${text}`);
  const file = path.join(disk.dir('parsed-yaml'), `${key}.json`);
  const hit = disk.readText(file);
  if (hit !== undefined) {
    const docs = cachedDocuments(hit);
    if (docs) return docs;
  }
  const docs = parse();
  if (docs.every((d) => jsonSafe(d.value))) disk.write(file, JSON.stringify(docs));
  return docs;
}

/** The documents of a cache entry, or undefined when it is not one (a torn or foreign file). */
function cachedDocuments(text: string): ParsedYamlDocument[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value)) return undefined;
  for (const d of value as unknown[]) {
    const entry = d as Partial<Record<'value' | 'line', unknown>> | null;
    if (typeof entry !== 'object' || entry === null || !('value' in entry) || typeof entry.line !== 'number')
      return undefined;
  }
  return value as ParsedYamlDocument[];
}

/** Whether JSON gives `v` back unchanged: no Date, binary, NaN, Infinity, -0 or __proto__ key. */
function jsonSafe(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0);
  if (Array.isArray(v)) return v.every(jsonSafe);
  if (typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype) return false;
  for (const key of Object.keys(v)) {
    if (key === '__proto__' || !jsonSafe((v as Record<string, unknown>)[key])) return false;
  }
  return true;
}
