/**
 * Parses input texts into CustomResourceDefinitions: YAML documents (multi-document files,
 * `List`s of CRDs), with a diagnostic for everything else. `yaml` is required lazily.
 */
import { ImportDiagnostic } from './diagnostics';
import { isIdentifier } from './names';
import { isObject, SchemaNode } from './normalize';
import { InputText } from './read-inputs';
import { firstNodeProblem } from '../yaml/node-checks';

/** A CRD found in an input. */
export interface CrdSource {
  readonly file: string;
  readonly documentIndex: number;
  readonly crd: SchemaNode;
  readonly group: string;
  readonly kind: string;
}

export interface ParseCrdsResult {
  readonly crds: CrdSource[];
  readonly diagnostics: ImportDiagnostic[];
}

const GROUP = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const VERSION = /^[a-z0-9]+$/;

export function parseCrds(input: InputText): ParseCrdsResult {
  const YAML = require('yaml') as typeof import('yaml');
  const crds: CrdSource[] = [];
  const diagnostics: ImportDiagnostic[] = [];
  const file = input.name;
  const lineCounter = new YAML.LineCounter();
  let docs: ReturnType<typeof YAML.parseAllDocuments>;
  try {
    // Repeated keys are found by firstNodeProblem, in linear time (the package's check is
    // quadratic: a 4 MB CRD took 40 s).
    docs = YAML.parseAllDocuments(input.text, { prettyErrors: false, lineCounter, uniqueKeys: false });
  } catch (e) {
    diagnostics.push({ severity: 'error', file, message: `not valid YAML: ${(e as Error).message}` });
    return { crds, diagnostics };
  }
  const list = Array.isArray(docs) ? docs : [docs];
  list.forEach((doc, documentIndex) => {
    const at = (severity: 'error' | 'note', message: string): void => {
      diagnostics.push({ severity, file, documentIndex, message });
    };
    if (doc.errors.length > 0) {
      const err = doc.errors[0];
      const line = err.linePos?.[0] ?? (err.pos ? lineCounter.linePos(err.pos[0]) : undefined);
      at('error', `not valid YAML${line ? ` (line ${line.line}, column ${line.col})` : ''}: ${firstLine(err.message)}`);
      return;
    }
    if (doc.contents === null) {
      return; // empty or comment-only document
    }
    const problem = firstNodeProblem(doc.contents);
    if (problem) {
      const line = lineCounter.linePos(problem.at);
      at(
        'error',
        `not valid YAML (line ${line.line}, column ${line.col}): ${problem.message.replace(/^YAML syntax error: /, '')}`,
      );
      return;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (e) {
      at('error', `cannot read the YAML document: ${firstLine((e as Error).message)}`);
      return;
    }
    if (value === null || value === undefined) {
      return;
    }
    classify(
      value,
      '',
      (s, m) => at(s, m),
      (crd) => crds.push({ file, documentIndex, crd, group: crd.spec.group, kind: crd.spec.names.kind }),
    );
  });
  return { crds, diagnostics };
}

interface CheckedCrd extends SchemaNode {
  readonly spec: { readonly group: string; readonly names: { readonly kind: string } } & SchemaNode;
}

function classify(
  value: unknown,
  where: string,
  at: (severity: 'error' | 'note', message: string) => void,
  found: (crd: CheckedCrd) => void,
): void {
  if (!isObject(value)) {
    at(
      'error',
      `${where}not a Kubernetes object (found ${Array.isArray(value) ? 'a list' : `a ${typeof value}`}); expected a CustomResourceDefinition`,
    );
    return;
  }
  const { apiVersion, kind } = value;
  if (typeof kind === 'string' && kind.endsWith('List') && Array.isArray(value.items)) {
    value.items.forEach((item, i) => classify(item, `${where}items[${i}]: `, at, found));
    return;
  }
  if (kind !== 'CustomResourceDefinition') {
    at(
      'note',
      `${where}skipped ${String(apiVersion ?? '(no apiVersion)')} ${String(kind ?? '(no kind)')}: not a CustomResourceDefinition`,
    );
    return;
  }
  const name = isObject(value.metadata) && typeof value.metadata.name === 'string' ? value.metadata.name : '(unnamed)';
  if (apiVersion === 'apiextensions.k8s.io/v1beta1') {
    at(
      'error',
      `${where}CustomResourceDefinition ${name} uses apiextensions.k8s.io/v1beta1, which is not supported: convert it to apiextensions.k8s.io/v1`,
    );
    return;
  }
  if (apiVersion !== 'apiextensions.k8s.io/v1') {
    at(
      'error',
      `${where}CustomResourceDefinition ${name} has apiVersion ${String(apiVersion)}; expected apiextensions.k8s.io/v1`,
    );
    return;
  }
  const problem = checkSpec(value.spec);
  if (problem) {
    at('error', `${where}CustomResourceDefinition ${name}: ${problem}`);
    return;
  }
  found(value as CheckedCrd);
}

/** What is wrong with a v1 CRD spec, or undefined. */
function checkSpec(spec: unknown): string | undefined {
  if (!isObject(spec)) return 'missing spec';
  if (typeof spec.group !== 'string' || !GROUP.test(spec.group))
    return `spec.group ${JSON.stringify(spec.group)} is not a valid API group name`;
  const names = spec.names;
  if (!isObject(names) || typeof names.kind !== 'string') return 'missing spec.names.kind';
  if (!isIdentifier(names.kind)) return `spec.names.kind ${JSON.stringify(names.kind)} is not a valid kind name`;
  const versions = spec.versions;
  if (!Array.isArray(versions) || versions.length === 0) return 'spec.versions is missing or empty';
  for (const [i, v] of versions.entries()) {
    if (!isObject(v) || typeof v.name !== 'string' || !VERSION.test(v.name))
      return `spec.versions[${i}].name is missing or not a valid version name`;
    const schema = isObject(v.schema) ? v.schema.openAPIV3Schema : undefined;
    if (!isObject(schema)) return `version ${v.name} has no schema (spec.versions[${i}].schema.openAPIV3Schema)`;
  }
  return undefined;
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}
