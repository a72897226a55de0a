"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.readGroupState = readGroupState;
exports.writeGroupState = writeGroupState;
exports.readIndex = readIndex;
exports.writeIndex = writeIndex;
/**
 * State kept next to generated CRD modules, in `<outDir>/.berth-import/`:
 *  - `<group>.json`: the CRDs a group module was generated from (so that a later import of
 *    another file of the same group merges with them instead of overwriting);
 *  - `index.json`: for each input (name + content + runtime + generator), the modules it
 *    produced with their hashes and its notes, so an unchanged re-import parses no YAML.
 */
const fs_1 = require("fs");
const path_1 = require("path");
const write_output_1 = require("./write-output");
const STATE_DIR = '.berth-import';
function readGroupState(outDir, group) {
    const data = readJson((0, path_1.join)(outDir, STATE_DIR, `${group}.json`));
    const entries = data && Array.isArray(data.entries) ? data.entries : [];
    return { entries };
}
function writeGroupState(outDir, group, state) {
    (0, write_output_1.writeIfChanged)((0, path_1.join)(outDir, STATE_DIR, `${group}.json`), JSON.stringify(state) + '\n');
}
function readIndex(outDir) {
    const data = readJson((0, path_1.join)(outDir, STATE_DIR, 'index.json'));
    return data && typeof data === 'object' && !Array.isArray(data) ? data : {};
}
function writeIndex(outDir, index) {
    const sorted = {};
    for (const k of Object.keys(index).sort())
        sorted[k] = index[k];
    (0, write_output_1.writeIfChanged)((0, path_1.join)(outDir, STATE_DIR, 'index.json'), JSON.stringify(sorted, null, 1) + '\n');
}
function readJson(file) {
    try {
        return JSON.parse((0, fs_1.readFileSync)(file, 'utf8'));
    }
    catch {
        return undefined;
    }
}
