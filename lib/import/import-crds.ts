/** `berth import FILE_OR_DIR...`: CRDs → one module per API group. */
import { join } from 'path';
import { pushTo } from '../model/push-to';
import { hashLine, inputsHash, readRecordedHash } from './cache';
import { canonicalJson, sha256 } from '../model/canonical-json';
import { CrdEntry, crdModuleIR, kindOf } from './crd-to-ir';
import { hasErrors, ImportDiagnostic } from './diagnostics';
import { emitModule } from './emit';
import { ImportIndex, readGroupState, readIndex, writeGroupState, writeIndex } from './import-state';
import { CrdSource, parseCrds } from './parse-crds';
import { DEFAULT_IMPORT_MAX_BYTES, InputText, readInputs } from './read-inputs';
import { DEFAULT_RUNTIME_MODULE, ImportOptions, ImportResult } from './result';
import { writeIfChanged } from './write-output';

/**
 * Imports the CRDs of `inputs` (files, directories, `-` for `stdinText`), each file holding at
 * most `maxInputBytes` (default {@link DEFAULT_IMPORT_MAX_BYTES}).
 */
export function importCrds(
  opts: ImportOptions & {
    readonly inputs: readonly string[];
    readonly stdinText?: string;
    readonly maxInputBytes?: number;
  },
): ImportResult {
  const runtimeModule = opts.runtimeModule ?? DEFAULT_RUNTIME_MODULE;
  const read = readInputs(opts.inputs, opts.stdinText, opts.maxInputBytes ?? DEFAULT_IMPORT_MAX_BYTES);
  const diagnostics: ImportDiagnostic[] = [...read.diagnostics];
  const result: ImportResult = { written: [], unchanged: [], diagnostics };
  if (hasErrors(diagnostics)) {
    return result;
  }
  const keyOf = (input: InputText): string => inputsHash([runtimeModule, input.name, sha256(input.text)]);
  const index = readIndex(opts.outDir);
  if (upToDate(opts.outDir, read.inputs.map(keyOf), index)) {
    for (const input of read.inputs) {
      for (const n of index[keyOf(input)].notes) diagnostics.push({ severity: 'note', file: input.name, ...n });
    }
    const modules = new Set(
      read.inputs.flatMap((i) => index[keyOf(i)].modules.map(([g]) => moduleFile(opts.outDir, g))),
    );
    result.unchanged.push(...[...modules].sort());
    return result;
  }

  const found: CrdSource[] = [];
  for (const input of read.inputs) {
    const parsed = parseCrds(input);
    found.push(...parsed.crds);
    diagnostics.push(...parsed.diagnostics);
  }
  checkDuplicates(found, diagnostics);
  // Errors, or no CRD at all (the caller says so): nothing is written, not even the index.
  if (hasErrors(diagnostics) || found.length === 0) {
    return result;
  }

  const byGroup = new Map<string, CrdSource[]>();
  for (const c of found) pushTo(byGroup, c.group, c);
  const moduleHashes = new Map<string, string>();
  for (const group of [...byGroup.keys()].sort()) {
    const fresh = byGroup.get(group) as CrdSource[];
    const freshKinds = new Set(fresh.map((c) => c.kind));
    const previous = readGroupState(opts.outDir, group).entries.filter((e) => !freshKinds.has(kindOf(e.crd)));
    const entries: CrdEntry[] = [...previous, ...fresh.map((c) => ({ source: c.file, crd: c.crd }))].sort((a, b) =>
      kindOf(a.crd) < kindOf(b.crd) ? -1 : 1,
    );
    const hash = inputsHash([runtimeModule, String(opts.shipped === true), group, canonicalJson(entries)]);
    moduleHashes.set(group, hash);
    const file = moduleFile(opts.outDir, group);
    if (readRecordedHash(file) === hash) {
      result.unchanged.push(file);
    } else {
      const text = emitModule({ ...crdModuleIR(group, entries, runtimeModule), shipped: opts.shipped }, hashLine(hash));
      (writeIfChanged(file, text) === 'written' ? result.written : result.unchanged).push(file);
    }
    writeGroupState(opts.outDir, group, { entries });
  }

  const nextIndex: ImportIndex = { ...index };
  for (const input of read.inputs) {
    const groups = [...new Set(found.filter((c) => c.file === input.name).map((c) => c.group))].sort();
    const notes = diagnostics
      .filter((d) => d.file === input.name && d.severity === 'note')
      .map((d) =>
        d.documentIndex === undefined ? { message: d.message } : { documentIndex: d.documentIndex, message: d.message },
      );
    nextIndex[keyOf(input)] = { modules: groups.map((g) => [g, moduleHashes.get(g) as string]), notes };
  }
  writeIndex(opts.outDir, nextIndex);
  return result;
}

function moduleFile(outDir: string, group: string): string {
  return join(outDir, `${group}.ts`);
}

/** Whether every input was imported before and the modules it produced are still in place. */
function upToDate(outDir: string, keys: readonly string[], index: ImportIndex): boolean {
  if (keys.length === 0) return false;
  for (const key of keys) {
    const entry = index[key];
    if (!entry || !Array.isArray(entry.modules) || !Array.isArray(entry.notes)) return false;
    for (const [group, hash] of entry.modules) {
      if (readRecordedHash(moduleFile(outDir, group)) !== hash) return false;
    }
  }
  return true;
}

function checkDuplicates(found: readonly CrdSource[], diagnostics: ImportDiagnostic[]): void {
  const first = new Map<string, CrdSource>();
  for (const c of found) {
    const key = `${c.group}/${c.kind}`;
    const prev = first.get(key);
    if (prev) {
      diagnostics.push({
        severity: 'error',
        file: c.file,
        documentIndex: c.documentIndex,
        message: `group ${c.group} kind ${c.kind} is already defined by ${prev.file}#${prev.documentIndex}`,
      });
    } else {
      first.set(key, c);
    }
  }
}
