/**
 * Writes a chart object (plain data with holes) as a Helm template: the YAML of the data, with
 * every hole replaced by its template action and every literal `{{` escaped, so literal text
 * (a Prometheus rule, a Go template in a ConfigMap) reaches the cluster unchanged.
 *
 * Values render safely whatever their content: scalars through `toJson` (strings stay quoted
 * strings, multi-line strings keep their newlines, whole numbers stay whole), objects and
 * lists through `toYaml | nindent`.
 */
import { toYaml } from '../synth/yaml';
import { Hole, HoleSpec, InterpolationPart } from './holes';

/** Go template string literal (JSON string syntax is a subset Go accepts). */
function goString(s: string): string {
  return JSON.stringify(s);
}

function valueRef(path: string): string {
  return `.Values.${path}`;
}

function partExpr(p: InterpolationPart): string {
  if (typeof p === 'string') return goString(p);
  return p.integer ? `(${valueRef(p.path)} | int64 | toString)` : `(${valueRef(p.path)} | toString)`;
}

/** The inline action of a hole (everything but `yaml` value holes). */
function inlineAction(spec: HoleSpec, app: string): string {
  switch (spec.hole) {
    case 'value':
      return `{{ ${valueRef(spec.path)} | toJson }}`;
    case 'interp':
      return `{{ list ${spec.parts.map(partExpr).join(' ')} | join "" | toJson }}`;
    case 'name':
      return `{{ include ${goString(`${app}.name`)} (list . ${goString(spec.name)}) | toJson }}`;
    case 'expr':
      return `{{ ${spec.expr} | toJson }}`;
  }
}

/** Replaces holes by unique plain-safe placeholder strings; returns the data and the holes. */
function withPlaceholders(tree: unknown, prefix: string, holes: Hole[]): unknown {
  if (Hole.isHole(tree)) {
    holes.push(tree);
    return `${prefix}${holes.length - 1}Z`;
  }
  if (Array.isArray(tree)) return tree.map((x) => withPlaceholders(x, prefix, holes));
  if (typeof tree === 'object' && tree !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(tree)) out[k] = withPlaceholders(v, prefix, holes);
    return out;
  }
  return tree;
}

function placeholderPrefix(tree: unknown): string {
  const text = JSON.stringify(tree, (_k, v: unknown) => (Hole.isHole(v) ? null : v)) ?? '';
  let prefix = 'BERTHHOLE';
  while (text.includes(prefix)) prefix += 'X';
  return prefix;
}

/** The YAML template of one object, wrapped in `{{- if <conditions> }}` when there are any. */
export function renderTemplate(tree: unknown, app: string, conditions: readonly string[] = []): string {
  const prefix = placeholderPrefix(tree);
  const holes: Hole[] = [];
  const data = withPlaceholders(tree, prefix, holes);
  const escaped = toYaml(data).replace(/\{\{/g, '{{ "{{" }}');
  const re = new RegExp(`${prefix}(\\d+)Z`, 'g');
  const lines = escaped.split('\n').map((line) => line.replace(re, (text, n: string, offset: number) => {
    const spec = holes[Number(n)].spec;
    if (spec.hole !== 'value' || spec.format !== 'yaml') return inlineAction(spec, app);
    // `key: PH`, `- PH` or `- key: PH`: the block goes on the next lines, two spaces in.
    const before = line.slice(0, offset);
    const lead = /^[\s-]*/.exec(before)![0];
    const column = before.endsWith('- ') ? before.length - 2 : lead.length;
    return `{{- toYaml ${valueRef(spec.path)} | nindent ${column + 2} }}`;
  }));
  // `key: {{- ...` would trim the space and glue the block to the colon, which is what we want.
  const body = lines.join('\n');
  if (conditions.length === 0) return body;
  const test = conditions.length === 1 ? valueRef(conditions[0]) : `and ${conditions.map(valueRef).join(' ')}`;
  return `{{- if ${test} }}\n${body}{{- end }}\n`;
}
