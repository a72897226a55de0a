import { ManifestRecord } from '../model/manifest';
import { annotationsOf, ExternalRefs } from './external-refs';
import { child } from '../model/field-path';
import { asArray, asObject, asPartial, asString, Finding, namespaceOf, problemAt } from './finding';
import { describeSelector, isEmptySelector, mapSelectorMatches, selectorMatches } from './label-selector';
import { ObjectIndex } from './object-index';
import { containersOf, podTemplateOf, PodTemplate } from './pod-templates';
import { Problem } from '../model/problem';
import { isRecord } from '../model/is-record';
import { ianaSvcName } from '../model/name-grammar';
import { checkRoute, isGatewayRoute } from './check-routes';

/**
 * References between objects of one environment: selectors that select nothing, volumes and
 * env sources naming objects that do not exist, dangling HPA targets, role bindings, restore
 * sources and Gateway API routes (check-routes). Objects declared external (see `ExternalRefs`) are trusted to exist.
 */

/** ClusterRoles every cluster has. */
const BUILT_IN_CLUSTER_ROLES = new Set(['view', 'edit', 'admin', 'cluster-admin']);

/**
 * Checks the references inside one environment. `partial`: the input is not a whole
 * environment, so a reference to an object it does not hold is a warning, not an error.
 */
export function checkReferences(
  records: readonly ManifestRecord[],
  external: readonly string[] = [],
  index: ObjectIndex = new ObjectIndex(records),
  partial = false,
): Problem[] {
  const out: Problem[] = [];
  for (const record of records) {
    const o = record.object as unknown;
    if (!isRecord(o)) continue;
    const ext = new ExternalRefs(external, () => [annotationsOf(o), podTemplateOf(o)?.annotations ?? {}]);
    const push = (f: Finding): void => {
      out.push(problemAt(record, partial && f.absent ? asPartial(f) : f));
    };
    const ns = namespaceOf(o);
    switch (o.kind) {
      case 'Service':
        checkServiceSelector(o, ns, index, push);
        break;
      case 'PodDisruptionBudget':
        checkPdbSelector(o, ns, index, push);
        break;
      case 'VolumeSnapshot':
        checkSnapshotSource(o, ns, index, ext, push);
        break;
      case 'PersistentVolumeClaim':
        checkRestoreSource(o, ns, index, ext, push);
        break;
      case 'HorizontalPodAutoscaler':
        checkHpaTarget(o, ns, index, ext, push);
        break;
      case 'RoleBinding':
      case 'ClusterRoleBinding':
        checkRoleRef(o, ns, index, ext, push);
        break;
      case 'HTTPRoute':
      case 'GRPCRoute':
        if (isGatewayRoute(o)) checkRoute(o, ns, index, ext, push);
        break;
      default:
    }
    const template = podTemplateOf(o);
    if (template) {
      checkWorkloadSelector(o, template, push);
      checkPodRefs(template, ns, index, ext, push);
    }
  }
  return out;
}

type Push = (f: Finding) => void;

function checkServiceSelector(o: Record<string, unknown>, ns: string, index: ObjectIndex, push: Push): void {
  const spec = asObject(o.spec);
  const selector = asObject(spec.selector);
  if (spec.type === 'ExternalName' || Object.keys(selector).length === 0) return;
  const selected = index
    .templatesWithLabels(ns, selector)
    .filter((t) => mapSelectorMatches(selector, t.template.labels));
  if (selected.length > 0) {
    checkServiceTargetPorts(
      spec,
      selected.map((t) => t.template),
      push,
    );
    return;
  }
  push({
    rule: 'reference/service-selector',
    absent: true,
    field: 'spec.selector',
    value: selector,
    message: `the selector ${describeSelector({ matchLabels: selector })} selects no pod template${ns ? ` in namespace ${ns}` : ''}`,
    hint: "Make the selector equal to the labels of the workload it fronts (or use the workload's expose method).",
  });
}

/**
 * A Service's named target ports: the pods it selects must declare a container port of that
 * name, or the Service has no endpoint port and its traffic goes nowhere.
 */
function checkServiceTargetPorts(spec: Record<string, unknown>, templates: readonly PodTemplate[], push: Push): void {
  const ports = asArray(spec.ports);
  if (!ports.some((p) => typeof asObject(p).targetPort === 'string')) return;
  const declared = new Set<string>();
  for (const t of templates) {
    for (const c of containersOf(t)) {
      for (const p of asArray(c.container.ports)) {
        const n = asString(asObject(p).name);
        if (n !== undefined) declared.add(n);
      }
    }
  }
  ports.forEach((p, i) => {
    const target = asObject(p).targetPort;
    // A name outside the grammar is reported by the grammar check already.
    if (typeof target !== 'string' || declared.has(target) || ianaSvcName(target).length > 0) return;
    push({
      rule: 'reference/service-target-port',
      field: `spec.ports[${i}].targetPort`,
      value: target,
      message: `targetPort ${JSON.stringify(target)} names no container port of the pods the Service selects${declared.size > 0 ? ` (they declare ${[...declared].sort().join(', ')})` : ''}: its traffic would go nowhere`,
      hint: 'Use the name of a container port, or the port number.',
    });
  });
}

function checkPdbSelector(o: Record<string, unknown>, ns: string, index: ObjectIndex, push: Push): void {
  const selector = asObject(o.spec).selector;
  if (!isRecord(selector) || isEmptySelector(selector)) return;
  if (
    index
      .templatesWithLabels(ns, asObject(selector.matchLabels))
      .some((t) => selectorMatches(selector, t.template.labels))
  )
    return;
  push({
    rule: 'reference/pdb-selector',
    absent: true,
    field: 'spec.selector',
    value: selector,
    message: `the selector ${describeSelector(selector)} selects no pod template${ns ? ` in namespace ${ns}` : ''}`,
    hint: 'Make the selector match the labels of the workload the budget protects.',
  });
}

function checkWorkloadSelector(o: Record<string, unknown>, t: PodTemplate, push: Push): void {
  if (o.kind === 'Pod' || o.kind === 'CronJob') return;
  const selector = asObject(o.spec).selector;
  if (!isRecord(selector)) return;
  const ok =
    o.kind === 'ReplicationController' ? mapSelectorMatches(selector, t.labels) : selectorMatches(selector, t.labels);
  if (!ok) {
    push({
      rule: 'reference/workload-selector',
      field: 'spec.selector',
      value: selector,
      message: `the selector ${describeSelector(o.kind === 'ReplicationController' ? { matchLabels: selector } : selector)} does not match the template labels (${describeSelector({ matchLabels: t.labels })})`,
      hint: `Add the selector's labels to ${t.metadataPath}.labels, or derive the selector from them.`,
    });
  }
}

function missing(kind: string, name: string, field: string, ns: string, push: Push): void {
  const rule =
    {
      Secret: 'reference/missing-secret',
      ConfigMap: 'reference/missing-configmap',
      PersistentVolumeClaim: 'reference/missing-pvc',
    }[kind] ?? 'reference/missing-object';
  const annotation = {
    Secret: 'berth.dev/external-secrets',
    ConfigMap: 'berth.dev/external-configmaps',
    PersistentVolumeClaim: 'berth.dev/external-pvcs',
  }[kind];
  push({
    rule,
    absent: true,
    field,
    value: name,
    message: `${kind} ${JSON.stringify(name)} does not exist${ns ? ` in namespace ${ns}` : ''} in this environment`,
    hint: `Create the ${kind}, fix the name, mark the reference optional, or declare it external (annotation ${annotation ?? 'berth.dev/external-refs'}: ${annotation ? name : `${kind}/${name}`}, or options.external).`,
  });
}

/** A field path, built only when a problem is reported. */
type FieldPath = () => string;

function checkPodRefs(t: PodTemplate, ns: string, index: ObjectIndex, ext: ExternalRefs, push: Push): void {
  const ref = (
    kind: string,
    name: unknown,
    field: FieldPath,
    optional: unknown,
    key?: { value: unknown; field: FieldPath },
  ): void => {
    if (typeof name !== 'string' || name === '' || optional === true) return;
    if (kind === 'PersistentVolumeClaim') {
      if (!index.hasClaim(ns, name) && !ext.has(kind, ns, name)) missing(kind, name, field(), ns, push);
      return;
    }
    const target = index.find(kind, ns, name);
    if (!target) {
      if (!ext.has(kind, ns, name)) missing(kind, name, field(), ns, push);
      return;
    }
    if (key && typeof key.value === 'string' && !ext.has(kind, ns, name)) {
      const data = {
        ...asObject(asObject(target.object).data),
        ...asObject(asObject(target.object).binaryData),
        ...asObject(asObject(target.object).stringData),
      };
      // An object without any data is filled by someone else (an operator, a sealed secret): skip.
      if (Object.keys(data).length > 0 && !Object.hasOwn(data, key.value)) {
        push({
          rule: 'reference/missing-key',
          field: key.field(),
          value: key.value,
          message: `${kind} ${JSON.stringify(name)} has no key ${JSON.stringify(key.value)}`,
          hint: `Use one of its keys (${Object.keys(data).sort().join(', ') || 'it has none'}) or add the key.`,
        });
      }
    }
  };
  const at =
    (base: FieldPath, ...keys: (string | number)[]): FieldPath =>
    () =>
      keys.reduce<string>((p, k) => child(p, k), base());
  const specPath: FieldPath = () => t.specPath;
  asArray(t.spec.volumes).forEach((v, i) => {
    const vol = asObject(v);
    const base = at(specPath, 'volumes', i);
    ref(
      'PersistentVolumeClaim',
      asObject(vol.persistentVolumeClaim).claimName,
      at(base, 'persistentVolumeClaim', 'claimName'),
      false,
    );
    const cm = asObject(vol.configMap);
    ref('ConfigMap', cm.name, at(base, 'configMap', 'name'), cm.optional);
    const sec = asObject(vol.secret);
    ref('Secret', sec.secretName, at(base, 'secret', 'secretName'), sec.optional);
    asArray(asObject(vol.projected).sources).forEach((s, j) => {
      const src = asObject(s);
      const sb = at(base, 'projected', 'sources', j);
      ref('ConfigMap', asObject(src.configMap).name, at(sb, 'configMap', 'name'), asObject(src.configMap).optional);
      ref('Secret', asObject(src.secret).name, at(sb, 'secret', 'name'), asObject(src.secret).optional);
    });
  });
  asArray(t.spec.imagePullSecrets).forEach((s, i) =>
    ref('Secret', asObject(s).name, at(specPath, 'imagePullSecrets', i, 'name'), false),
  );
  for (const c of containersOf(t)) {
    const containerPath: FieldPath = () => c.path;
    asArray(c.container.envFrom).forEach((e, i) => {
      const ef = asObject(e);
      const base = at(containerPath, 'envFrom', i);
      ref(
        'ConfigMap',
        asObject(ef.configMapRef).name,
        at(base, 'configMapRef', 'name'),
        asObject(ef.configMapRef).optional,
      );
      ref('Secret', asObject(ef.secretRef).name, at(base, 'secretRef', 'name'), asObject(ef.secretRef).optional);
    });
    asArray(c.container.env).forEach((e, i) => {
      const vf = asObject(asObject(e).valueFrom);
      const base = at(containerPath, 'env', i, 'valueFrom');
      const cm = asObject(vf.configMapKeyRef);
      ref('ConfigMap', cm.name, at(base, 'configMapKeyRef', 'name'), cm.optional, {
        value: cm.key,
        field: at(base, 'configMapKeyRef', 'key'),
      });
      const sk = asObject(vf.secretKeyRef);
      ref('Secret', sk.name, at(base, 'secretKeyRef', 'name'), sk.optional, {
        value: sk.key,
        field: at(base, 'secretKeyRef', 'key'),
      });
    });
  }
}

function checkSnapshotSource(
  o: Record<string, unknown>,
  ns: string,
  index: ObjectIndex,
  ext: ExternalRefs,
  push: Push,
): void {
  const source = asObject(asObject(o.spec).source);
  const pvc = asString(source.persistentVolumeClaimName);
  if (pvc && !index.hasClaim(ns, pvc) && !ext.has('PersistentVolumeClaim', ns, pvc)) {
    push({
      rule: 'reference/snapshot-source',
      absent: true,
      field: 'spec.source.persistentVolumeClaimName',
      value: pvc,
      message: `the snapshot's source PVC ${JSON.stringify(pvc)} does not exist in this environment`,
      hint: `Name an existing PVC (StatefulSet claims are named <template>-<statefulset>-<ordinal>) or declare it external (berth.dev/external-pvcs: ${pvc}).`,
    });
  }
  const content = asString(source.volumeSnapshotContentName);
  if (content && !index.find('VolumeSnapshotContent', '', content) && !ext.has('VolumeSnapshotContent', '', content)) {
    push({
      rule: 'reference/snapshot-source',
      absent: true,
      field: 'spec.source.volumeSnapshotContentName',
      value: content,
      message: `the VolumeSnapshotContent ${JSON.stringify(content)} does not exist in this environment`,
      hint: `Add the VolumeSnapshotContent or declare it external (berth.dev/external-refs: VolumeSnapshotContent/${content}).`,
    });
  }
}

function checkRestoreSource(
  o: Record<string, unknown>,
  ns: string,
  index: ObjectIndex,
  ext: ExternalRefs,
  push: Push,
): void {
  const spec = asObject(o.spec);
  for (const key of ['dataSource', 'dataSourceRef']) {
    const src = asObject(spec[key]);
    const name = asString(src.name);
    const kind = asString(src.kind);
    if (!name || !kind) continue;
    const srcNs = asString(src.namespace) ?? ns;
    let exists: boolean;
    if (kind === 'PersistentVolumeClaim' && !src.apiGroup) exists = index.hasClaim(srcNs, name);
    else if (kind === 'VolumeSnapshot' && src.apiGroup === 'snapshot.storage.k8s.io')
      exists = index.find('VolumeSnapshot', srcNs, name) !== undefined;
    else continue; // volume populators: not ours to check
    if (!exists && !ext.has(kind, srcNs, name)) {
      push({
        rule: 'reference/restore-source',
        absent: true,
        field: `spec.${key}.name`,
        value: name,
        message: `the restore source ${kind} ${JSON.stringify(name)} does not exist in this environment`,
        hint: `Create the ${kind} in this environment, fix the name, or declare it external (berth.dev/external-refs: ${kind}/${name}).`,
      });
    }
  }
}

function checkHpaTarget(
  o: Record<string, unknown>,
  ns: string,
  index: ObjectIndex,
  ext: ExternalRefs,
  push: Push,
): void {
  const ref = asObject(asObject(o.spec).scaleTargetRef);
  const kind = asString(ref.kind);
  const name = asString(ref.name);
  if (!kind || !name || ext.has(kind, ns, name)) return;
  const target = index.find(kind, ns, name);
  if (!target) {
    push({
      rule: 'reference/hpa-target',
      absent: true,
      field: 'spec.scaleTargetRef',
      value: `${kind}/${name}`,
      message: `the scale target ${kind} ${JSON.stringify(name)} does not exist in this environment`,
      hint: `Point scaleTargetRef at an existing workload or declare it external (berth.dev/external-refs: ${kind}/${name}).`,
    });
  } else if (typeof ref.apiVersion === 'string' && asObject(target.object).apiVersion !== ref.apiVersion) {
    push({
      rule: 'reference/hpa-target',
      field: 'spec.scaleTargetRef.apiVersion',
      value: ref.apiVersion,
      message: `the scale target ${kind} ${JSON.stringify(name)} has apiVersion ${String(asObject(target.object).apiVersion)}, not ${ref.apiVersion}`,
      hint: `Set scaleTargetRef.apiVersion to ${String(asObject(target.object).apiVersion)}.`,
    });
  }
}

function checkRoleRef(o: Record<string, unknown>, ns: string, index: ObjectIndex, ext: ExternalRefs, push: Push): void {
  const ref = asObject(o.roleRef);
  const kind = asString(ref.kind);
  const name = asString(ref.name);
  if (!kind || !name) return;
  if (kind === 'ClusterRole' && (BUILT_IN_CLUSTER_ROLES.has(name) || name.startsWith('system:'))) return;
  if (o.kind === 'ClusterRoleBinding' && kind === 'Role') {
    push({
      rule: 'reference/role-ref',
      field: 'roleRef.kind',
      value: kind,
      message: 'a ClusterRoleBinding can only refer to a ClusterRole',
      hint: 'Use a RoleBinding for a Role, or bind a ClusterRole.',
    });
    return;
  }
  if (ext.has(kind, kind === 'Role' ? ns : '', name)) return;
  const exists = kind === 'Role' ? index.find('Role', ns, name) : index.find('ClusterRole', '', name);
  if (!exists) {
    push({
      rule: 'reference/role-ref',
      absent: true,
      field: 'roleRef.name',
      value: name,
      message: `the ${kind} ${JSON.stringify(name)} does not exist in this environment`,
      hint: `Create the ${kind}, use a built-in ClusterRole (view, edit, admin), or declare it external (berth.dev/external-refs: ${kind}/${name}).`,
    });
  }
}
