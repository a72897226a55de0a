/**
 * Checks the values an app declared (in every environment) and merges them into one chart
 * value each. Problems name the construct path that declared the value.
 */
import { Problem } from '../../model/problem';
import { sameData } from './holes';
import { ValueDeclaration } from '../../chart/tokens';
import { ChartValueSpec, declaredSchema, VALUE_PATH } from './values-files';
import { pushTo } from '../../model/push-to';

/** A declared value, merged over environments. */
export interface DeclaredValue extends ChartValueSpec {
  readonly declarations: readonly ValueDeclaration[];
}

function problem(rule: string, d: ValueDeclaration, app: string, message: string, hint: string): Problem {
  return {
    severity: 'error',
    rule,
    message,
    hint,
    environment: d.environment,
    app,
    constructPath: d.constructPath,
    field: d.name,
  };
}

function typeError(d: ValueDeclaration, v: unknown): string | undefined {
  const c = d.constraints;
  const show = JSON.stringify(v);
  switch (d.type) {
    case 'string':
      if (typeof v !== 'string') return `${show} is not a string`;
      if (c.pattern !== undefined && !new RegExp(c.pattern, 'u').test(v))
        return `${show} does not match the pattern ${c.pattern}`;
      break;
    case 'integer':
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) return `${show} is not a number`;
      if (d.type === 'integer' && !Number.isInteger(v)) return `${show} is not a whole number`;
      if (c.minimum !== undefined && v < c.minimum) return `${show} is below the minimum ${c.minimum}`;
      if (c.maximum !== undefined && v > c.maximum) return `${show} is above the maximum ${c.maximum}`;
      break;
    case 'boolean':
      if (typeof v !== 'boolean') return `${show} is not a boolean`;
      break;
    case 'object':
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return `${show} is not an object`;
      break;
    case 'list':
      if (!Array.isArray(v)) return `${show} is not a list`;
      break;
  }
  if (c.enum !== undefined && !c.enum.includes(v as string | number))
    return `${show} is not one of ${JSON.stringify(c.enum)}`;
  return undefined;
}

/**
 * Merges `declarations` (of one app, every environment) by name. Reports invalid names, two
 * declarations of one name in one environment or with different types or constraints, and
 * defaults or environment values that do not fit the declared type.
 */
export function mergeDeclarations(
  app: string,
  declarations: readonly ValueDeclaration[],
): { values: DeclaredValue[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const byName = new Map<string, ValueDeclaration[]>();
  for (const d of declarations) {
    if (!VALUE_PATH.test(d.name)) {
      problems.push(
        problem(
          'helm/value-name',
          d,
          app,
          `value name ${JSON.stringify(d.name)} is not a valid Helm value path`,
          'Use dot-separated identifiers of letters, digits and underscores, e.g. "frontend.replicas" (no dashes: `.Values.my-app` is not valid in a template).',
        ),
      );
      continue;
    }
    pushTo(byName, d.name, d);
  }
  const values: DeclaredValue[] = [];
  for (const [name, decls] of [...byName].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const envs = new Set<string>();
    let ok = true;
    for (const d of decls) {
      if (envs.has(d.environment)) {
        const other = decls.find((x) => x.environment === d.environment && x !== d)!;
        problems.push(
          problem(
            'helm/value-duplicate',
            d,
            app,
            `value ${name} is declared twice (also at ${other.constructPath})`,
            'Declare each value once and pass the placeholder to every construct that needs it.',
          ),
        );
        ok = false;
      }
      envs.add(d.environment);
    }
    const first = decls[0];
    for (const d of decls.slice(1)) {
      if (
        d.type !== first.type ||
        !sameData(d.constraints, first.constraints) ||
        !sameData(d.defaultValue, first.defaultValue)
      ) {
        problems.push(
          problem(
            'helm/value-duplicate',
            d,
            app,
            `value ${name} is declared as ${d.type} ${JSON.stringify(d.constraints)} default ${JSON.stringify(d.defaultValue)} in ${d.environment} but as ${first.type} ${JSON.stringify(first.constraints)} default ${JSON.stringify(first.defaultValue)} in ${first.environment}`,
            'A chart has one declaration per value: declare it the same way in every environment and put per-environment settings in perEnvironment.',
          ),
        );
        ok = false;
      }
    }
    for (const d of decls) {
      for (const [what, v] of [
        ['default', d.defaultValue],
        [`value in ${d.environment}`, d.value],
      ] as const) {
        const err = typeError(d, v);
        if (err) {
          problems.push(
            problem(
              'helm/value-type',
              d,
              app,
              `value ${name} (${d.type}): ${what} ${err}`,
              `Give a ${d.type === 'list' ? 'list' : d.type} that satisfies the declared constraints, or change the declaration.`,
            ),
          );
          ok = false;
        }
      }
    }
    if (!ok) continue;
    values.push({
      path: name,
      schema: declaredSchema(first.type, first.constraints),
      defaultValue: first.defaultValue,
      perEnvironment: new Map(decls.map((d) => [d.environment, d.value] as const)),
      declarations: decls,
    });
  }
  const names = new Set(values.map((v) => v.path));
  for (const v of values) {
    const parts = v.path.split('.');
    for (let k = 1; k < parts.length; k++) {
      const prefix = parts.slice(0, k).join('.');
      if (names.has(prefix)) {
        problems.push(
          problem(
            'helm/value-conflict',
            v.declarations[0],
            app,
            `value ${v.path} is nested inside value ${prefix}, which is not an object of values`,
            `Rename one of them, e.g. "${prefix}.value" and "${v.path}".`,
          ),
        );
      }
    }
  }
  return { values, problems };
}
