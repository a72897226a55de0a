/**
 * Names follow the release: an object's `metadata.name` and every reference to an object of the
 * same app become `{{ include "<app>.name" (list . "<name>") }}` (the plain name when the release
 * is named like the app, `<release>-<name>` otherwise); the app's namespace becomes
 * `{{ .Release.Namespace }}` and the `app.kubernetes.io/instance` label `{{ .Release.Name }}`.
 * References to objects outside the app (external secrets, cluster classes) are left alone.
 */
import { Labels } from '../../core/application';
import { NAME_MARKER } from '../../chart/tokens';
import { KubeObject } from '../../model/manifest';
import { objectNameLimit } from '../../model/name-grammar';
import { mapItems, mapValues } from './copy-on-write';
import { Hole } from './holes';

/** Kinds whose names are not the release's to choose. */
const NEVER_RENAMED = new Set(['CustomResourceDefinition', 'Namespace']);

/** Fields that name another object, by path (indices as `[]`), and the kinds they may name. */
const REFERENCE_RULES: readonly { readonly path: RegExp; readonly kinds: readonly string[] }[] = [
  { path: /(^|\.)serviceAccountName$/, kinds: ['ServiceAccount'] },
  { path: /\.persistentVolumeClaim\.claimName$/, kinds: ['PersistentVolumeClaim'] },
  { path: /(^|\.)persistentVolumeClaimName$/, kinds: ['PersistentVolumeClaim'] },
  { path: /\.configMap\.name$|configMapRef\.name$|configMapKeyRef\.name$/, kinds: ['ConfigMap'] },
  {
    path: /\.secret\.secretName$|\.secret\.name$|secretRef\.name$|secretKeyRef\.name$|imagePullSecrets\[\]\.name$|^spec\.tls\[\]\.secretName$/,
    kinds: ['Secret'],
  },
  { path: /^roleRef\.name$/, kinds: ['Role', 'ClusterRole'] },
  { path: /^subjects\[\]\.name$/, kinds: ['ServiceAccount'] },
  { path: /^spec\.scaleTargetRef\.name$/, kinds: ['Deployment', 'StatefulSet', 'ReplicaSet'] },
  { path: /(^|\.)dataSource(Ref)?\.name$/, kinds: ['VolumeSnapshot', 'PersistentVolumeClaim'] },
  { path: /(^|\.)source\.volumeSnapshotContentName$/, kinds: ['VolumeSnapshotContent'] },
  { path: /(^|\.)volumeSnapshotClassName$/, kinds: ['VolumeSnapshotClass'] },
  { path: /(^|\.)storageClassName$/, kinds: ['StorageClass'] },
  { path: /(^|\.)priorityClassName$/, kinds: ['PriorityClass'] },
  { path: /(^|\.)ingressClassName$/, kinds: ['IngressClass'] },
  { path: /(^|\.)backend\.service\.name$|^spec\.defaultBackend\.service\.name$/, kinds: ['Service'] },
  { path: /^spec\.serviceName$/, kinds: ['Service'] },
];

/** The last path segments REFERENCE_RULES can match: other leaves are never references. */
const REFERENCE_KEYS = new Set([
  'serviceAccountName',
  'claimName',
  'persistentVolumeClaimName',
  'name',
  'secretName',
  'volumeSnapshotContentName',
  'volumeSnapshotClassName',
  'storageClassName',
  'priorityClassName',
  'ingressClassName',
  'serviceName',
]);

/** Every name of `ctx.names`, whatever the kind, to skip leaves that name nothing of the app. */
const allNamesOf = new WeakMap<ReadonlyMap<string, ReadonlySet<string>>, Set<string>>();
function allNames(ctx: ReleaseContext): Set<string> {
  let all = allNamesOf.get(ctx.names);
  if (!all) {
    all = new Set<string>();
    for (const names of ctx.names.values()) for (const n of names) all.add(n);
    allNamesOf.set(ctx.names, all);
  }
  return all;
}

/** What substitution needs to know about one app in one environment. */
export interface ReleaseContext {
  readonly appName: string;
  /** The app's namespace in this environment. */
  readonly namespace: string;
  /** Names of the app's objects by kind (over every environment). */
  readonly names: ReadonlyMap<string, ReadonlySet<string>>;
  /**
   * Names of the apps nested in the release's app (its subcharts): their instance label
   * follows the release like an object name (`mariadb`, or `<release>-mariadb`).
   * @default - none
   */
  readonly nestedApps?: ReadonlySet<string>;
}

/** The names of `objects` by kind, for {@link ReleaseContext.names}. */
export function namesByKind(objects: readonly KubeObject[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const o of objects) {
    if (NEVER_RENAMED.has(o.kind) || typeof o.metadata?.name !== 'string') continue;
    const set = out.get(o.kind) ?? new Set<string>();
    set.add(o.metadata.name);
    out.set(o.kind, set);
  }
  return out;
}

/** Helm refuses release names longer than this. */
const HELM_MAX_RELEASE_NAME = 53;

/**
 * The hole of a name that follows the release. When `<release>-<name>` can be longer than
 * `limit` allows, the hole carries the limit, and the chart fails to render with a release
 * name that makes it so (instead of the API server refusing the object at install).
 */
function nameHole(name: string, limit: { readonly max: number; readonly rule: string } | undefined): Hole {
  return limit !== undefined && HELM_MAX_RELEASE_NAME + 1 + name.length > limit.max
    ? new Hole({ hole: 'name', name, max: limit.max, rule: limit.rule })
    : new Hole({ hole: 'name', name });
}

const LABEL_VALUE_LIMIT = { max: 63, rule: 'a label value' };

const RELEASE_NAMESPACE = new Hole({ hole: 'expr', expr: '.Release.Namespace' });
const RELEASE_NAME = new Hole({ hole: 'expr', expr: '.Release.Name' });

/** `obj` with release-dependent names, namespaces and instance labels replaced by holes. */
export function substituteRelease(obj: KubeObject, ctx: ReleaseContext): Record<string, unknown> {
  // A copy: `walk` returns unchanged subtrees as they are, and the metadata is replaced below.
  const out = { ...(walk(obj, [], '', undefined, ctx) as Record<string, unknown>) };
  const meta = { ...(out.metadata as Record<string, unknown>) };
  if (obj.kind === 'Namespace') {
    if (obj.metadata.name === ctx.namespace) meta.name = RELEASE_NAMESPACE;
  } else if (!NEVER_RENAMED.has(obj.kind) && typeof obj.metadata.name === 'string') {
    meta.name = nameHole(obj.metadata.name, objectNameLimit(obj.kind));
  }
  out.metadata = meta;
  return out;
}

/** The field path of `segments` as REFERENCE_RULES match it: keys joined by `.`, items as `[]`. */
function pathOf(segments: readonly (string | undefined)[]): string {
  let path = '';
  for (const s of segments) path = s === undefined ? `${path}[]` : path ? `${path}.${s}` : s;
  return path;
}

/**
 * `v` with release-dependent strings replaced, copied on write: a subtree without any is
 * returned as it is. `segments` is the path so far (a key, or undefined for a list item),
 * turned into a string only for the few leaves that may be references.
 */
function walk(
  v: unknown,
  segments: (string | undefined)[],
  key: string,
  parent: Record<string, unknown> | undefined,
  ctx: ReleaseContext,
): unknown {
  if (Array.isArray(v)) {
    segments.push(undefined);
    const out = mapItems(v, (x) => walk(x, segments, '', undefined, ctx));
    segments.pop();
    return out;
  }
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    return mapValues(o, (x, k) => {
      segments.push(k);
      const r = walk(x, segments, k, o, ctx);
      segments.pop();
      return r;
    });
  }
  if (typeof v !== 'string') return v;
  if (v.includes('${BerthName:') || v.includes('${BerthDns:')) return nameMarkers(v, ctx);
  if (key === Labels.INSTANCE && v === ctx.appName) return RELEASE_NAME;
  if (key === Labels.INSTANCE && ctx.nestedApps?.has(v)) return nameHole(v, LABEL_VALUE_LIMIT);
  if (key === 'namespace' && v === ctx.namespace) return RELEASE_NAMESPACE;
  if (!REFERENCE_KEYS.has(key) || !allNames(ctx).has(v)) return v;
  const path = pathOf(segments);
  for (const rule of REFERENCE_RULES) {
    if (!rule.path.test(path)) continue;
    const sibling = typeof parent?.kind === 'string' ? parent.kind : undefined;
    const kinds = sibling ? rule.kinds.filter((k) => k === sibling) : rule.kinds;
    if (kinds.some((k) => ctx.names.get(k)?.has(v))) return new Hole({ hole: 'name', name: v });
  }
  return v;
}

/**
 * The name markers of `text` (`service.serviceName`, `service.dnsName`) for this release: an
 * object of the release keeps a marker without kind or namespace, `${BerthName:=<name>}` or
 * `${BerthDns:=<name>}` (the same text in every environment; the chart builder makes it the
 * templated name), any other object's becomes its literal name.
 */
function nameMarkers(text: string, ctx: ReleaseContext): string {
  return text.replace(NAME_MARKER, (_m, form: string, kind: string, name: string, namespace: string | undefined) => {
    const inRelease = ctx.names.get(kind)?.has(name) === true && (form === 'Name' || namespace === ctx.namespace);
    if (inRelease) return `\${Berth${form}:=${name}}`;
    return form === 'Name' ? name : `${name}.${namespace ?? ''}.svc`;
  });
}
