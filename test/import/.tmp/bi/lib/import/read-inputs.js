"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.readInputs = readInputs;
/** Reads the inputs of `berth import`: files, directories (their *.yaml / *.yml, sorted) and stdin. */
const fs_1 = require("fs");
const path_1 = require("path");
const display_path_1 = require("./display-path");
function readInputs(paths, stdinText) {
    const inputs = [];
    const diagnostics = [];
    const seen = new Set();
    const readOne = (file) => {
        const key = (0, path_1.resolve)(file);
        if (seen.has(key))
            return;
        seen.add(key);
        try {
            inputs.push({ name: (0, display_path_1.displayPath)(file), text: (0, fs_1.readFileSync)(file, 'utf8') });
        }
        catch (e) {
            diagnostics.push({ severity: 'error', file: (0, display_path_1.displayPath)(file), message: `cannot read the file: ${describeError(e)}` });
        }
    };
    if (paths.length === 0) {
        diagnostics.push({ severity: 'error', file: '<arguments>', message: 'no input given: pass CRD files, directories or - for standard input' });
    }
    for (const p of paths) {
        if (p === '-') {
            if (seen.has('-'))
                continue;
            seen.add('-');
            if (stdinText === undefined) {
                diagnostics.push({ severity: 'error', file: '<stdin>', message: 'standard input was requested (-) but none was provided' });
            }
            else {
                inputs.push({ name: '<stdin>', text: stdinText });
            }
            continue;
        }
        let isDir;
        try {
            isDir = (0, fs_1.statSync)(p).isDirectory();
        }
        catch (e) {
            diagnostics.push({ severity: 'error', file: (0, display_path_1.displayPath)(p), message: `cannot read the file: ${describeError(e)}` });
            continue;
        }
        if (!isDir) {
            readOne(p);
            continue;
        }
        const files = (0, fs_1.readdirSync)(p).filter((f) => /\.ya?ml$/i.test(f)).sort();
        if (files.length === 0) {
            diagnostics.push({ severity: 'error', file: (0, display_path_1.displayPath)(p), message: 'the directory holds no *.yaml or *.yml file' });
        }
        for (const f of files)
            readOne((0, path_1.join)(p, f));
    }
    return { inputs, diagnostics };
}
function describeError(e) {
    const err = e;
    if (err.code === 'ENOENT')
        return 'no such file or directory';
    if (err.code === 'EACCES')
        return 'permission denied';
    if (err.code === 'EISDIR')
        return 'is a directory';
    return err.code ?? String(err.message ?? e);
}
