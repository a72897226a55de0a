"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.findPackageRoot = findPackageRoot;
exports.defaultK8sSchemaFile = defaultK8sSchemaFile;
/** Locates the berth package root (the directory whose package.json is named `berth`). */
const fs_1 = require("fs");
const path_1 = require("path");
function findPackageRoot(start = __dirname) {
    let dir = start;
    for (;;) {
        const pkg = (0, path_1.join)(dir, 'package.json');
        if ((0, fs_1.existsSync)(pkg)) {
            try {
                if (JSON.parse((0, fs_1.readFileSync)(pkg, 'utf8')).name === 'berth') {
                    return dir;
                }
            }
            catch {
                // not a readable package.json: keep walking up
            }
        }
        const parent = (0, path_1.dirname)(dir);
        if (parent === dir)
            return undefined;
        dir = parent;
    }
}
/** The Kubernetes definitions shipped with berth (`schemas/k8s/v1.33.0/_definitions.json`). */
function defaultK8sSchemaFile() {
    const root = findPackageRoot();
    return root === undefined ? undefined : (0, path_1.join)(root, 'schemas', 'k8s', 'v1.33.0', '_definitions.json');
}
