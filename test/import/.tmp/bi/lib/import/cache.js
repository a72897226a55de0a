"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.GENERATOR_VERSION = void 0;
exports.generatorFingerprint = generatorFingerprint;
exports.hashLine = hashLine;
exports.inputsHash = inputsHash;
exports.readRecordedHash = readRecordedHash;
/**
 * The import cache: each generated file carries, on its second line, a hash of its inputs and
 * of the generator version. A file whose hash line matches is not regenerated.
 */
const fs_1 = require("fs");
const path_1 = require("path");
const canonical_json_1 = require("./canonical-json");
const package_root_1 = require("./package-root");
/** Bump when the generated code changes for the same inputs. */
exports.GENERATOR_VERSION = 'berth-import/1';
let fingerprint;
/**
 * The version plus a hash of the generator's code, so that changing the generator invalidates
 * the cache even when nobody bumps the version. The TypeScript sources (`<package>/lib/import`)
 * are hashed when present, so that ts-jest and the compiled build agree; otherwise the files of
 * this directory.
 */
function generatorFingerprint() {
    if (fingerprint === undefined) {
        const root = (0, package_root_1.findPackageRoot)(__dirname);
        const sources = root === undefined ? undefined : (0, path_1.join)(root, 'lib', 'import');
        const useSources = sources !== undefined && (0, fs_1.existsSync)((0, path_1.join)(sources, 'cache.ts'));
        const dir = useSources ? sources : __dirname;
        const pattern = useSources ? /\.ts$/ : /\.js$/;
        const files = (0, fs_1.readdirSync)(dir).filter((f) => pattern.test(f) && !f.endsWith('.d.ts')).sort();
        fingerprint = (0, canonical_json_1.sha256)([exports.GENERATOR_VERSION, ...files.map((f) => `${f}\n${(0, fs_1.readFileSync)((0, path_1.join)(dir, f), 'utf8')}`)].join('\n'));
    }
    return fingerprint;
}
const HASH_PREFIX = '// berth-import-hash: ';
function hashLine(hash) {
    return `${HASH_PREFIX}${hash}`;
}
/** The hash of a generated file's inputs: generator version plus the given parts. */
function inputsHash(parts) {
    return (0, canonical_json_1.sha256)([generatorFingerprint(), ...parts].join('\n'));
}
/** The hash recorded in the header of `file`, or undefined (missing file, no header). */
function readRecordedHash(file) {
    let fd;
    try {
        fd = (0, fs_1.openSync)(file, 'r');
    }
    catch {
        return undefined;
    }
    try {
        const buf = Buffer.alloc(16384);
        const n = (0, fs_1.readSync)(fd, buf, 0, buf.length, 0);
        const head = buf.subarray(0, n).toString('utf8');
        const lines = head.split('\n', 3);
        const line = lines.find((l) => l.startsWith(HASH_PREFIX));
        return line === undefined ? undefined : line.slice(HASH_PREFIX.length).trim();
    }
    finally {
        (0, fs_1.closeSync)(fd);
    }
}
