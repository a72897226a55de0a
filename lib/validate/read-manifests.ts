import * as fs from 'fs';
import type { Document, LineCounter, Scalar } from 'yaml';
import { KubeObject, ManifestRecord, YamlReading } from '../model/manifest';
import { child } from '../model/field-path';
import { readCanonicalDocuments } from '../yaml/canonical-yaml';
import { yamlLibrary } from '../yaml/yaml-library';
import { isRecord } from '../model/is-record';
import { waiversFromAnnotations } from '../model/waiver-annotations';
import { clipped } from './finding';
import { filesInFolder, SkippedEntry } from '../io/folder-files';
import { InputTooLarge, limitFor, NotUtf8, readFileCapped, utf8Text } from '../io/input-bytes';
import { firstNodeProblem } from '../yaml/node-checks';
import { documentOver, documentOverMessage } from './document-size';

/** Input that cannot be validated at all (unreadable file, YAML syntax error), and how to mend it. */
export class UnusableInput extends Error {
  public constructor(
    message: string,
    public readonly hint?: string,
  ) {
    super(message);
    this.name = 'UnusableInput';
  }
}

/** How large an input `berth validate` reads. */
export interface InputLimits {
  /** The most a file or stream may hold (`--max-input-size`). */
  readonly fileBytes: number;
  /** The most one YAML document may hold, when the yaml package reads it (`--max-document-size`). */
  readonly documentBytes: number;
}

/**
 * 64 MiB a file or stream, 8 MiB a document: validation holds about ten times a stream of
 * documents in memory (376 MiB for 60 MiB, bench/limits.md), and up to about 90 times its
 * largest document (the yaml package's syntax tree of it: 724 MiB for a ConfigMap of 7.9 MiB),
 * so either stays under a gigabyte; past that, V8 ran out of memory (a 200 MB stream, after
 * three minutes).
 */
export const DEFAULT_LIMITS: InputLimits = { fileBytes: 64 * 1024 * 1024, documentBytes: 8 * 1024 * 1024 };

/**
 * Parses a multi-document YAML text the way kubectl reads it (YAML 1.1 scalars: `yes` is a
 * boolean, `0644` is octal; duplicate keys are errors; timestamps stay strings). Empty documents
 * are skipped; `kind: List` documents are expanded into their items.
 *
 * Documents are composed one at a time, each turned into plain data before the next is read,
 * so that only one document's syntax tree is held at a time (a 20 MB stream held them all: 671
 * MiB of memory, now 193 MiB).
 *
 * @throws UnusableInput with the file and line of the first syntax error.
 */
export function parseManifests(
  text: string,
  file: string,
  maxDocumentBytes = DEFAULT_LIMITS.documentBytes,
): ManifestRecord[] {
  // A file Berth wrote, or a stream of documents in its layout (cdk8s and js-yaml write it
  // too), is read fast, and reads alike in YAML 1.1 and 1.2: nothing to remark.
  const canonical = readCanonicalDocuments(text);
  if (canonical !== undefined)
    return canonical.flatMap((doc) => listItems(doc) ?? [doc]).map((item) => recordOf(file, item));
  const large = documentOver(text, maxDocumentBytes);
  if (large) {
    const { message, hint } = documentOverMessage(file, large, maxDocumentBytes);
    throw new UnusableInput(message, hint);
  }
  const Y = yamlLibrary();
  const lineCounter = new Y.LineCounter();
  const parser = new Y.Parser(lineCounter.addNewLine);
  const composer = new Y.Composer({
    version: '1.1',
    // Repeated keys are found by firstNodeProblem, in linear time (the package's check is quadratic).
    uniqueKeys: false,
    customTags: (tags) =>
      tags
        .filter((t) => !(typeof t === 'object' && (t.tag === 'tag:yaml.org,2002:timestamp' || t.format === 'TIME')))
        .map((t) => (typeof t === 'object' && t.tag === BINARY_TAG ? binaryAsKubectlReadsIt : t)),
  });
  const records: ManifestRecord[] = [];
  for (const doc of composer.compose(parser.parse(text))) {
    const err = doc.errors[0];
    if (err) {
      const { line, col } = lineCounter.linePos(err.pos[0]);
      throw new UnusableInput(`${file}:${line}:${col}: YAML syntax error: ${clipped(err.message.split('\n')[0], 120)}`);
    }
    const problem = firstNodeProblem(doc.contents);
    if (problem) {
      const { line, col } = lineCounter.linePos(problem.at);
      throw new UnusableInput(`${file}:${line}:${col}: ${problem.message}`, problem.hint);
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      throw new UnusableInput(
        `${file}${placeOf(doc, lineCounter)}: cannot read YAML: ${clipped((e as Error).message, 120)}`,
      );
    }
    if (value === null || value === undefined) continue;
    const list = listItems(value);
    // The nodes the items were read from, for what YAML 1.1 read differently from the text.
    const itemNodes: unknown = list && Y.isMap(doc.contents) ? doc.contents.get('items', true) : doc.contents;
    (list ?? [value]).forEach((item, i) => {
      const node = list ? (Y.isSeq(itemNodes) ? itemNodes.items[i] : undefined) : itemNodes;
      const readAs = new Map<string, YamlReading>();
      if (node) collectReadings(node, '', readAs);
      const record = recordOf(file, item);
      records.push(readAs.size > 0 ? { ...record, readAs } : record);
    });
  }
  return records;
}

const BINARY_TAG = 'tag:yaml.org,2002:binary';

/**
 * `!!binary`, read as kubectl reads it: its base64 decoded, the bytes taken as a string (Go's
 * YAML reader does so, and its JSON turns bytes that are not UTF-8 into U+FFFD, as
 * TextDecoder does), not as a byte array no Kubernetes field holds.
 */
const binaryAsKubectlReadsIt = {
  tag: BINARY_TAG,
  resolve: (src: string): string => new TextDecoder().decode(Buffer.from(src.replace(/\s/g, ''), 'base64')),
};

/** The items of a `kind: List` document (kubectl expands them), else undefined. */
function listItems(value: unknown): unknown[] | undefined {
  return isRecord(value) && value.kind === 'List' && Array.isArray(value.items)
    ? (value.items as unknown[])
    : undefined;
}

/** An object read from `file`: no environment, app or construct. */
function recordOf(file: string, object: unknown): ManifestRecord {
  return {
    environment: '',
    app: '',
    constructPath: '',
    file,
    object: object as KubeObject,
    // The waivers synth wrote on the object travel with it (model/waiver-annotations).
    waivers: waiversFromAnnotations(object, file),
    dependsOn: [],
  };
}

/** `:line:col` of the first alias of `doc` that names no anchor before it, or ``. */
function placeOf(doc: Document, lineCounter: LineCounter): string {
  let at: number | undefined;
  yamlLibrary().visit(doc, {
    Alias(_key, node) {
      if (node.resolve(doc) !== undefined || !node.range) return undefined;
      at = node.range[0];
      return yamlLibrary().visit.BREAK;
    },
  });
  if (at === undefined) return '';
  const { line, col } = lineCounter.linePos(at);
  return `:${line}:${col}`;
}

/** A plain decimal number: what every YAML version reads as that number. */
const DECIMAL = /^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$/;

/** What a scalar reads as under YAML 1.1 when that is not what its text says (`the number 511`), else undefined. */
function readingOf(
  node: Scalar,
  isKey: boolean,
): ({ readonly source: string; readonly note: string } & Pick<YamlReading, 'binary'>) | undefined {
  const source = node.source;
  const v = node.value;
  if (typeof source !== 'string') return undefined;
  let as: string | undefined;
  if (node.tag === BINARY_TAG && typeof v === 'string') {
    const note = `written !!binary ${clipped(source.replace(/\s/g, ''))}, which YAML readers such as kubectl decode: they read the text ${JSON.stringify(clipped(v))}`;
    return {
      source,
      note,
      binary: { hint: 'Remove the !!binary tag: Kubernetes wants the base64 text itself (in data and binaryData).' },
    };
  }
  if (typeof v === 'boolean' && !/^(?:true|false)$/i.test(source)) as = `the boolean ${v}`;
  else if (
    typeof v === 'number' &&
    (!DECIMAL.test(source) || /^[-+]?0[0-9]/.test(source) || (Number.isInteger(v) && !Number.isSafeInteger(v)))
  )
    as = `the number ${v}`;
  else if (isKey && (typeof v === 'number' || typeof v === 'boolean' || v === null))
    as = v === null ? 'null (the key "null")' : `${typeof v === 'number' ? 'the number' : 'the boolean'} ${String(v)}`;
  if (as === undefined) return undefined;
  const what = isKey ? 'the key is written' : 'written';
  // Go reads such an integer exactly; JavaScript cannot, so Berth checked an approximation.
  if (typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v) && DECIMAL.test(source)) {
    return { source, note: `${what} ${clipped(source)}, more digits than Berth reads exactly; it checked ${v}` };
  }
  return { source, note: `${what} ${clipped(source)}, which YAML 1.1 readers such as kubectl read as ${as}` };
}

/** Records, by field path, the keys and values under `node` that YAML 1.1 reads differently from their text. */
function collectReadings(node: unknown, at: string, out: Map<string, YamlReading>): void {
  const Y = yamlLibrary();
  if (Y.isScalar(node)) {
    const r = readingOf(node, false);
    if (!r || at === '') return;
    // Both the key and the value of a field may read differently (`n: 0777`): say both.
    const key = out.get(at);
    const binary = r.binary !== undefined ? { binary: r.binary } : {};
    out.set(
      at,
      key
        ? { keySource: key.keySource, valueSource: r.source, note: `${key.note}; the value is ${r.note}`, ...binary }
        : { valueSource: r.source, note: r.note, ...binary },
    );
    return;
  }
  if (Y.isSeq(node)) {
    node.items.forEach((item, i) => collectReadings(item, child(at, i), out));
    return;
  }
  if (!Y.isMap(node)) return;
  for (const pair of node.items) {
    const key = pair.key;
    // The key as toJS names the field (`n` → "false", `0777` → "511").
    const name = Y.isScalar(key) ? String(key.value) : undefined;
    if (name === undefined) continue;
    const field = child(at, name);
    const keyReading = Y.isScalar(key) ? readingOf(key, true) : undefined;
    if (keyReading) out.set(field, { keySource: keyReading.source, note: keyReading.note });
    collectReadings(pair.value, field, out);
  }
}

/** What reading a folder or file left out, for the command's notes. */
export interface ReadNotes {
  /** Helm charts (folders with a `Chart.yaml`) skipped: their templates are not YAML until rendered. */
  readonly charts: string[];
  /** Links out of the folder, broken links, pipes and devices that were not read. */
  readonly skipped: SkippedEntry[];
  /** The files read. */
  readonly files: string[];
}

/** Empty {@link ReadNotes}. */
export function readNotes(): ReadNotes {
  return { charts: [], skipped: [], files: [] };
}

/**
 * Reads the manifests of a file or a folder. A folder's YAML files are read recursively, in
 * path order; `kustomization.yaml` files are skipped, and so are Helm charts and symbolic links
 * leading out of the folder (both added to `notes`). A file given is read wherever it is, and
 * must be UTF-8. Each file and document may hold at most what `limits` say. @throws UnusableInput
 */
export function readManifests(
  target: string,
  notes: ReadNotes = readNotes(),
  limits = DEFAULT_LIMITS,
): ManifestRecord[] {
  let files = [target];
  try {
    if (fs.statSync(target).isDirectory()) {
      const found = filesInFolder(target, {
        recursive: true,
        wanted: (name) => /\.ya?ml$/.test(name) && !/^kustomization\.ya?ml$/.test(name),
        leaveOut: (entries) => entries.some((e) => e.isFile() && e.name === 'Chart.yaml'),
      });
      files = found.files;
      notes.charts.push(...found.leftOut);
      notes.skipped.push(...found.skipped);
    }
  } catch (e) {
    throw new UnusableInput(`${target}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  notes.files.push(...files);
  return files.flatMap((f) => parseManifests(inputText(readInput(f, limits.fileBytes), f), f, limits.documentBytes));
}

/** The bytes of the input file `file`. @throws UnusableInput */
function readInput(file: string, maxBytes: number): Buffer {
  try {
    return readFileCapped(file, maxBytes);
  } catch (e) {
    if (e instanceof InputTooLarge) throw tooLarge(file, e);
    throw new UnusableInput(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** The error for an input over the size limit. */
export function tooLarge(input: string, e: InputTooLarge): UnusableInput {
  return new UnusableInput(
    `${input}: ${e.message} for one file or stream`,
    `Split it into smaller files, or raise the limit: --max-input-size ${limitFor(e.size ?? 2 * e.limit)} (validation holds up to about ten times the input in memory).`,
  );
}

/** `bytes` of the input `input` as text. @throws UnusableInput when they are not UTF-8 */
export function inputText(bytes: Buffer, input: string): string {
  try {
    return utf8Text(bytes);
  } catch (e) {
    if (!(e instanceof NotUtf8)) throw e;
    const utf16 =
      bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
    throw new UnusableInput(
      `${input}: ${e.message}; kubectl refuses it too`,
      utf16
        ? 'It is UTF-16 (it starts with its byte order mark): convert it with iconv -f UTF-16 -t UTF-8.'
        : 'Save it as UTF-8 (iconv -f <its encoding> -t UTF-8), or remove the stray bytes.',
    );
  }
}
