import * as fs from 'fs';
import * as path from 'path';
import { diffObjects, isKubeObject, ObjectDiff, objectKey, refOf } from './diff-objects';
import { diffFiles, FileDiff, ignoredAtTop } from './diff-files';
import { yamlLibrary } from '../yaml/yaml-library';
import { readCanonicalDocuments } from '../yaml/canonical-yaml';
import { compareStrings } from '../model/compare-strings';
import { pushTo } from '../model/push-to';

/** The differences of one app in one environment (`dist/<environment>/<app>/`). */
export interface AppDiff {
  readonly environment: string;
  readonly app: string;
  readonly objects: readonly ObjectDiff[];
}

/** How a new output differs from the old one. */
export interface OutputDiff {
  /** The apps that differ, sorted by environment then app. */
  readonly apps: readonly AppDiff[];
  /** Chart files that differ (only when asked for). */
  readonly charts: readonly FileDiff[];
  /**
   * The other files that differ: missing, extra or changed, compared as text (kustomization
   * files, Argo CD Applications, anything synth does not write), and object files whose
   * difference the objects do not show (the same objects in other text, a file of no objects).
   */
  readonly files: readonly FileDiff[];
  /** Objects compared, in the new output. */
  readonly objectCount: number;
}

/** Options of {@link diffOutputs}. */
export interface DiffOutputsOptions {
  /** Only these environments. @default - all */
  readonly environments?: readonly string[];
  /** Also compare `charts/` (as text). @default false */
  readonly charts?: boolean;
  /** Entries of the old output that are not regular files (links, ...): each is a file difference. */
  readonly others?: readonly string[];
}

/** Top folders of the output that are not environments. */
const NOT_ENVIRONMENTS = new Set(['charts', 'argocd']);

/** `[environment, app]` of a plain output file `<env>/<app>/<file>.yaml`, else undefined. */
function appOf(file: string): [string, string] | undefined {
  const parts = file.split('/');
  if (
    parts.length !== 3 ||
    NOT_ENVIRONMENTS.has(parts[0]) ||
    ignoredAtTop(parts[0]) ||
    !/\.ya?ml$/.test(parts[2]) ||
    parts[2] === 'kustomization.yaml'
  ) {
    return undefined;
  }
  return [parts[0], parts[1]];
}

function parseFile(file: string, text: string): unknown[] {
  // Berth's own files are read back fast; anything else by the full parser.
  const canonical = readCanonicalDocuments(text);
  if (canonical !== undefined) return canonical;
  return yamlLibrary()
    .parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length > 0) {
        throw new Error(`${file}: not valid YAML: ${doc.errors[0].message}`);
      }
      return doc.toJS() as unknown;
    });
}

/** The documents of the object files of `envs` (all when undefined) that `skip` does not name, by file. */
function objectFiles(
  files: ReadonlyMap<string, string>,
  envs: readonly string[] | undefined,
  skip: (file: string) => boolean,
): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  for (const [file, text] of files) {
    const at = appOf(file);
    if (at && (!envs || envs.includes(at[0])) && !skip(file)) out.set(file, parseFile(file, text));
  }
  return out;
}

/** The documents of each app (`<env>/<app>` → documents, files in path order). */
function byApp(docsByFile: ReadonlyMap<string, unknown[]>): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  for (const [key, files] of filesByApp(docsByFile.keys())) {
    out.set(
      key,
      files.flatMap((f) => docsByFile.get(f)!),
    );
  }
  return out;
}

/** The object files among `files` of `envs` (all when undefined) by app (`<env>/<app>`), each app's in path order, once each. */
function filesByApp(files: Iterable<string>, envs?: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const file of [...new Set(files)].sort(compareStrings)) {
    const at = appOf(file);
    if (at && (!envs || envs.includes(at[0]))) pushTo(out, `${at[0]}/${at[1]}`, file);
  }
  return out;
}

/** A `name:` line two spaces in: `metadata.name` where objects are written as the emitter writes them. */
const NAME_LINE = /^ {2}name: *(.*?) *$/gm;

/**
 * Whether `text` may hold an object named one of `names`: it has a `metadata.name` line (in
 * the emitter's layout, quoted or not) with one of them. A cheap look at a file not parsed.
 */
function mayHoldNames(text: string, names: ReadonlySet<string>): boolean {
  for (const m of text.matchAll(NAME_LINE)) {
    const v = m[1];
    if (names.has(/^(["']).*\1$/.test(v) ? v.slice(1, -1) : v)) return true;
  }
  return false;
}

/** `<env>/<app>` and object key of every object an app's diff shows (both names of a rename). */
function shownObjects(apps: readonly AppDiff[]): Set<string> {
  const out = new Set<string>();
  for (const a of apps) {
    for (const o of a.objects) {
      out.add(`${a.environment}/${a.app}\0${objectKey(o.ref)}`);
      if (o.type === 'renamed') out.add(`${a.environment}/${a.app}\0${objectKey(o.from)}`);
    }
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
 * `contents`, or {@link readOutput} of `dist/`). The objects of each `<environment>/<app>/`
 * folder are parsed and compared as data with {@link diffObjects}; every file of the part a
 * synth of these options replaces is also compared as a file (see {@link diffFiles}): one
 * missing, extra or changed is a difference.
 */
export function diffOutputs(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
  options: DiffOutputsOptions = {},
): OutputDiff {
  // A file with the same text on both sides holds the same objects: nothing to parse or compare
  // (a re-synth changes few files of thousands).
  const same = (file: string): boolean => before.get(file) === after.get(file);
  const oldFiles = objectFiles(before, options.environments, same);
  const newFiles = objectFiles(after, options.environments, same);
  const old = byApp(oldFiles);
  const now = byApp(newFiles);
  const apps: AppDiff[] = [];
  let sameFiles: Map<string, string[]> | undefined;
  for (const key of [...new Set([...old.keys(), ...now.keys()])].sort()) {
    let objects = diffObjects(old.get(key) ?? [], now.get(key) ?? []);
    // An object that seems removed (or added) may still be in a file of the same text on both
    // sides, not read, when one side holds it twice (a hand-made copy of a file in the output).
    // Such files are read and the app compared again. Synth never writes an object twice, and
    // the look for them is cheap (most diffs remove or add an object or two).
    const unmatched = new Set(
      objects.flatMap((o) =>
        o.type === 'changed' ? [] : o.type === 'renamed' ? [o.from.name, o.ref.name] : [o.ref.name],
      ),
    );
    if (unmatched.size > 0) {
      sameFiles ??= filesByApp([...after.keys()].filter(same), options.environments);
      const holding = (sameFiles.get(key) ?? []).filter((f) => mayHoldNames(after.get(f)!, unmatched));
      if (holding.length > 0) {
        const docs = holding.flatMap((f) => parseFile(f, after.get(f)!));
        objects = diffObjects([...(old.get(key) ?? []), ...docs], [...(now.get(key) ?? []), ...docs]);
      }
    }
    if (objects.length > 0) {
      const [environment, app] = key.split('/');
      apps.push({ environment, app, objects });
    }
  }
  const differing = diffFiles(before, after, options, options.others);
  const charts = differing.filter((f) => f.file.startsWith('charts/'));
  // An object file whose objects the diff shows (added, removed, changed, renamed) is not
  // listed again; one that differs as text only, or holds no object, is.
  const shown = shownObjects(apps);
  const explained = (f: FileDiff): boolean => {
    const at = appOf(f.file);
    if (!at || f.note) return false;
    const docs = [...(oldFiles.get(f.file) ?? []), ...(newFiles.get(f.file) ?? [])];
    return docs.some((d) => isKubeObject(d) && shown.has(`${at[0]}/${at[1]}\0${objectKey(refOf(d))}`));
  };
  const files = differing.filter((f) => !f.file.startsWith('charts/') && !explained(f));
  // Documents with content (an empty or comment-only one is not an object).
  let objectCount = [...now.values()].reduce(
    (n, docs) => n + docs.filter((d) => d !== null && d !== undefined).length,
    0,
  );
  for (const [file, text] of after) {
    const at = appOf(file);
    if (at && (!options.environments || options.environments.includes(at[0])) && same(file))
      objectCount += countDocuments(text);
  }
  return { apps, charts, files, objectCount };
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
  return diff.apps.length > 0 || diff.charts.length > 0 || diff.files.length > 0;
}
