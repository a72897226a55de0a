import * as fs from 'fs';
import * as path from 'path';
import type { Document, LineCounter, Scalar } from 'yaml';
import { KubeObject, ManifestRecord, YamlReading } from '../model/manifest';
import { child } from '../model/field-path';
import { readCanonicalDocuments } from '../yaml/canonical-yaml';
import { yamlLibrary } from '../yaml/yaml-library';
import { isRecord } from '../model/is-record';
import { clipped } from './finding';

/** Input that cannot be validated at all (unreadable file, YAML syntax error). */
export class UnusableInput extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'UnusableInput';
  }
}

/**
 * Parses a multi-document YAML text the way kubectl reads it (YAML 1.1 scalars: `yes` is a
 * boolean, `0644` is octal; duplicate keys are errors; timestamps stay strings). Empty documents
 * are skipped; `kind: List` documents are expanded into their items.
 *
 * @throws UnusableInput with the file and line of the first syntax error.
 */
export function parseManifests(text: string, file: string): ManifestRecord[] {
  // A file Berth wrote, or a stream of documents in its layout (cdk8s and js-yaml write it
  // too), is read fast, and reads alike in YAML 1.1 and 1.2: nothing to remark.
  const canonical = readCanonicalDocuments(text);
  if (canonical !== undefined) return canonical.flatMap((doc) => listItems(doc) ?? [doc]).map((item) => recordOf(file, item));
  const Y = yamlLibrary();
  const lineCounter = new Y.LineCounter();
  const docs = Y.parseAllDocuments(text, {
    lineCounter,
    version: '1.1',
    uniqueKeys: true,
    customTags: (tags) => tags
      .filter((t) => !(typeof t === 'object' && (t.tag === 'tag:yaml.org,2002:timestamp' || t.format === 'TIME')))
      .map((t) => (typeof t === 'object' && t.tag === BINARY_TAG ? binaryAsKubectlReadsIt : t)),
  });
  const list = Array.isArray(docs) ? docs : [docs];
  const records: ManifestRecord[] = [];
  for (const doc of list) {
    const err = doc.errors[0];
    if (err) {
      const line = err.linePos?.[0]?.line;
      const col = err.linePos?.[0]?.col;
      throw new UnusableInput(`${file}${line ? `:${line}${col ? `:${col}` : ''}` : ''}: YAML syntax error: ${err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`);
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      throw new UnusableInput(`${file}${placeOf(doc, lineCounter)}: cannot read YAML: ${(e as Error).message}`);
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
  return isRecord(value) && value.kind === 'List' && Array.isArray(value.items) ? value.items as unknown[] : undefined;
}

/** An object read from `file`: no environment, app or construct. */
function recordOf(file: string, object: unknown): ManifestRecord {
  return { environment: '', app: '', constructPath: '', file, object: object as KubeObject, waivers: [], dependsOn: [] };
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
function readingOf(node: Scalar, isKey: boolean): ({ readonly source: string; readonly note: string } & Pick<YamlReading, 'binary'>) | undefined {
  const source = node.source;
  const v = node.value;
  if (typeof source !== 'string') return undefined;
  let as: string | undefined;
  if (node.tag === BINARY_TAG && typeof v === 'string') {
    const note = `written !!binary ${clipped(source.replace(/\s/g, ''))}, which YAML readers such as kubectl decode: they read the text ${JSON.stringify(clipped(v))}`;
    return { source, note, binary: { hint: 'Remove the !!binary tag: Kubernetes wants the base64 text itself (in data and binaryData).' } };
  }
  if (typeof v === 'boolean' && !/^(?:true|false)$/i.test(source)) as = `the boolean ${v}`;
  else if (typeof v === 'number' && (!DECIMAL.test(source) || /^[-+]?0[0-9]/.test(source) || (Number.isInteger(v) && !Number.isSafeInteger(v)))) as = `the number ${v}`;
  else if (isKey && (typeof v === 'number' || typeof v === 'boolean' || v === null)) as = v === null ? 'null (the key "null")' : `${typeof v === 'number' ? 'the number' : 'the boolean'} ${String(v)}`;
  if (as === undefined) return undefined;
  const what = isKey ? 'the key is written' : 'written';
  // Go reads such an integer exactly; JavaScript cannot, so Berth checked an approximation.
  if (typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v) && DECIMAL.test(source)) {
    return { source, note: `${what} ${source}, more digits than Berth reads exactly; it checked ${v}` };
  }
  return { source, note: `${what} ${source}, which YAML 1.1 readers such as kubectl read as ${as}` };
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
    out.set(at, key ? { keySource: key.keySource, valueSource: r.source, note: `${key.note}; the value is ${r.note}`, ...binary } : { valueSource: r.source, note: r.note, ...binary });
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

/**
 * The YAML files of `dir`, recursively, sorted; `kustomization.yaml` files are skipped, and so
 * are Helm charts (folders with a `Chart.yaml`): their templates are not YAML until rendered.
 * The charts skipped are added to `skippedCharts`.
 */
export function yamlFilesIn(dir: string, skippedCharts: string[] = []): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    const entries = fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (entries.some((e) => e.isFile() && e.name === 'Chart.yaml')) {
      skippedCharts.push(d);
      return;
    }
    for (const entry of entries) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(entry.name) && !/^kustomization\.ya?ml$/.test(entry.name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/**
 * Reads the manifests of a file or a folder (Helm charts in it are skipped and added to
 * `skippedCharts`). @throws UnusableInput
 */
export function readManifests(target: string, skippedCharts: string[] = []): ManifestRecord[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch (e) {
    throw new UnusableInput(`${target}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const files = stat.isDirectory() ? yamlFilesIn(target, skippedCharts) : [target];
  return files.flatMap((f) => {
    let text: string;
    try {
      text = fs.readFileSync(f, 'utf8');
    } catch (e) {
      throw new UnusableInput(`${f}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    return parseManifests(text, f);
  });
}
