/** `berth import k8s`: swagger definitions → `k8s.ts` + `k8s.schema.ts`. */
import { gunzipSync } from 'zlib';
import { readFileSync } from 'fs';
import { join, relative, sep } from 'path';
import { defaultK8sSchemaFile, findPackageRoot } from './package-root';
import { K8S_VERSIONS, KubernetesVersion } from '../model/kubernetes-version';
import { hashLine, inputsHash, readRecordedHash } from './cache';
import { sha256 } from '../model/canonical-json';
import { ImportDiagnostic } from './diagnostics';
import { displayPath } from './display-path';
import { emitModule } from './emit';
import { emitConstantModule } from './emit-constant-module';
import { K8sHistory, K8S_SCHEMA_EXPORT, K8S_SOURCE, k8sModuleIR } from './k8s-to-ir';
import { isObject } from './normalize';
import { DEFAULT_RUNTIME_MODULE, ImportOptions, ImportResult } from './result';
import { writeIfChanged } from './write-output';

export function importK8s(
  opts: ImportOptions & {
    readonly schemaFile: string;
    /**
     * The shipped Kubernetes version `schemaFile` holds: fields and kinds the older shipped
     * versions lack are then marked `@since` the version that added them. @default - not marked
     */
    readonly version?: KubernetesVersion;
  },
): ImportResult {
  const runtimeModule = opts.runtimeModule ?? DEFAULT_RUNTIME_MODULE;
  // The definitions Berth ships are named as in its package, the same on every machine.
  const pkg = findPackageRoot();
  const inPackage = pkg === undefined ? undefined : relative(pkg, opts.schemaFile);
  const shown =
    inPackage !== undefined && inPackage.startsWith(`schemas${sep}k8s${sep}`)
      ? inPackage.split(sep).join('/')
      : displayPath(opts.schemaFile);
  const diagnostics: ImportDiagnostic[] = [];
  const result: ImportResult = { written: [], unchanged: [], diagnostics };
  let text: string;
  try {
    const bytes = readFileSync(opts.schemaFile);
    // The versions Berth ships besides the default are gzip-compressed.
    text = (opts.schemaFile.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  } catch (e) {
    diagnostics.push({
      severity: 'error',
      file: shown,
      message: `cannot read the schema file: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
    });
    return result;
  }
  const older = opts.version === undefined ? [] : K8S_VERSIONS.slice(0, K8S_VERSIONS.indexOf(opts.version));
  const hash = inputsHash([runtimeModule, String(opts.shipped === true), shown, sha256(text), ...older]);
  const outModule = join(opts.outDir, 'k8s.ts');
  const outSchema = join(opts.outDir, 'k8s.schema.ts');
  if (readRecordedHash(outModule) === hash && readRecordedHash(outSchema) === hash) {
    result.unchanged.push(outModule, outSchema);
    return result;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    diagnostics.push({ severity: 'error', file: shown, message: `not valid JSON: ${(e as Error).message}` });
    return result;
  }
  const definitions = isObject(parsed) && isObject(parsed.definitions) ? parsed.definitions : parsed;
  if (!isObject(definitions) || Object.keys(definitions).length === 0) {
    diagnostics.push({
      severity: 'error',
      file: shown,
      message: 'expected a swagger document or its "definitions" map (an object of schemas)',
    });
    return result;
  }
  let history: K8sHistory | undefined;
  if (opts.version !== undefined) {
    try {
      history = {
        version: opts.version,
        older: older.map((v) => ({ version: v, definitions: shippedDefinitions(v) })),
      };
    } catch (e) {
      diagnostics.push({
        severity: 'error',
        file: shown,
        message: `cannot read the shipped definitions: ${String(e)}`,
      });
      return result;
    }
  }
  const ir = { ...k8sModuleIR(definitions, shown, runtimeModule, history), shipped: opts.shipped };
  const files: [string, string][] = [
    [outModule, emitModule(ir, hashLine(hash))],
    [
      outSchema,
      emitConstantModule(
        'k8s.schema.ts',
        K8S_SOURCE,
        [shown],
        hashLine(hash),
        K8S_SCHEMA_EXPORT,
        JSON.stringify(definitions),
      ),
    ],
  ];
  for (const [file, content] of files) {
    (writeIfChanged(file, content) === 'written' ? result.written : result.unchanged).push(file);
  }
  return result;
}

/** The `definitions` map of a shipped version's file. */
function shippedDefinitions(version: KubernetesVersion): Readonly<Record<string, unknown>> {
  const file = defaultK8sSchemaFile(version);
  if (file === undefined) throw new Error(`the definitions of Kubernetes ${version} are not shipped here`);
  const bytes = readFileSync(file);
  const doc = JSON.parse((file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8')) as {
    definitions?: Record<string, unknown>;
  };
  return doc.definitions ?? (doc as Record<string, unknown>);
}
