/**
 * Vendored third-party charts (`VendoredChart`) in an app's chart: each becomes a dependency,
 * copied to `charts/<name>/`, listed in `Chart.yaml` with its version (and the condition
 * `vendored.<name>.enabled` when some environments lack it), its values per environment under
 * `<name>:` in `values-<env>.yaml`. Helm then renders it in the app's release, with the app's
 * name as the release name, as Berth rendered it for the plain output.
 */
import { isUtf8 } from 'buffer';
import { Problem } from '../../model/problem';
import { ChartValueSpec } from './values-files';

/** One vendored chart of the app, over its environments. */
export interface VendoredChartInput {
  /** The chart's name and version (`Chart.yaml`). */
  readonly name: string;
  readonly version: string;
  /** The construct path in the first environment that has it, for problems. */
  readonly constructPath: string;
  /** Its files, by path inside the chart. */
  readonly files: ReadonlyMap<string, Buffer>;
  /** Its values in each environment that has it. */
  readonly values: ReadonlyMap<string, object>;
}

/** What the vendored charts add to the app's chart. */
export interface VendoredDependencies {
  readonly dependencies: { name: string; version: string; condition?: string }[];
  readonly specs: ChartValueSpec[];
  readonly problems: Problem[];
  /** The values of the vendored charts in `environment`, by chart name. */
  readonly valuesIn: (environment: string) => Record<string, object>;
}

/** The value path that switches a vendored chart that some environments lack. */
export function vendoredCondition(name: string): string {
  return `vendored.${name}.enabled`;
}

export function vendoredDependencies(
  app: string,
  vendored: readonly VendoredChartInput[],
  environments: readonly string[],
  taken: ReadonlySet<string>,
  emit: (path: string, content: string) => void,
): VendoredDependencies {
  const out: VendoredDependencies = {
    dependencies: [],
    specs: [],
    problems: [],
    valuesIn: (e) => {
      const values: Record<string, object> = {};
      for (const v of vendored) {
        const own = v.values.get(e);
        if (own && Object.keys(own).length > 0) values[v.name] = own;
      }
      return values;
    },
  };
  const problem = (v: VendoredChartInput, message: string, hint: string): void => {
    out.problems.push({
      severity: 'error',
      rule: 'helm/vendored-chart',
      message,
      hint,
      app,
      constructPath: v.constructPath,
    });
  };
  const seen = new Set<string>();
  for (const v of vendored) {
    if (v.name === app) {
      problem(
        v,
        `the vendored chart ${v.name} has the name of the app it is in: the app chart's template helpers (${app}.name, ${app}.labels, ...) would replace the vendored chart's own, which Helm shares between a chart and its dependencies`,
        'Give the Application another id (and pass the namespace it had, `namespace:`, to keep it).',
      );
      continue;
    }
    if (seen.has(v.name) || taken.has(v.name)) {
      problem(
        v,
        `the chart ${v.name} is in the app twice, or has the name of one of its subcharts: charts/${v.name} can hold one`,
        "Render the chart once per app (an alias would change the chart's .Chart.Name and so the names of its objects).",
      );
      continue;
    }
    seen.add(v.name);
    for (const [rel, bytes] of [...v.files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (!isUtf8(bytes)) {
        problem(
          v,
          `the chart's file ${rel} is not UTF-8 text, which the chart output cannot copy`,
          'Remove the file from the vendored chart, or list it in its .helmignore and delete it.',
        );
        continue;
      }
      emit(`charts/${v.name}/${rel}`, bytes.toString('utf8'));
    }
    const present = environments.filter((e) => v.values.has(e));
    const everywhere = present.length === environments.length;
    out.dependencies.push({
      name: v.name,
      version: v.version,
      ...(everywhere ? {} : { condition: vendoredCondition(v.name) }),
    });
    if (!everywhere) {
      out.specs.push({
        path: vendoredCondition(v.name),
        schema: {
          type: 'boolean',
          description: `Whether the vendored chart ${v.name} is installed (derived: it exists in ${present.join(', ')}).`,
        },
        defaultValue: present.includes(environments[0]),
        perEnvironment: new Map(environments.map((e) => [e, present.includes(e)] as const)),
      });
    }
  }
  return out;
}
