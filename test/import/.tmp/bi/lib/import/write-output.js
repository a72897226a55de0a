"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.writeIfChanged = writeIfChanged;
/** Writes generated files: atomically, and only when the bytes differ. */
const fs_1 = require("fs");
const path_1 = require("path");
function writeIfChanged(file, text) {
    try {
        if ((0, fs_1.readFileSync)(file, 'utf8') === text) {
            return 'unchanged';
        }
    }
    catch {
        // missing: write it
    }
    (0, fs_1.mkdirSync)((0, path_1.dirname)(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    (0, fs_1.writeFileSync)(tmp, text);
    (0, fs_1.renameSync)(tmp, file);
    return 'written';
}
