"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.USAGE = void 0;
exports.runImportCommand = runImportCommand;
/**
 * The `berth import` command line:
 *   import k8s [--schema FILE] [--output DIR]
 *   import FILE_OR_DIR... [--output DIR]      ('-' reads standard input)
 * Exit code 0 when everything was imported, 1 on errors (printed as `file[#doc]: message`),
 * 2 on bad usage. Never prints a stack trace.
 */
const diagnostics_1 = require("./diagnostics");
const import_crds_1 = require("./import-crds");
const import_k8s_1 = require("./import-k8s");
const package_root_1 = require("./package-root");
exports.USAGE = [
    'Usage:',
    '  berth import k8s [--schema FILE] [--output DIR]   Kubernetes API types from swagger definitions',
    '  berth import FILE_OR_DIR... [--output DIR]        CRD YAML files (- reads standard input)',
    '',
    'Options:',
    '  --output, -o DIR   where to write the modules (default: imports)',
    '  --schema FILE      swagger definitions for `import k8s` (default: the bundled v1.33.0)',
    '  --runtime MODULE   module the generated code imports the runtime from (default: berth)',
].join('\n');
function parseArgs(args) {
    const positional = [];
    let output = 'imports';
    let schema;
    let runtime;
    let help = false;
    for (let i = 0; i < args.length; i++) {
        const a = args[i];
        const value = () => {
            const eq = a.indexOf('=');
            if (a.startsWith('--') && eq > 0)
                return a.slice(eq + 1);
            i++;
            return args[i];
        };
        const name = a.startsWith('--') && a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
        if (name === '--output' || name === '-o') {
            const v = value();
            if (v === undefined || v === '')
                return `${name} needs a directory`;
            output = v;
        }
        else if (name === '--schema') {
            const v = value();
            if (v === undefined || v === '')
                return '--schema needs a file';
            schema = v;
        }
        else if (name === '--runtime') {
            const v = value();
            if (v === undefined || v === '')
                return '--runtime needs a module name';
            runtime = v;
        }
        else if (name === '--help' || name === '-h') {
            help = true;
        }
        else if (a.startsWith('-') && a !== '-') {
            return `unknown option ${a}`;
        }
        else {
            positional.push(a);
        }
    }
    return { positional, output, schema, runtime, help };
}
/** Runs `berth import ...` (`args` excludes the word `import`). Returns the exit code. */
async function runImportCommand(args, io) {
    try {
        const parsed = parseArgs(args);
        if (typeof parsed === 'string') {
            io.stderr(`berth import: ${parsed}\n${exports.USAGE}\n`);
            return 2;
        }
        if (parsed.help) {
            io.stdout(`${exports.USAGE}\n`);
            return 0;
        }
        let result;
        if (parsed.positional[0] === 'k8s' && parsed.positional.length === 1) {
            const schemaFile = parsed.schema ?? (0, package_root_1.defaultK8sSchemaFile)();
            if (schemaFile === undefined) {
                io.stderr('berth import: cannot find the bundled Kubernetes schema; pass --schema FILE\n');
                return 1;
            }
            result = (0, import_k8s_1.importK8s)({ outDir: parsed.output, schemaFile, runtimeModule: parsed.runtime });
        }
        else {
            if (parsed.schema !== undefined) {
                io.stderr('berth import: --schema applies to `import k8s` only\n');
                return 2;
            }
            if (parsed.positional.length === 0) {
                io.stderr(`berth import: no input given\n${exports.USAGE}\n`);
                return 2;
            }
            const stdinText = parsed.positional.includes('-') ? await io.readStdin() : undefined;
            result = (0, import_crds_1.importCrds)({ outDir: parsed.output, inputs: parsed.positional, stdinText, runtimeModule: parsed.runtime });
        }
        for (const d of result.diagnostics) {
            (d.severity === 'error' ? io.stderr : io.stdout)(`${(0, diagnostics_1.formatDiagnostic)(d)}\n`);
        }
        if ((0, diagnostics_1.hasErrors)(result.diagnostics)) {
            io.stderr('berth import: nothing was written because of the errors above\n');
            return 1;
        }
        for (const f of result.written)
            io.stdout(`wrote ${f}\n`);
        if (result.unchanged.length > 0)
            io.stdout(`${result.unchanged.length} file(s) up to date\n`);
        return 0;
    }
    catch (e) {
        io.stderr(`berth import: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
        return 1;
    }
}
