import * as fs from 'fs';
import * as path from 'path';
import { diffObjects, ObjectDiff } from './diff-objects';
import { yamlLibrary } from '../core/yaml-library';
import { readCanonicalDocuments } from '../synth/canonical-yaml';
import { compareStrings } from '../core/compare-strings';

/** The differences of one app in one environment (`dist/<environment>/<app>/`). */
export interface AppDiff {
  readonly environment: string;
  readonly app: string;
  readonly objects: readonly ObjectDiff[];
}

/** A file of the Helm charts that differs (charts are compared as text). */
export interface FileDiff {
  readonly file: string;
  readonly type: 'added' | 'removed' | 'changed';
}

/** How a new output differs from the old one. */
export interface OutputDiff {
  /** The apps that differ, sorted by environment then app. */
  readonly apps: readonly AppDiff[];
  /** Chart files that differ (only when asked for). */
  readonly charts: readonly FileDiff[];
  /** Objects compared, in the new output. */
  readonly objectCount: number;
}

/** Options of {@link diffOutputs}. */
export interface DiffOutputsOptions {
  /** Only these environments. @default - all */
  readonly environments?: readonly string[];
  /** Also compare `charts/` (as text). @default false */
  readonly charts?: boolean;
}

/** Top folders of the output that are not environments. */
const NOT_ENVIRONMENTS = new Set(['charts', 'argocd']);

/** `[environment, app]` of a plain output file `<env>/<app>/<file>.yaml`, else undefined. */
function appOf(file: string): [string, string] | undefined {
  const parts = file.split('/');
  if (parts.length !== 3 || NOT_ENVIRONMENTS.has(parts[0]) || !/\.ya?ml$/.test(parts[2]) || parts[2] === 'kustomization.yaml') {
    return undefined;
  }
  return [parts[0], parts[1]];
}

function parseFile(file: string, text: string): unknown[] {
  // Berth's own files are read back fast; anything else by the full parser.
  const canonical = readCanonicalDocuments(text);
  if (canonical !== undefined) return canonical;
  return yamlLibrary().parseAllDocuments(text).map((doc) => {
    if (doc.errors.length > 0) {
      throw new Error(`${file}: not valid YAML: ${doc.errors[0].message}`);
    }
    return doc.toJS() as unknown;
  });
}

/**
 * The documents of each app's files (`<env>/<app>` → documents, files in path order), except
 * the files `skip` names.
 */
function groupByApp(files: ReadonlyMap<string, string>, envs: readonly string[] | undefined, skip: (file: string) => boolean): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  for (const [file, text] of [...files].sort(([a], [b]) => compareStrings(a, b))) {
    const at = appOf(file);
    if (!at || (envs && !envs.includes(at[0])) || skip(file)) continue;
    const key = `${at[0]}/${at[1]}`;
    let docs = out.get(key);
    if (!docs) out.set(key, (docs = []));
    for (const d of parseFile(file, text)) docs.push(d);
  }
  return out;
}

/** Lines that start a YAML document (`---`, maybe with a comment). */
const DOCUMENT_START = /^---[ \t]*(?:#.*)?$/m;
/** A line that is neither blank nor a comment. */
const CONTENT_LINE = /^[ \t]*[^\s#]/m;

/** How many documents with content a YAML text holds (split at `---` lines; for counting only). */
function countDocuments(text: string): number {
  let n = 0;
  for (const part of text.split(DOCUMENT_START)) if (CONTENT_LINE.test(part)) n++;
  return n;
}

/**
 * Compares two outputs given as relative path → text (what `synthesize` returns in
 * `contents`, or {@link readOutput} of `dist/`), as data: the objects of each
 * `<environment>/<app>/` folder are parsed and compared with {@link diffObjects}.
 * `kustomization.yaml` files are derived from the objects and not compared.
 */
export function diffOutputs(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>, options: DiffOutputsOptions = {}): OutputDiff {
  // A file with the same text on both sides holds the same objects: nothing to parse or compare
  // (a re-synth changes few files of thousands).
  const same = (file: string): boolean => before.get(file) === after.get(file);
  const old = groupByApp(before, options.environments, same);
  const now = groupByApp(after, options.environments, same);
  const apps: AppDiff[] = [];
  for (const key of [...new Set([...old.keys(), ...now.keys()])].sort()) {
    const objects = diffObjects(old.get(key) ?? [], now.get(key) ?? []);
    if (objects.length > 0) {
      const [environment, app] = key.split('/');
      apps.push({ environment, app, objects });
    }
  }
  const charts: FileDiff[] = [];
  if (options.charts) {
    const isChart = (f: string): boolean => f.startsWith('charts/');
    const files = [...new Set([...before.keys(), ...after.keys()])].filter(isChart).sort();
    for (const file of files) {
      if (!after.has(file)) charts.push({ file, type: 'removed' });
      else if (!before.has(file)) charts.push({ file, type: 'added' });
      else if (before.get(file) !== after.get(file)) charts.push({ file, type: 'changed' });
    }
  }
  // Documents with content (an empty or comment-only one is not an object).
  let objectCount = [...now.values()].reduce((n, docs) => n + docs.filter((d) => d !== null && d !== undefined).length, 0);
  for (const [file, text] of after) {
    const at = appOf(file);
    if (at && (!options.environments || options.environments.includes(at[0])) && same(file)) objectCount += countDocuments(text);
  }
  return { apps, charts, objectCount };
}

/** Reads every file under `dir` as relative path (with `/`) → text; empty when `dir` does not exist. */
export function readOutput(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!fs.existsSync(dir)) return out;
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.set(path.relative(dir, p).split(path.sep).join('/'), fs.readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

/** Whether the diff found anything. */
export function hasDifferences(diff: OutputDiff): boolean {
  return diff.apps.length > 0 || diff.charts.length > 0;
}
