/**
 * Builds one app's chart from its environments' objects (rendered for Helm: declared values
 * appear as markers) and its declared values. A pure function of its input.
 */
import { isClusterScopedKind } from '../../core/cluster-scoped';
import { KindTable, kindByName, kindKey } from '../../core/kind-registry';
import { kindRank } from '../../render/apply-order';
import { objectFileNames } from '../plain/file-names';
import { KubeObject } from '../../model/manifest';
import { toYaml } from '../../yaml/yaml';
import { Problem, Waiver } from '../../model/problem';
import { ChartSettings } from '../../chart/chart-state';
import { chartYaml, HELMIGNORE, helpersTpl, notesTxt, SEMVER } from './chart-files';
import { mapItems, mapValues } from './copy-on-write';
import { mergeDeclarations } from './declared-values';
import { assignPaths, conditionValue, DerivedValue, mergeEnvironments, ObjectNaming, valueSegment } from './derive';
import { Guard, Hole, InterpolationPart } from './holes';
import { literalNameWarnings } from './literal-names';
import { namesByKind, substituteRelease } from './release-names';
import { renderTemplate } from './template-writer';
import { MARKER, ValueDeclaration } from '../../chart/tokens';
import { ChartValueSpec, defaultValues, derivedSchema, environmentValues, valuesSchema } from './values-files';
import { setOwn } from '../../model/set-own';
import { VendoredChartInput, vendoredCondition, vendoredDependencies } from './vendored-dependencies';

/** One object of the app in one environment. */
export interface ChartObjectInput {
  /** The construct path below the environment (`shop/frontend/Resource`): the object's identity. */
  readonly key: string;
  readonly constructPath: string;
  /** Rendered for Helm output. */
  readonly object: KubeObject;
  /** Names of the boolean values the object depends on (`Conditional`). */
  readonly conditions: readonly string[];
  /** The rules waived on the object's construct (for the chart's own warnings). @default - none */
  readonly waivers?: readonly Waiver[];
}

/** The app in one environment. */
export interface ChartEnvironmentInput {
  readonly environment: string;
  readonly namespace: string;
  readonly objects: readonly ChartObjectInput[];
}

/** Everything a chart is built from. */
export interface ChartInput {
  readonly app: string;
  /** Sorted by environment name. */
  readonly environments: readonly ChartEnvironmentInput[];
  readonly declarations: readonly ValueDeclaration[];
  readonly settings: ChartSettings;
  /**
   * Apps nested in this one (`new Application(app, 'mariadb')`): each becomes the subchart
   * `charts/<name>/`, switched by `<name>.enabled`. Their environments are those where they exist.
   * @default - none
   */
  readonly subcharts?: readonly ChartInput[];
  /** Third-party charts (`VendoredChart`), written as dependencies. @default - none */
  readonly vendored?: readonly VendoredChartInput[];
  /** What the whole release shares; set for subcharts by their parent. @default - this chart's */
  readonly release?: ReleaseScope;
  /**
   * Whether the objects may hold value markers: false when no chart value is declared in the
   * program, so that no marker can have been rendered and the search for them is skipped.
   * @default true
   */
  readonly valueMarkers?: boolean;
  /**
   * The kinds of the objects rendered (`SynthContext.kinds`), which say the scope of custom
   * kinds; kinds Berth ships are known anyway. @default - none
   */
  readonly kinds?: KindTable;
}

/** What a chart and its subcharts share: they are rendered in one release. */
export interface ReleaseScope {
  /** The top chart's app: a release of that name keeps the plain object names. */
  readonly app: string;
  /** Names of every object of the release, by kind. */
  readonly names: ReadonlyMap<string, ReadonlySet<string>>;
  /** Names of the nested apps (subcharts, at any depth). */
  readonly nestedApps: ReadonlySet<string>;
}

/** Receives a chart's files (path relative to the chart folder, content) as they are made. */
export type FileSink = (path: string, content: string) => void;

/** The files of a chart (none when they went to a sink), the problems found, its values (for a parent chart) and its version. */
export interface BuiltChart {
  readonly files: Map<string, string>;
  readonly problems: Problem[];
  readonly specs: readonly ChartValueSpec[];
  readonly version: string;
}

function allObjects(input: ChartInput): KubeObject[] {
  return [
    ...input.environments.flatMap((e) => e.objects.map((o) => o.object)),
    ...(input.subcharts ?? []).flatMap(allObjects),
  ];
}

function nestedAppNames(input: ChartInput): string[] {
  return (input.subcharts ?? []).flatMap((s) => [s.app, ...nestedAppNames(s)]);
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const x = out[k];
    setOwn(
      out,
      k,
      typeof x === 'object' &&
        x !== null &&
        !Array.isArray(x) &&
        typeof v === 'object' &&
        v !== null &&
        !Array.isArray(v)
        ? deepMerge(x as Record<string, unknown>, v as Record<string, unknown>)
        : v,
    );
  }
  return out;
}

interface ObjectGroup {
  readonly key: string;
  readonly byEnv: Map<string, ChartObjectInput>;
}

const CRD = 'CustomResourceDefinition';

function problem(
  input: ChartInput,
  rule: string,
  message: string,
  hint: string,
  extra: Partial<Problem> = {},
): Problem {
  return { severity: 'error', rule, message, hint, app: input.app, ...extra };
}

/** A value marker (group 1: its path) or a name marker of the release (group 2: Name or Dns, 3: the name). */
const ANY_MARKER = new RegExp(`${MARKER.source}|\\$\\{Berth(Name|Dns):=([^}]+)\\}`, 'g');

/**
 * Replaces value and name markers in strings by holes. Copy on write: a subtree without markers is
 * returned as it is, and its field path is only spelled out for a report.
 */
function markersToHoles(
  tree: unknown,
  types: ReadonlyMap<string, string>,
  report: (field: string, msg: string) => void,
  field: () => string = () => '',
): unknown {
  if (Hole.isHole(tree)) return tree;
  if (Guard.isGuard(tree)) return tree.map((v) => markersToHoles(v, types, report, field));
  if (Array.isArray(tree)) return mapItems(tree, (x, i) => markersToHoles(x, types, report, () => `${field()}[${i}]`));
  if (typeof tree === 'object' && tree !== null) {
    return mapValues(tree as Record<string, unknown>, (v, k) => {
      const at = (): string => (field() ? `${field()}.${k}` : k);
      if (k.includes('${BerthValue:')) report(at(), 'a chart value cannot be used in a key');
      return markersToHoles(v, types, report, at);
    });
  }
  if (typeof tree !== 'string' || !tree.includes('${Berth')) return tree;
  const wholeName = /^\$\{BerthName:=([^}]+)\}$/.exec(tree);
  if (wholeName) return new Hole({ hole: 'name', name: wholeName[1] });
  const whole = /^\$\{BerthValue:([A-Za-z0-9_.]+)\}$/.exec(tree);
  if (whole) {
    const type = types.get(whole[1]);
    if (type === undefined) report(field(), `value ${whole[1]} is not declared by this app`);
    return new Hole({ hole: 'value', path: whole[1], format: type === 'object' || type === 'list' ? 'yaml' : 'json' });
  }
  const parts: InterpolationPart[] = [];
  let last = 0;
  for (const m of tree.matchAll(ANY_MARKER)) {
    if (m.index! > last) parts.push(tree.slice(last, m.index));
    last = m.index! + m[0].length;
    // A name of the release (release-names.ts made its marker): `<name>` or `<name>.<namespace>.svc`.
    if (m[2] !== undefined) {
      parts.push({ name: m[3] });
      if (m[2] === 'Dns') parts.push('.', { expr: '.Release.Namespace' }, '.svc');
      continue;
    }
    const type = types.get(m[1]);
    if (type === undefined) report(field(), `value ${m[1]} is not declared by this app`);
    if (type === 'object' || type === 'list')
      report(field(), `${type} value ${m[1]} cannot be interpolated into a string`);
    parts.push({ path: m[1], integer: type === 'integer' });
  }
  if (last < tree.length) parts.push(tree.slice(last));
  // Adjacent literal text as one part (a DNS name's `.svc` and the text after it).
  const merged: InterpolationPart[] = [];
  for (const p of parts) {
    const prev = merged[merged.length - 1];
    if (typeof p === 'string' && typeof prev === 'string') merged[merged.length - 1] = prev + p;
    else merged.push(p);
  }
  return new Hole({ hole: 'interp', parts: merged });
}

function addHelmLabels(tree: unknown, app: string): unknown {
  const o = tree as Record<string, unknown>;
  const meta = o.metadata as Record<string, unknown> | undefined;
  if (!meta || Hole.isHole(meta)) return tree;
  const labels = meta.labels;
  if (labels !== undefined && (typeof labels !== 'object' || labels === null || Hole.isHole(labels))) return tree;
  return {
    ...o,
    metadata: {
      ...meta,
      labels: {
        ...(labels as Record<string, unknown> | undefined),
        'app.kubernetes.io/managed-by': new Hole({ hole: 'expr', expr: '.Release.Service' }),
        'helm.sh/chart': new Hole({ hole: 'expr', expr: `include ${JSON.stringify(`${app}.chart`)} .` }),
      },
    },
  };
}

function withoutNamespace(o: KubeObject): KubeObject {
  if (!('namespace' in o.metadata)) return o;
  const { namespace: _ns, ...metadata } = o.metadata;
  return { ...o, metadata };
}

/** Cluster-scoped objects carry no namespace, in the chart as in plain output. */
function clusterScopedWithoutNamespace(o: KubeObject, kinds: KindTable | undefined): KubeObject {
  const kind = kinds?.get(kindKey(o.apiVersion, o.kind)) ?? kindByName(o.apiVersion, o.kind);
  const scoped = isClusterScopedKind(o.apiVersion, o.kind) || kind?.namespaced === false;
  return scoped ? withoutNamespace(o) : o;
}

const SHOWN = 120;

/** JSON of `v` for a message: holes as `<name:frontend>`, cut to {@link SHOWN} characters. */
function shortJson(v: unknown): string {
  const text =
    JSON.stringify(v, (_k, x: unknown) => {
      if (!Hole.isHole(x)) return x;
      const spec = x.spec;
      return spec.hole === 'name' ? `<name:${spec.name}>` : spec.hole === 'expr' ? `<${spec.expr}>` : `<${spec.hole}>`;
    }) ?? 'undefined';
  return text.length <= SHOWN ? text : `${text.slice(0, SHOWN - 1)}…`;
}

function kindOf(o: KubeObject): string {
  return o.kind.charAt(0).toUpperCase() + o.kind.slice(1);
}

/** The value that switches the app's own Namespace. */
const CREATE_NAMESPACE = 'createNamespace';

/** Whether a template renders the Namespace named after the release namespace. */
function isReleaseNamespace(tree: unknown): boolean {
  if (typeof tree !== 'object' || tree === null || (tree as { kind?: unknown }).kind !== 'Namespace') return false;
  const name = (tree as { metadata?: { name?: unknown } }).metadata?.name;
  return Hole.isHole(name) && name.spec.hole === 'expr' && name.spec.expr === '.Release.Namespace';
}

/** Builds the chart's files (paths relative to the chart folder) and the problems found. */
export function buildChart(input: ChartInput, sink?: FileSink): BuiltChart {
  const files = new Map<string, string>();
  // Files go to the sink as they are made (so the writer can take them at once), else into `files`.
  const emit: FileSink =
    sink ??
    ((path, content) => {
      files.set(path, content);
    });
  const release: ReleaseScope = input.release ?? {
    app: input.app,
    names: namesByKind(allObjects(input)),
    nestedApps: new Set(nestedAppNames(input)),
  };
  const envNames = input.environments.map((e) => e.environment);
  const { values: declared, problems } = mergeDeclarations(input.app, input.declarations);
  const declaredTypes = new Map<string, string>();
  for (const d of input.declarations) declaredTypes.set(d.name, d.type);

  const names = release.names;
  const groups = new Map<string, ObjectGroup>();
  for (const env of input.environments) {
    for (const o of env.objects) {
      const g = groups.get(o.key) ?? { key: o.key, byEnv: new Map() };
      g.byEnv.set(env.environment, { ...o, object: clusterScopedWithoutNamespace(o.object, input.kinds) });
      groups.set(o.key, g);
    }
  }
  // Literal names in container text, once per object and field (the first environment's).
  const warned = new Set<string>();
  for (const env of input.environments)
    for (const o of env.objects) {
      const at = { app: input.app, environment: env.environment, namespace: env.namespace };
      for (const w of literalNameWarnings({ ...at, constructPath: o.constructPath, object: o.object }, names)) {
        const key = `${o.key}\u0000${w.field ?? ''}`;
        if (warned.has(key) || o.waivers?.some((x) => x.rule === w.rule)) continue;
        warned.add(key);
        problems.push(w);
      }
    }
  // The first entry of each environment, as a search in order would find it.
  const namespaceOfEnv = new Map<string, string>();
  for (const x of input.environments)
    if (!namespaceOfEnv.has(x.environment)) namespaceOfEnv.set(x.environment, x.namespace);
  const firstOf = (g: ObjectGroup): ChartObjectInput => g.byEnv.get(envNames.find((e) => g.byEnv.has(e))!)!;
  // Sort keys are built once per object, not once per comparison.
  const ordered = [...groups.values()]
    .map((g) => {
      const o = firstOf(g).object;
      return {
        g,
        k: `${String(kindRank(o.kind)).padStart(4, '0')}\u0000${o.kind}\u0000${o.metadata.name ?? ''}\u0000${g.key}`,
      };
    })
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
    .map((x) => x.g);

  const derived: DerivedValue[] = [];
  const templates: { group: ObjectGroup; tree: unknown; conditions: DerivedValue[]; explicit: string[] }[] = [];
  const crds: KubeObject[] = [];
  for (const g of ordered) {
    const first = firstOf(g);
    const where = {
      constructPath: first.constructPath,
      object: `${first.object.kind}/${first.object.metadata.name ?? ''}`,
    };
    if (first.object.kind === CRD) {
      const crd = first.object;
      const same = [...g.byEnv.values()].every((o) => JSON.stringify(o.object) === JSON.stringify(crd));
      if (!same || g.byEnv.size !== envNames.length) {
        problems.push(
          problem(
            input,
            'helm/crd-differs',
            "a CustomResourceDefinition must be the same in every environment to go into the chart's crds/ folder",
            'Helm installs crds/ as they are (no templating): define the CRD once, independent of the environment.',
            where,
          ),
        );
      }
      crds.push(crd);
      continue;
    }
    const name = String(first.object.metadata.name ?? 'object');
    const base = valueSegment(name);
    const naming: ObjectNaming = {
      base,
      withKind: base + kindOf(first.object),
      unique: valueSegment(g.key.replace(/\/Resource$/, '')) + kindOf(first.object),
    };
    const entries = envNames
      .filter((e) => g.byEnv.has(e))
      .map((e) => {
        const o = g.byEnv.get(e)!;
        const ns = namespaceOfEnv.get(e)!;
        return [
          e,
          substituteRelease(o.object, { appName: release.app, namespace: ns, names, nestedApps: release.nestedApps }),
        ] as const;
      });
    const merged = mergeEnvironments(entries, naming);
    for (const bad of merged.inexpressible) {
      const shown = [...bad.values].map(([e, v]) => `${e}: ${shortJson(v)}`).join('; ');
      problems.push(
        problem(
          input,
          'helm/inexpressible-difference',
          `field ${bad.field} differs between environments and contains an object name, a release expression or a declared value, so the chart cannot turn it into a value (${shown})`,
          'Make the field the same in every environment; for a list, keep common items in the same order and give every item a unique name so the chart can match them; or declare the field with ChartValues.object/list and use it in every environment.',
          { ...where, field: bad.field },
        ),
      );
    }
    derived.push(...merged.derived);
    const conditions: DerivedValue[] = [];
    if (g.byEnv.size !== envNames.length) {
      const c = conditionValue(naming, new Map(envNames.map((e) => [e, g.byEnv.has(e)] as const)));
      conditions.push(c);
      derived.push(c);
    }
    const explicit = [...new Set([...g.byEnv.values()].flatMap((o) => o.conditions))].sort();
    templates.push({ group: g, tree: merged.tree, conditions, explicit });
  }

  // The app's own Namespace (named {{ .Release.Namespace }}) can be left to Helm: `helm install`
  // needs the release namespace before it installs anything and will not adopt one it made.
  const ownNamespace = templates.filter((t) => isReleaseNamespace(t.tree));
  for (const t of ownNamespace) t.explicit.push(CREATE_NAMESPACE);
  const clash =
    ownNamespace.length > 0
      ? declared.find((d) => d.path === CREATE_NAMESPACE || d.path.startsWith(`${CREATE_NAMESPACE}.`))
      : undefined;
  if (clash) {
    problems.push(
      problem(
        input,
        'helm/value-conflict',
        `the declared value ${clash.path} takes the path of the chart's switch for the app's own Namespace (${CREATE_NAMESPACE})`,
        `Give the declared value another name: ${CREATE_NAMESPACE} says whether the chart creates the release namespace.`,
      ),
    );
  }
  const subcharts = input.subcharts ?? [];
  const stuck = assignPaths(
    derived,
    new Set([
      ...declared.map((d) => d.path),
      ...subcharts.map((c) => c.app),
      ...(input.vendored ?? []).flatMap((v) => [v.name, vendoredCondition(v.name)]),
      ...(ownNamespace.length > 0 ? [CREATE_NAMESPACE] : []),
    ]),
  );
  for (const s of stuck) {
    problems.push(
      problem(
        input,
        'helm/value-conflict',
        `no free value path for a derived value (tried ${s.candidates.map((c) => c.join('.')).join(', ')})`,
        'Rename the declared value that takes this path.',
      ),
    );
  }

  const fileNames = objectFileNames(templates.map((t) => firstOf(t.group).object));
  templates.forEach((t, i) => {
    const first = firstOf(t.group);
    const report = (field: string, msg: string): void => {
      problems.push(
        problem(
          input,
          'helm/value-type',
          msg,
          'Use string and number values in strings; render objects and lists as whole fields.',
          {
            constructPath: first.constructPath,
            object: `${first.object.kind}/${first.object.metadata.name ?? ''}`,
            field,
          },
        ),
      );
    };
    const tree = addHelmLabels(
      input.valueMarkers === false ? t.tree : markersToHoles(t.tree, declaredTypes, report),
      input.app,
    );
    const conditions = [...t.explicit, ...t.conditions.map((c) => c.path)];
    emit(`templates/${fileNames[i]}`, renderTemplate(tree, input.app, conditions));
  });
  crds.forEach((c) => emit(`crds/${String(c.metadata.name)}.yaml`, toYaml(c)));

  const specs: ChartValueSpec[] = [...declared];
  if (ownNamespace.length > 0 && !clash) {
    specs.push({
      path: CREATE_NAMESPACE,
      schema: {
        type: 'boolean',
        description:
          'Whether the chart creates the release namespace, with its labels (Pod Security admission), as the plain output does. ' +
          'Set it to false to install with helm install --create-namespace, or into a namespace that exists: Helm does not adopt a namespace it did not create; the namespace then lacks the labels.',
      },
      defaultValue: true,
      perEnvironment: new Map(),
    });
  }
  for (const d of derived) {
    const present = envNames.filter((e) => d.perEnvironment.has(e));
    const isCondition = d.hole === undefined;
    specs.push({
      path: d.path,
      schema: isCondition
        ? {
            type: 'boolean',
            description: d.description ?? 'Whether the object exists (derived: it exists in some environments only).',
          }
        : derivedSchema([...d.perEnvironment.values()], `Derived from the environments: ${present.join(', ')}.`),
      defaultValue: d.perEnvironment.get(present[0]),
      perEnvironment: d.perEnvironment,
    });
  }

  // Subcharts: charts/<name>/, a dependency switched by <name>.enabled, their values under <name>.
  const dependencies: { name: string; version: string; condition?: string }[] = [];
  const subValues: { name: string; specs: readonly ChartValueSpec[] }[] = [];
  for (const sub of subcharts) {
    if (sub.app === input.app || sub.app === release.app) {
      problems.push(
        problem(
          input,
          'helm/chart-name',
          `the nested app ${JSON.stringify(sub.app)} has the name of the app it is in`,
          "Give the nested Application another id: its chart helpers would clash with the parent's.",
        ),
      );
    }
    const built = buildChart({ ...sub, release }, (path, content) => emit(`charts/${sub.app}/${path}`, content));
    problems.push(...built.problems);
    dependencies.push({ name: sub.app, version: built.version, condition: `${sub.app}.enabled` });
    const present = new Set(sub.environments.map((e) => e.environment));
    specs.push({
      path: `${sub.app}.enabled`,
      schema: {
        type: 'boolean',
        description: `Whether the subchart ${sub.app} is installed (derived: it exists in ${[...present].join(', ')}).`,
      },
      defaultValue: present.has(envNames[0]),
      perEnvironment: new Map(envNames.map((e) => [e, present.has(e)] as const)),
    });
    subValues.push({ name: sub.app, specs: built.specs });
  }

  const vendored = vendoredDependencies(
    input.app,
    input.vendored ?? [],
    envNames,
    new Set(subcharts.map((c) => c.app)),
    emit,
  );
  dependencies.push(...vendored.dependencies);
  specs.push(...vendored.specs);
  problems.push(...vendored.problems);

  const version = input.settings.version ?? '0.1.0';
  if (!SEMVER.test(version)) {
    problems.push(
      problem(
        input,
        'helm/chart-version',
        `chart version ${JSON.stringify(version)} is not SemVer`,
        'Use e.g. "1.2.3" or "1.2.3-rc.1".',
      ),
    );
  }
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(input.app)) {
    problems.push(
      problem(
        input,
        'helm/chart-name',
        `app name ${JSON.stringify(input.app)} is not a valid chart name`,
        'Name the Application with lower-case letters, digits and dashes.',
      ),
    );
  }
  emit(
    'Chart.yaml',
    chartYaml({
      name: input.app,
      version,
      appVersion: input.settings.appVersion ?? version,
      description: input.settings.description ?? `The ${input.app} app, generated by Berth`,
      dependencies,
    }),
  );
  emit('values.yaml', toYaml(defaultValues(specs)));
  // A subchart's per-environment values are in its parent's values-<env>.yaml.
  for (const e of input.release ? [] : envNames) {
    let values = deepMerge(environmentValues(specs, e), vendored.valuesIn(e) as Record<string, unknown>);
    for (const sub of subValues) {
      const own = environmentValues(sub.specs, e);
      if (Object.keys(own).length > 0) values = deepMerge(values, { [sub.name]: own });
    }
    emit(`values-${e}.yaml`, toYaml(values));
  }
  emit('values.schema.json', `${JSON.stringify(valuesSchema(specs, `Values of the ${input.app} chart`), null, 2)}\n`);
  emit('templates/_helpers.tpl', helpersTpl(input.app, release.app));
  emit(
    'templates/NOTES.txt',
    notesTxt(
      input.app,
      templates.map((t) => `${firstOf(t.group).object.kind}/${String(firstOf(t.group).object.metadata.name ?? '')}`),
      envNames,
    ),
  );
  emit('.helmignore', HELMIGNORE);
  // The parent writes these under <name>: in its values-<env>.yaml (subcharts' values nested).
  const allSpecs = [
    ...specs,
    ...subValues.flatMap((sv) => sv.specs.map((x) => ({ ...x, path: `${sv.name}.${x.path}` }))),
  ];
  return { files, problems, specs: allSpecs, version };
}
