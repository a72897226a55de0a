import * as fs from 'fs';
import * as path from 'path';
import { KubeObject, ManifestRecord } from '../synth/manifest';
import { yamlLibrary } from '../core/yaml-library';
import { isRecord } from '../core/is-record';

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
  const docs = yamlLibrary().parseAllDocuments(text, {
    version: '1.1',
    uniqueKeys: true,
    customTags: (tags) => tags.filter((t) => !(typeof t === 'object' && (t.tag === 'tag:yaml.org,2002:timestamp' || t.format === 'TIME'))),
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
      throw new UnusableInput(`${file}: cannot read YAML: ${(e as Error).message}`);
    }
    if (value === null || value === undefined) continue;
    const items = isRecord(value) && value.kind === 'List' && Array.isArray(value.items) ? value.items : [value];
    for (const item of items) {
      records.push({ environment: '', app: '', constructPath: '', file, object: item as KubeObject, waivers: [], dependsOn: [] });
    }
  }
  return records;
}

/** The YAML files of `dir`, recursively, sorted; `kustomization.yaml` files are skipped. */
export function yamlFilesIn(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(entry.name) && !/^kustomization\.ya?ml$/.test(entry.name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Reads the manifests of a file or a folder. @throws UnusableInput */
export function readManifests(target: string): ManifestRecord[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch (e) {
    throw new UnusableInput(`${target}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const files = stat.isDirectory() ? yamlFilesIn(target) : [target];
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
