/**
 * Reading the YAML an `Include` adds: a file or a folder of the project (a `kustomize build`
 * output the user commits, upstream manifests), each document an object with the file and line
 * it came from. Paths stay inside the project folder; YAML is read as kubectl reads it (YAML
 * 1.1 scalars, timestamps as strings, a repeated key is an error); every problem names the file
 * and line.
 */
import * as fs from 'fs';
import * as path from 'path';
import { filesInFolder } from '../io/folder-files';
import { utf8Text } from '../io/input-bytes';
import { yamlLibrary } from '../yaml/yaml-library';
import { parseYamlCached, ParsedYamlDocument } from '../yaml/parsed-yaml-cache';
import { FS_DISK_CACHE } from '../perf/speedups';

/** One object of the included YAML. */
export interface IncludedManifest {
  /** The file, relative to the project folder, `/`-separated. */
  readonly file: string;
  /** The 1-based line its document starts on. */
  readonly line: number;
  readonly object: Record<string, unknown> & {
    readonly apiVersion: string;
    readonly kind: string;
    readonly metadata: Record<string, unknown> & { readonly name: string; readonly namespace?: string };
  };
}

/** Why the input cannot be included: `where` is `file[:line[:col]]` or the path as given. */
export class IncludeInputError extends Error {
  constructor(
    readonly where: string,
    readonly reason: string,
    readonly hint: string,
  ) {
    super(`${where}: ${reason}`);
    this.name = 'IncludeInputError';
  }
}

/** The most one included file may hold. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** The project folder: the nearest folder at or above `from` holding `cdk8s.yaml`, else `from`. */
export function projectRoot(from: string = process.cwd()): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'cdk8s.yaml'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from);
  }
}

/** The objects of `paths` (files and folders, relative to `root`), in path order. */
export function readIncluded(root: string, paths: readonly string[]): IncludedManifest[] {
  const realRoot = fs.realpathSync(root);
  const out: IncludedManifest[] = [];
  for (const given of paths) {
    const full = path.resolve(root, given);
    const outside = (p: string, base: string): boolean => p !== base && !p.startsWith(base + path.sep);
    if (outside(full, path.resolve(root))) throw outsideError(given, realRoot);
    let real: string;
    try {
      real = fs.realpathSync(full);
    } catch {
      throw new IncludeInputError(
        given,
        `no such file or folder in the project (${root})`,
        'Fix the path: it is read from the project folder, the one holding cdk8s.yaml.',
      );
    }
    if (outside(real, realRoot)) throw outsideError(given, realRoot);
    const files = fs.statSync(real).isDirectory()
      ? filesInFolder(real, { wanted: (n) => /\.ya?ml$/.test(n), recursive: true }).files
      : [real];
    for (const file of files) out.push(...readFile(file, path.relative(realRoot, file).split(path.sep).join('/')));
  }
  return out;
}

function outsideError(given: string, realRoot: string): IncludeInputError {
  return new IncludeInputError(
    given,
    `outside the project folder ${realRoot}`,
    'Copy the YAML into the project (commit it) and include it from there: synth reads only files of the project.',
  );
}

function readFile(file: string, shown: string): IncludedManifest[] {
  const bytes = fs.readFileSync(file);
  if (bytes.length > MAX_FILE_BYTES)
    throw new IncludeInputError(
      shown,
      `larger than ${MAX_FILE_BYTES} bytes`,
      'Include a smaller file or a folder of smaller files.',
    );
  let text: string;
  try {
    text = utf8Text(bytes);
  } catch (e) {
    throw new IncludeInputError(shown, (e as Error).message, 'Save the file as UTF-8.');
  }
  const out: IncludedManifest[] = [];
  for (const { value, line } of parseYamlCached(
    'include/yaml-1.1',
    text,
    () => parseDocuments(text, shown),
    FS_DISK_CACHE,
  )) {
    const items =
      isMap(value) && value.kind === 'List' && Array.isArray(value.items) ? (value.items as unknown[]) : [value];
    for (const item of items) out.push({ file: shown, line, object: checkedObject(item, `${shown}:${line}`) });
  }
  return out;
}

/** The non-empty documents of `text`, read as kubectl reads them (YAML 1.1, no timestamps). */
function parseDocuments(text: string, shown: string): ParsedYamlDocument[] {
  const Y = yamlLibrary();
  const lineCounter = new Y.LineCounter();
  const docs = Y.parseAllDocuments(text, {
    version: '1.1',
    uniqueKeys: true,
    lineCounter,
    customTags: (tags) => tags.filter((t) => !(typeof t === 'object' && t.tag === 'tag:yaml.org,2002:timestamp')),
  });
  const out: ParsedYamlDocument[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    const err = doc.errors[0];
    if (err) {
      const { line, col } = lineCounter.linePos(err.pos[0]);
      throw new IncludeInputError(
        `${shown}:${line}:${col}`,
        `YAML error: ${err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
        'Fix the YAML of the file.',
      );
    }
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) continue;
    out.push({ value, line: lineCounter.linePos(doc.contents?.range?.[0] ?? 0).line });
  }
  return out;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkedObject(v: unknown, where: string): IncludedManifest['object'] {
  const fix = 'Each document must be a Kubernetes object with apiVersion, kind and metadata.name.';
  if (!isMap(v)) throw new IncludeInputError(where, 'not a Kubernetes object (a map)', fix);
  for (const key of ['apiVersion', 'kind'])
    if (typeof v[key] !== 'string' || v[key] === '')
      throw new IncludeInputError(where, `field ${key}: missing or not a string`, fix);
  const meta = v.metadata;
  if (!isMap(meta) || typeof meta.name !== 'string' || meta.name === '')
    throw new IncludeInputError(
      where,
      `${String(v.kind)}: field metadata.name: missing or not a string`,
      `${fix} (generateName is not supported: the object could not be found again.)`,
    );
  if (meta.namespace !== undefined && typeof meta.namespace !== 'string')
    throw new IncludeInputError(where, `${String(v.kind)} ${meta.name}: field metadata.namespace: not a string`, fix);
  return v as IncludedManifest['object'];
}
