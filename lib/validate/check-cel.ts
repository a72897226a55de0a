/**
 * The validation rules CRDs carry in their schemas (`x-kubernetes-validations`, CEL), checked
 * as the API server checks them on create: each rule with `self` bound to the value at its
 * schema node, for every value present. Transition rules (those reading `oldSelf`) only apply
 * to updates and are skipped, as are rules outside the CEL that Berth evaluates (see
 * `cel-evaluator.ts`): a rule is either checked as Kubernetes would, or not at all.
 */
import { JsonSchema } from '../core/kind-registry';
import { isRecord } from '../model/is-record';
import { CelAst, parseCel, readsVariable } from './cel-parser';
import { CelError, CelUnsupported, evaluateCel } from './cel-evaluator';
import { child } from '../model/field-path';
import { Finding } from './finding';
import { setOwn } from '../model/set-own';

/** One rule, parsed. */
interface CompiledRule {
  readonly rule: string;
  readonly ast: CelAst;
  readonly message?: string;
  /** `messageExpression`, parsed: a string computed from `self` (used when it evaluates to one). */
  readonly messageExpression?: CelAst;
  readonly fieldPath?: string;
}

/** The rules of a schema node, whether it or anything below it has any, and where below. */
interface CompiledNode {
  readonly rules: readonly CompiledRule[];
  readonly any: boolean;
  /** The properties whose schemas have rules (at them or below). */
  readonly properties?: readonly (readonly [string, JsonSchema])[];
  /** The items' or additional properties' schema, when it has rules. */
  readonly items?: JsonSchema;
  readonly additional?: JsonSchema;
}

const compiled = new WeakMap<object, CompiledNode>();

/** The schemas directly below `s`: its properties', items' and additional properties'. */
function childSchemas(s: JsonSchema): JsonSchema[] {
  const out: JsonSchema[] = [];
  if (isRecord(s.properties)) for (const p of Object.values(s.properties)) if (isRecord(p)) out.push(p);
  if (isRecord(s.items)) out.push(s.items);
  if (isRecord(s.additionalProperties)) out.push(s.additionalProperties);
  return out;
}

function compile(s: JsonSchema): CompiledNode {
  let node = compiled.get(s);
  if (node) return node;
  const rules: CompiledRule[] = [];
  for (const r of Array.isArray(s['x-kubernetes-validations']) ? s['x-kubernetes-validations'] : []) {
    if (!isRecord(r) || typeof r.rule !== 'string') continue;
    const ast = parseCel(r.rule);
    if (!ast || readsVariable(ast, 'oldSelf')) continue;
    const messageExpression = typeof r.messageExpression === 'string' ? parseCel(r.messageExpression) : undefined;
    rules.push({
      rule: r.rule,
      ast,
      message: typeof r.message === 'string' && r.message !== '' ? r.message : undefined,
      messageExpression:
        messageExpression && !readsVariable(messageExpression, 'oldSelf') ? messageExpression : undefined,
      fieldPath: typeof r.fieldPath === 'string' && r.fieldPath !== '' ? r.fieldPath : undefined,
    });
  }
  // Set before visiting children, so a schema that refers to itself terminates.
  compiled.set(s, { rules, any: rules.length > 0 });
  const withRules = (c: unknown): c is JsonSchema => isRecord(c) && compile(c).any;
  const properties = isRecord(s.properties)
    ? Object.entries(s.properties).filter((e): e is [string, JsonSchema] => withRules(e[1]))
    : [];
  const items = withRules(s.items) ? s.items : undefined;
  const additional = withRules(s.additionalProperties) ? s.additionalProperties : undefined;
  node = {
    rules,
    any: rules.length > 0 || properties.length > 0 || items !== undefined || additional !== undefined,
    properties: properties.length > 0 ? properties : undefined,
    items,
    additional,
  };
  compiled.set(s, node);
  return node;
}

/** Whether `schema` (a CRD version's `openAPIV3Schema`) has any rule Berth checks. */
export function hasCelRules(schema: JsonSchema): boolean {
  return compile(schema).any;
}

/** Checks the CEL rules of `schema` against `object`; one finding per failed rule. */
export function checkCelRules(object: unknown, schema: JsonSchema, source: string): Finding[] {
  const out: Finding[] = [];
  // The API server fills in the schema's defaults before it evaluates the rules.
  visit(withDefaults(object, schema), schema, [], source, out);
  return out;
}

const defaultsBelow = new WeakMap<object, boolean>();

/** Whether `s` or anything below it declares a `default`. */
function hasDefaults(s: JsonSchema): boolean {
  let known = defaultsBelow.get(s);
  if (known === undefined) {
    defaultsBelow.set(s, false);
    const props = isRecord(s.properties) ? Object.values(s.properties).filter(isRecord) : [];
    known = props.some((p) => Object.hasOwn(p, 'default')) || childSchemas(s).some(hasDefaults);
    defaultsBelow.set(s, known);
  }
  return known;
}

/** `value` with the schema's defaults filled in where a property is absent (copied where anything changes). */
function withDefaults(value: unknown, s: JsonSchema): unknown {
  if (!hasDefaults(s)) return value;
  if (Array.isArray(value)) {
    return isRecord(s.items) ? value.map((x) => withDefaults(x, s.items as JsonSchema)) : value;
  }
  if (!isRecord(value)) return value;
  const props = isRecord(s.properties) ? s.properties : {};
  const extra = isRecord(s.additionalProperties) ? s.additionalProperties : undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const declared = Object.hasOwn(props, k) ? props[k] : undefined;
    const ps = isRecord(declared) ? declared : extra;
    setOwn(out, k, ps ? withDefaults(v, ps) : v);
  }
  for (const [k, p] of Object.entries(props)) {
    if (!Object.hasOwn(out, k) && isRecord(p) && Object.hasOwn(p, 'default'))
      setOwn(out, k, withDefaults(structuredClone(p.default), p));
  }
  return out;
}

/** The rule's `messageExpression` for this value, when it evaluates to a non-empty string (else the API server uses `message`). */
function messageOf(r: CompiledRule, scope: Map<string, never>): string | undefined {
  if (!r.messageExpression) return undefined;
  try {
    const m = evaluateCel(r.messageExpression, scope);
    return typeof m === 'string' && m.trim() !== '' ? m : undefined;
  } catch (e) {
    if (e instanceof CelUnsupported) return undefined;
    throw e;
  }
}

/** The field a failed rule is reported on: its node's path, and the rule's own `fieldPath` below it. */
function fieldOf(path: string, fieldPath: string | undefined): string {
  if (!fieldPath) return path;
  if (fieldPath.startsWith('[')) return `${path}${fieldPath}`;
  const rel = fieldPath.replace(/^\./, '');
  return path ? `${path}.${rel}` : rel;
}

/** The field path of `segments` (keys and indices from the object's root). */
function pathOf(segments: readonly (string | number)[]): string {
  let path = '';
  for (const s of segments) path = child(path, s);
  return path;
}

/** Evaluates the rules of each schema node at the value there; `segments` is where (built into a path only for a failure). */
function visit(
  value: unknown,
  schema: JsonSchema,
  segments: (string | number)[],
  source: string,
  out: Finding[],
): void {
  const node = compile(schema);
  if (!node.any || value === undefined || value === null) return;
  const scope = node.rules.length > 0 ? new Map([['self', value as never]]) : undefined;
  for (const r of node.rules) {
    let result: unknown;
    try {
      result = evaluateCel(r.ast, scope!);
    } catch (e) {
      if (e instanceof CelUnsupported) continue;
      throw e;
    }
    if (result === true) continue;
    const field = fieldOf(pathOf(segments), r.fieldPath);
    const why =
      result instanceof CelError
        ? `the rule could not be evaluated: ${result.message}`
        : (messageOf(r, scope!) ?? r.message ?? `the rule ${r.rule} is not met`);
    out.push({
      rule: 'schema/crd-rule',
      field: field || undefined,
      message: `${field || 'the object'}: ${why}`,
      hint: `${source} requires ${r.rule}. Change the value so that it holds; the API server would refuse the object.`,
    });
  }
  if (Array.isArray(value)) {
    if (!node.items) return;
    for (let i = 0; i < value.length; i++) {
      segments.push(i);
      visit(value[i], node.items, segments, source, out);
      segments.pop();
    }
    return;
  }
  if (!isRecord(value)) return;
  for (const [k, s] of node.properties ?? []) {
    if (!Object.hasOwn(value, k)) continue;
    segments.push(k);
    visit(value[k], s, segments, source, out);
    segments.pop();
  }
  if (node.additional) {
    const declared = isRecord(schema.properties) ? schema.properties : {};
    for (const k of Object.keys(value)) {
      if (Object.hasOwn(declared, k)) continue;
      segments.push(k);
      visit(value[k], node.additional, segments, source, out);
      segments.pop();
    }
  }
}
