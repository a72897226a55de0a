/**
 * State kept next to generated CRD modules, in `<outDir>/.berth-import/`:
 *  - `<group>.json`: the CRDs a group module was generated from (so that a later import of
 *    another file of the same group merges with them instead of overwriting);
 *  - `index.json`: for each input (name + content + runtime + generator), the modules it
 *    produced with their hashes and its notes, so an unchanged re-import parses no YAML.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { CrdEntry } from './crd-to-ir';
import { writeIfChanged } from './write-output';

const STATE_DIR = '.berth-import';

export interface GroupState {
  readonly entries: CrdEntry[];
}

export interface IndexEntry {
  /** [group, module hash] of each module the input contributed to. */
  readonly modules: [string, string][];
  /** Notes reported when the input was parsed. */
  readonly notes: { readonly documentIndex?: number; readonly message: string }[];
}

export type ImportIndex = Record<string, IndexEntry>;

export function readGroupState(outDir: string, group: string): GroupState {
  const data = readJson(join(outDir, STATE_DIR, `${group}.json`));
  const entries = data && Array.isArray((data as GroupState).entries) ? (data as GroupState).entries : [];
  return { entries };
}

export function writeGroupState(outDir: string, group: string, state: GroupState): void {
  writeIfChanged(join(outDir, STATE_DIR, `${group}.json`), JSON.stringify(state) + '\n');
}

export function readIndex(outDir: string): ImportIndex {
  const data = readJson(join(outDir, STATE_DIR, 'index.json'));
  return data && typeof data === 'object' && !Array.isArray(data) ? (data as ImportIndex) : {};
}

export function writeIndex(outDir: string, index: ImportIndex): void {
  const sorted: ImportIndex = {};
  for (const k of Object.keys(index).sort()) sorted[k] = index[k];
  writeIfChanged(join(outDir, STATE_DIR, 'index.json'), JSON.stringify(sorted, null, 1) + '\n');
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
