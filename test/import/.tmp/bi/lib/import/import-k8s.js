"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.importK8s = importK8s;
/** `berth import k8s`: swagger definitions → `k8s.ts` + `k8s.schema.ts`. */
const fs_1 = require("fs");
const path_1 = require("path");
const cache_1 = require("./cache");
const canonical_json_1 = require("./canonical-json");
const display_path_1 = require("./display-path");
const emit_1 = require("./emit");
const emit_constant_module_1 = require("./emit-constant-module");
const k8s_to_ir_1 = require("./k8s-to-ir");
const normalize_1 = require("./normalize");
const result_1 = require("./result");
const write_output_1 = require("./write-output");
function importK8s(opts) {
    const runtimeModule = opts.runtimeModule ?? result_1.DEFAULT_RUNTIME_MODULE;
    const shown = (0, display_path_1.displayPath)(opts.schemaFile);
    const diagnostics = [];
    const result = { written: [], unchanged: [], diagnostics };
    let text;
    try {
        text = (0, fs_1.readFileSync)(opts.schemaFile, 'utf8');
    }
    catch (e) {
        diagnostics.push({ severity: 'error', file: shown, message: `cannot read the schema file: ${e.code ?? String(e)}` });
        return result;
    }
    const hash = (0, cache_1.inputsHash)([runtimeModule, shown, (0, canonical_json_1.sha256)(text)]);
    const outModule = (0, path_1.join)(opts.outDir, 'k8s.ts');
    const outSchema = (0, path_1.join)(opts.outDir, 'k8s.schema.ts');
    if ((0, cache_1.readRecordedHash)(outModule) === hash && (0, cache_1.readRecordedHash)(outSchema) === hash) {
        result.unchanged.push(outModule, outSchema);
        return result;
    }
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch (e) {
        diagnostics.push({ severity: 'error', file: shown, message: `not valid JSON: ${e.message}` });
        return result;
    }
    const definitions = (0, normalize_1.isObject)(parsed) && (0, normalize_1.isObject)(parsed.definitions) ? parsed.definitions : parsed;
    if (!(0, normalize_1.isObject)(definitions) || Object.keys(definitions).length === 0) {
        diagnostics.push({ severity: 'error', file: shown, message: 'expected a swagger document or its "definitions" map (an object of schemas)' });
        return result;
    }
    const ir = (0, k8s_to_ir_1.k8sModuleIR)(definitions, shown, runtimeModule);
    const files = [
        [outModule, (0, emit_1.emitModule)(ir, (0, cache_1.hashLine)(hash))],
        [outSchema, (0, emit_constant_module_1.emitConstantModule)('k8s.schema.ts', k8s_to_ir_1.K8S_SOURCE, [shown], (0, cache_1.hashLine)(hash), k8s_to_ir_1.K8S_SCHEMA_EXPORT, JSON.stringify(definitions))],
    ];
    for (const [file, content] of files) {
        ((0, write_output_1.writeIfChanged)(file, content) === 'written' ? result.written : result.unchanged).push(file);
    }
    return result;
}
