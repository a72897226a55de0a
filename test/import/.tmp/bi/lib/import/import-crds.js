"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.importCrds = importCrds;
/** `berth import FILE_OR_DIR...`: CRDs → one module per API group. */
const path_1 = require("path");
const cache_1 = require("./cache");
const canonical_json_1 = require("./canonical-json");
const crd_to_ir_1 = require("./crd-to-ir");
const diagnostics_1 = require("./diagnostics");
const emit_1 = require("./emit");
const import_state_1 = require("./import-state");
const parse_crds_1 = require("./parse-crds");
const read_inputs_1 = require("./read-inputs");
const result_1 = require("./result");
const write_output_1 = require("./write-output");
function importCrds(opts) {
    const runtimeModule = opts.runtimeModule ?? result_1.DEFAULT_RUNTIME_MODULE;
    const read = (0, read_inputs_1.readInputs)(opts.inputs, opts.stdinText);
    const diagnostics = [...read.diagnostics];
    const result = { written: [], unchanged: [], diagnostics };
    if ((0, diagnostics_1.hasErrors)(diagnostics)) {
        return result;
    }
    const keyOf = (input) => (0, cache_1.inputsHash)([runtimeModule, input.name, (0, canonical_json_1.sha256)(input.text)]);
    const index = (0, import_state_1.readIndex)(opts.outDir);
    if (upToDate(opts.outDir, read.inputs.map(keyOf), index)) {
        for (const input of read.inputs) {
            for (const n of index[keyOf(input)].notes)
                diagnostics.push({ severity: 'note', file: input.name, ...n });
        }
        const modules = new Set(read.inputs.flatMap((i) => index[keyOf(i)].modules.map(([g]) => moduleFile(opts.outDir, g))));
        result.unchanged.push(...[...modules].sort());
        return result;
    }
    const found = [];
    for (const input of read.inputs) {
        const parsed = (0, parse_crds_1.parseCrds)(input);
        found.push(...parsed.crds);
        diagnostics.push(...parsed.diagnostics);
    }
    checkDuplicates(found, diagnostics);
    if ((0, diagnostics_1.hasErrors)(diagnostics)) {
        return result;
    }
    const byGroup = new Map();
    for (const c of found)
        byGroup.set(c.group, [...(byGroup.get(c.group) ?? []), c]);
    const moduleHashes = new Map();
    for (const group of [...byGroup.keys()].sort()) {
        const fresh = byGroup.get(group);
        const freshKinds = new Set(fresh.map((c) => c.kind));
        const previous = (0, import_state_1.readGroupState)(opts.outDir, group).entries.filter((e) => !freshKinds.has((0, crd_to_ir_1.kindOf)(e.crd)));
        const entries = [...previous, ...fresh.map((c) => ({ source: c.file, crd: c.crd }))]
            .sort((a, b) => ((0, crd_to_ir_1.kindOf)(a.crd) < (0, crd_to_ir_1.kindOf)(b.crd) ? -1 : 1));
        const hash = (0, cache_1.inputsHash)([runtimeModule, group, (0, canonical_json_1.canonicalJson)(entries)]);
        moduleHashes.set(group, hash);
        const file = moduleFile(opts.outDir, group);
        if ((0, cache_1.readRecordedHash)(file) === hash) {
            result.unchanged.push(file);
        }
        else {
            const text = (0, emit_1.emitModule)((0, crd_to_ir_1.crdModuleIR)(group, entries, runtimeModule), (0, cache_1.hashLine)(hash));
            ((0, write_output_1.writeIfChanged)(file, text) === 'written' ? result.written : result.unchanged).push(file);
        }
        (0, import_state_1.writeGroupState)(opts.outDir, group, { entries });
    }
    const nextIndex = { ...index };
    for (const input of read.inputs) {
        const groups = [...new Set(found.filter((c) => c.file === input.name).map((c) => c.group))].sort();
        const notes = diagnostics.filter((d) => d.file === input.name && d.severity === 'note')
            .map((d) => (d.documentIndex === undefined ? { message: d.message } : { documentIndex: d.documentIndex, message: d.message }));
        nextIndex[keyOf(input)] = { modules: groups.map((g) => [g, moduleHashes.get(g)]), notes };
    }
    (0, import_state_1.writeIndex)(opts.outDir, nextIndex);
    return result;
}
function moduleFile(outDir, group) {
    return (0, path_1.join)(outDir, `${group}.ts`);
}
/** Whether every input was imported before and the modules it produced are still in place. */
function upToDate(outDir, keys, index) {
    if (keys.length === 0)
        return false;
    for (const key of keys) {
        const entry = index[key];
        if (!entry || !Array.isArray(entry.modules) || !Array.isArray(entry.notes))
            return false;
        for (const [group, hash] of entry.modules) {
            if ((0, cache_1.readRecordedHash)(moduleFile(outDir, group)) !== hash)
                return false;
        }
    }
    return true;
}
function checkDuplicates(found, diagnostics) {
    const first = new Map();
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
        }
        else {
            first.set(key, c);
        }
    }
}
