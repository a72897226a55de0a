/**
 * Writes a chart object (plain data with holes) as a Helm template: the YAML of the data, with
 * every hole replaced by its template action and every literal `{{` escaped, so literal text
 * (a Prometheus rule, a Go template in a ConfigMap) reaches the cluster unchanged.
 *
 * Values render safely whatever their content: scalars through `toJson` (strings stay quoted
 * strings, multi-line strings keep their newlines, whole numbers stay whole), objects and
 * lists through `toYaml | nindent`.
 */
import { toYaml } from '../../yaml/yaml';
import { Guard, Hole, HoleSpec, InterpolationPart } from './holes';
import { setOwn } from '../../model/set-own';

/** Go template string literal (JSON string syntax is a subset Go accepts). */
function goString(s: string): string {
  return JSON.stringify(s);
}

function valueRef(path: string): string {
  return `.Values.${path}`;
}

function partExpr(p: InterpolationPart, app: string): string {
  if (typeof p === 'string') return goString(p);
  if ('name' in p) return `(include ${goString(`${app}.name`)} (list . ${goString(p.name)}))`;
  if ('expr' in p) return `(${p.expr})`;
  return p.integer ? `(${valueRef(p.path)} | int64 | toString)` : `(${valueRef(p.path)} | toString)`;
}

/** The inline action of a hole (everything but `yaml` value holes). */
function inlineAction(spec: HoleSpec, app: string): string {
  switch (spec.hole) {
    case 'value':
      return `{{ ${valueRef(spec.path)} | toJson }}`;
    case 'interp':
      return `{{ list ${spec.parts.map((p) => partExpr(p, app)).join(' ')} | join "" | toJson }}`;
    case 'name':
      return spec.max === undefined
        ? `{{ include ${goString(`${app}.name`)} (list . ${goString(spec.name)}) | toJson }}`
        : `{{ include ${goString(`${app}.name`)} (list . ${goString(spec.name)} ${spec.max} ${goString(spec.rule ?? 'the name')}) | toJson }}`;
    case 'expr':
      return `{{ ${spec.expr} | toJson }}`;
  }
}

/** What {@link withPlaceholders} collects: the holes and the guards, by placeholder number. */
interface Placeholders {
  readonly prefix: string;
  readonly holes: Hole[];
  readonly guards: Guard[];
}

/** The begin (`B`) or end (`E`) sentinel of guard `n`: a key or a list item of its own. */
function sentinel(p: Placeholders, edge: 'B' | 'E', n: number): string {
  return `${p.prefix}${edge}${n}Z`;
}

/**
 * Replaces holes by unique plain-safe placeholder strings, and surrounds each guarded entry or
 * item by begin and end sentinels (sibling keys or items, so everything between them in the
 * YAML is the guarded block).
 */
function withPlaceholders(tree: unknown, p: Placeholders): unknown {
  if (Hole.isHole(tree)) {
    p.holes.push(tree);
    return `${p.prefix}${p.holes.length - 1}Z`;
  }
  if (Array.isArray(tree)) {
    const out: unknown[] = [];
    for (const x of tree) {
      if (!Guard.isGuard(x)) {
        out.push(withPlaceholders(asListItem(x), p));
        continue;
      }
      const n = p.guards.push(x) - 1;
      out.push(sentinel(p, 'B', n), withPlaceholders(asListItem(x.value), p), sentinel(p, 'E', n));
    }
    return out;
  }
  if (typeof tree === 'object' && tree !== null) {
    const o = tree as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o)) {
      const v = o[k];
      if (!Guard.isGuard(v)) {
        setOwn(out, k, withPlaceholders(v, p));
        continue;
      }
      const n = p.guards.push(v) - 1;
      out[sentinel(p, 'B', n)] = null;
      setOwn(out, k, withPlaceholders(v.value, p));
      out[sentinel(p, 'E', n)] = null;
    }
    return out;
  }
  return tree;
}

/** A map inside a list starts with an unguarded key, so its `- ` never sits inside a guard. */
function asListItem(x: unknown): unknown {
  if (typeof x !== 'object' || x === null || Array.isArray(x) || Hole.isHole(x) || Guard.isGuard(x)) return x;
  const entries = Object.entries(x);
  const firstPlain = entries.findIndex(([, v]) => !Guard.isGuard(v));
  if (firstPlain <= 0) return x;
  return Object.fromEntries([entries[firstPlain], ...entries.filter((_, i) => i !== firstPlain)]);
}

/** How many times `text` occurs in `s`. */
function count(s: string, text: string): number {
  let n = 0;
  for (let i = s.indexOf(text); i !== -1; i = s.indexOf(text, i + text.length)) n++;
  return n;
}

/**
 * The tree as YAML with placeholders, under a placeholder prefix that occurs nowhere else in it:
 * `BERTHHOLE`, longer only in the rare object whose own keys or strings contain it (each
 * placeholder occurs once in the text, so more occurrences mean a clash).
 */
function placeholderYaml(tree: unknown): { p: Placeholders; yaml: string } {
  for (let prefix = 'BERTHHOLE'; ; prefix += 'X') {
    const p: Placeholders = { prefix, holes: [], guards: [] };
    const yaml = toYaml(withPlaceholders(tree, p));
    if (count(yaml, prefix) === p.holes.length + 2 * p.guards.length) return { p, yaml };
  }
}

/**
 * Turns sentinel lines into `{{ if }}` / `{{ end }}` actions written at column 0 of the first
 * line of the block and of the line after it, without whitespace trimming: when the condition
 * is false the block's lines vanish whole, and no neighbouring text (a `|+` block scalar's
 * trailing lines) is touched.
 */
function applyGuards(lines: readonly string[], p: Placeholders): string[] {
  const re = new RegExp(`^\\s*(?:- )?${p.prefix}([BE])(\\d+)Z(?::.*)?$`);
  const out: string[] = [];
  let pending = '';
  for (const line of lines) {
    const m = re.exec(line);
    if (m) {
      const guard = p.guards[Number(m[2])];
      pending += m[1] === 'B' ? `{{ if ${valueRef(guard.condition.path)} }}` : '{{ end }}';
      continue;
    }
    out.push(pending + line);
    pending = '';
  }
  if (pending) out.push(pending);
  return out;
}

/** The YAML template of one object, wrapped in `{{- if <conditions> }}` when there are any. */
export function renderTemplate(tree: unknown, app: string, conditions: readonly string[] = []): string {
  const { p, yaml } = placeholderYaml(tree);
  const escaped = yaml.includes('{{') ? yaml.replace(/\{\{/g, '{{ "{{" }}') : yaml;
  const re = new RegExp(`${p.prefix}(\\d+)Z`, 'g');
  const fill = (text: string, n: string, offset: number, whole: string): string => {
    const spec = p.holes[Number(n)].spec;
    if (spec.hole !== 'value' || spec.format !== 'yaml') return inlineAction(spec, app);
    // `key: PH`, `- PH` or `- key: PH`: the block goes on the next lines, two spaces in.
    const before = whole.slice(whole.lastIndexOf('\n', offset - 1) + 1, offset);
    const lead = /^[\s-]*/.exec(before)![0];
    const column = before.endsWith('- ') ? before.length - 2 : lead.length;
    return `{{- toYaml ${valueRef(spec.path)} | nindent ${column + 2} }}`;
  };
  const filled = p.holes.length === 0 ? escaped : escaped.replace(re, fill);
  // `key: {{- ...` would trim the space and glue the block to the colon, which is what we want.
  const body = p.guards.length === 0 ? filled : applyGuards(filled.split('\n'), p).join('\n');
  if (conditions.length === 0) return body;
  const test = conditions.length === 1 ? valueRef(conditions[0]) : `and ${conditions.map(valueRef).join(' ')}`;
  return `{{- if ${test} }}\n${body}{{- end }}\n`;
}
