"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.displayPath = displayPath;
const path_1 = require("path");
/** How an input is named in headers and messages: relative to the working directory when inside it. */
function displayPath(file) {
    if (file === '-')
        return '<stdin>';
    const rel = (0, path_1.relative)(process.cwd(), file);
    const shown = rel === '' || rel.startsWith('..') || (0, path_1.isAbsolute)(rel) ? file : rel;
    return shown.split(path_1.sep).join('/');
}
