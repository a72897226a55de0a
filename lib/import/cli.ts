/**
 * The `berth import` command line:
 *   import k8s [--schema FILE | --version 1.32..1.36] [--output DIR]
 *   import FILE_OR_DIR... [--output DIR]      ('-' reads standard input)
 *   import chart DIR_OR_TGZ [--output DIR]    (the typed values of a third-party Helm chart)
 * Exit code 0 when everything was imported, 1 on errors (printed as `file[#doc]: message`),
 * 2 on bad usage. Never prints a stack trace.
 */
import { formatDiagnostic, hasErrors } from './diagnostics';
import { importChart } from './chart/import-chart';
import { importCrds } from './import-crds';
import { importK8s } from './import-k8s';
import { DEFAULT_K8S_VERSION, isKubernetesVersion, K8S_VERSIONS, KubernetesVersion } from '../model/kubernetes-version';
import { defaultK8sSchemaFile } from './package-root';
import { ImportResult } from './result';
import { InputTooLarge, parseByteSize } from '../io/input-bytes';
import { DEFAULT_IMPORT_MAX_BYTES, DEFAULT_IMPORT_MAX_SIZE_TEXT, tooLargeMessage } from './read-inputs';

export interface CommandIo {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  /** Standard input's bytes; rejects past `maxBytes` (see CommandIO). */
  readonly readStdin: (maxBytes: number) => Promise<Buffer>;
}

export const USAGE = [
  'Usage:',
  '  berth import k8s [--schema FILE | --version V] [--output DIR]   Kubernetes API types from swagger definitions',
  '  berth import FILE_OR_DIR... [--output DIR]        CRD YAML files (- reads standard input)',
  '  berth import chart DIR_OR_TGZ [--output DIR]      the values interface of a Helm chart (values.schema.json, else values.yaml)',
  '',
  'Options:',
  '  --output, -o DIR   where to write the modules (default: imports)',
  '  --schema FILE      swagger definitions for `import k8s` (default: the bundled v1.33.0)',
  `  --version V        the bundled definitions of Kubernetes V for \`import k8s\` (${K8S_VERSIONS.join(', ')})`,
  '  --runtime MODULE   module the generated code imports the runtime from (default: berth-k8s)',
  `  --max-input-size SIZE   the most an input file (or stdin) may hold, in bytes or with Ki, Mi, Gi (default: ${DEFAULT_IMPORT_MAX_SIZE_TEXT}, e.g. 64Mi)`,
].join('\n');

interface ParsedArgs {
  readonly positional: string[];
  readonly output: string;
  readonly schema?: string;
  readonly version?: KubernetesVersion;
  readonly runtime?: string;
  readonly maxBytes: number;
  readonly help: boolean;
}

function parseArgs(args: readonly string[]): ParsedArgs | string {
  const positional: string[] = [];
  let output = 'imports';
  let schema: string | undefined;
  let version: KubernetesVersion | undefined;
  let runtime: string | undefined;
  let maxBytes = DEFAULT_IMPORT_MAX_BYTES;
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = (): string | undefined => {
      const eq = a.indexOf('=');
      if (a.startsWith('--') && eq > 0) return a.slice(eq + 1);
      i++;
      return args[i];
    };
    const name = a.startsWith('--') && a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
    if (name === '--output' || name === '-o') {
      const v = value();
      if (v === undefined || v === '') return `${name} needs a directory`;
      output = v;
    } else if (name === '--schema') {
      const v = value();
      if (v === undefined || v === '') return '--schema needs a file';
      schema = v;
    } else if (name === '--version') {
      const v = value();
      if (!isKubernetesVersion(v))
        return `--version ${v ?? ''}: the Kubernetes versions shipped are ${K8S_VERSIONS.join(', ')} (or pass --schema FILE)`;
      version = v;
    } else if (name === '--runtime') {
      const v = value();
      if (v === undefined || v === '') return '--runtime needs a module name';
      runtime = v;
    } else if (name === '--max-input-size') {
      const v = value();
      const n = v === undefined ? undefined : parseByteSize(v);
      if (n === undefined)
        return `--max-input-size needs a size in bytes, or with Ki, Mi or Gi (got ${JSON.stringify(v)}; e.g. 64Mi)`;
      maxBytes = n;
    } else if (name === '--help' || name === '-h') {
      help = true;
    } else if (a.startsWith('-') && a !== '-') {
      return `unknown option ${a}`;
    } else {
      positional.push(a);
    }
  }
  if (schema !== undefined && version !== undefined) return '--schema and --version exclude each other';
  return { positional, output, schema, version, runtime, maxBytes, help };
}

/** Runs `berth import ...` (`args` excludes the word `import`). Returns the exit code. */
export async function runImportCommand(args: string[], io: CommandIo): Promise<number> {
  try {
    const parsed = parseArgs(args);
    if (typeof parsed === 'string') {
      io.stderr(`berth import: ${parsed}\n${USAGE}\n`);
      return 2;
    }
    if (parsed.help) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    let result: ImportResult;
    if (parsed.positional[0] === 'k8s' && parsed.positional.length === 1) {
      const schemaFile = parsed.schema ?? defaultK8sSchemaFile(parsed.version);
      if (schemaFile === undefined) {
        io.stderr('berth import: cannot find the bundled Kubernetes schema; pass --schema FILE\n');
        return 1;
      }
      result = importK8s({
        outDir: parsed.output,
        schemaFile,
        runtimeModule: parsed.runtime,
        // A shipped version is marked against the older ones shipped.
        version: parsed.schema === undefined ? (parsed.version ?? DEFAULT_K8S_VERSION) : undefined,
      });
    } else if (parsed.positional[0] === 'chart') {
      if (
        parsed.positional.length !== 2 ||
        parsed.schema !== undefined ||
        parsed.version !== undefined ||
        parsed.runtime !== undefined
      ) {
        io.stderr(`berth import: \`import chart\` takes one chart folder or .tgz, and only --output\n${USAGE}\n`);
        return 2;
      }
      result = await importChart({ chart: parsed.positional[1], outDir: parsed.output });
    } else {
      if (parsed.schema !== undefined || parsed.version !== undefined) {
        io.stderr(
          `berth import: ${parsed.schema !== undefined ? '--schema' : '--version'} applies to \`import k8s\` only\n`,
        );
        return 2;
      }
      if (parsed.positional.length === 0) {
        io.stderr(`berth import: no input given\n${USAGE}\n`);
        return 2;
      }
      let stdinText: string | undefined;
      if (parsed.positional.includes('-')) {
        try {
          stdinText = (await io.readStdin(parsed.maxBytes)).toString('utf8');
        } catch (e) {
          if (!(e instanceof InputTooLarge)) throw e;
          io.stderr(`<stdin>: ${tooLargeMessage(e)}\nberth import: nothing was written because of the errors above\n`);
          return 1;
        }
      }
      result = importCrds({
        outDir: parsed.output,
        inputs: parsed.positional,
        stdinText,
        runtimeModule: parsed.runtime,
        maxInputBytes: parsed.maxBytes,
      });
    }
    for (const d of result.diagnostics) {
      (d.severity === 'error' ? io.stderr : io.stdout)(`${formatDiagnostic(d)}\n`);
    }
    if (hasErrors(result.diagnostics)) {
      io.stderr('berth import: nothing was written because of the errors above\n');
      return 1;
    }
    if (result.written.length === 0 && result.unchanged.length === 0) {
      // Inputs without a single CRD (a wrong file, an empty folder): nothing to import is an error, not success.
      io.stderr(
        `berth import: no CustomResourceDefinition in ${parsed.positional.map((p) => (p === '-' ? 'stdin' : p)).join(', ')}; nothing was written\n  hint: Pass the CRD YAML files (kind: CustomResourceDefinition), or \`berth import k8s\` for the Kubernetes kinds.\n`,
      );
      return 1;
    }
    for (const f of result.written) io.stdout(`wrote ${f}\n`);
    if (result.unchanged.length > 0) io.stdout(`${result.unchanged.length} file(s) up to date\n`);
    return 0;
  } catch (e) {
    io.stderr(`berth import: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
