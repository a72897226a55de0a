import { ManifestRecord } from '../model/manifest';
import { isRecord } from '../model/is-record';
import { annotationsOf, ExternalRefs } from './external-refs';
import { asObject, asObjects, asString, Finding, nameOf, namespaceOf, PlacedFinding } from './finding';
import { describeSelector, isEmptySelector, mapSelectorMatches, selectorMatches } from './label-selector';
import { ObjectIndex } from './object-index';
import { podTemplateOf } from './pod-templates';

/**
 * Objects that name others (kube-linter's dangling-networkpolicy and dangling-ingress,
 * kube-score's networkpolicy-targets-pod, ingress-targets-service and
 * statefulset-has-servicename): a NetworkPolicy's pods, an Ingress backend's Service and port,
 * a StatefulSet's headless Service. A missing object is `absent` (a warning with `--partial`)
 * and may be declared external.
 */
export function checkPolicyReferences(index: ObjectIndex, external: readonly string[]): PlacedFinding[] {
  const out: PlacedFinding[] = [];
  for (const record of index.ofKind('NetworkPolicy')) {
    const f = checkNetworkPolicy(asObject(record.object), index);
    if (f) out.push({ record, finding: f });
  }
  for (const record of index.ofKind('StatefulSet')) {
    const o = asObject(record.object);
    const ext = new ExternalRefs(external, () => [annotationsOf(o), podTemplateOf(o)?.annotations ?? {}]);
    const f = checkServiceName(o, index, ext);
    if (f) out.push({ record, finding: f });
  }
  for (const record of index.ofKind('Ingress')) checkIngress(record, index, external, out);
  return out;
}

function checkNetworkPolicy(o: Record<string, unknown>, index: ObjectIndex): Finding | undefined {
  const selector = asObject(o.spec).podSelector;
  if (!isRecord(selector) || isEmptySelector(selector)) return undefined;
  const ns = namespaceOf(o);
  if (
    index.someTemplateWithLabels(ns, asObject(selector.matchLabels), (t) =>
      selectorMatches(selector, t.template.labels),
    )
  )
    return undefined;
  return {
    rule: 'policy/network-policy-selector',
    absent: true,
    field: 'spec.podSelector',
    value: selector,
    message: `NetworkPolicy ${nameOf(o)}: the podSelector ${describeSelector(selector)} selects no pod template${ns ? ` in namespace ${ns}` : ''}, so the policy applies to nothing`,
    hint: 'Make podSelector match the labels of the pods it is meant for, or remove the policy (pods made by an operator: waive the rule with the reason).',
  };
}

function checkServiceName(o: Record<string, unknown>, index: ObjectIndex, ext: ExternalRefs): Finding | undefined {
  const name = asString(asObject(o.spec).serviceName);
  if (name === undefined || name === '') return undefined;
  const ns = namespaceOf(o);
  const where = ns ? ` in namespace ${ns}` : '';
  const base = { rule: 'policy/statefulset-service', field: 'spec.serviceName', value: name };
  const found = index.find('Service', ns, name);
  if (!found) {
    if (ext.has('Service', ns, name)) return undefined;
    return {
      ...base,
      absent: true,
      message: `StatefulSet ${nameOf(o)}: serviceName ${JSON.stringify(name)} names no Service${where}, so its pods get no stable DNS names (${nameOf(o)}-0.${name})`,
      hint: `Add a headless Service ${JSON.stringify(name)} (clusterIP: None) selecting its pods, fix the name, or declare it external (berth.dev/external-refs: Service/${name}).`,
    };
  }
  const spec = asObject(asObject(found.object).spec);
  if (spec.clusterIP !== 'None') {
    return {
      ...base,
      message: `StatefulSet ${nameOf(o)}: serviceName ${JSON.stringify(name)} names a Service that is not headless (clusterIP: ${spec.clusterIP === undefined ? 'unset' : JSON.stringify(spec.clusterIP)}), so its pods get no stable DNS names`,
      hint: `Point serviceName at a headless Service (clusterIP: None), or set clusterIP: None on ${JSON.stringify(name)}.`,
    };
  }
  const selector = asObject(spec.selector);
  const labels = podTemplateOf(o)?.labels ?? {};
  if (Object.keys(selector).length > 0 && mapSelectorMatches(selector, labels)) return undefined;
  return {
    ...base,
    message: `StatefulSet ${nameOf(o)}: the headless Service ${JSON.stringify(name)} selects ${describeSelector({ matchLabels: selector })}, not its pods (${describeSelector({ matchLabels: labels })}), so they get no DNS records`,
    hint: `Make the selector of Service ${JSON.stringify(name)} match the StatefulSet's pod labels.`,
  };
}

function checkIngress(
  record: ManifestRecord,
  index: ObjectIndex,
  external: readonly string[],
  out: PlacedFinding[],
): void {
  const o = asObject(record.object);
  const ns = namespaceOf(o);
  const spec = asObject(o.spec);
  const ext = new ExternalRefs(external, () => [annotationsOf(o)]);
  const backends: { readonly path: string; readonly backend: Record<string, unknown> }[] = [];
  if (isRecord(spec.defaultBackend)) backends.push({ path: 'spec.defaultBackend', backend: spec.defaultBackend });
  asObjects(spec.rules).forEach((rule, i) => {
    asObjects(asObject(rule.http).paths).forEach((p, j) => {
      backends.push({ path: `spec.rules[${i}].http.paths[${j}].backend`, backend: asObject(p.backend) });
    });
  });
  const push = (f: Finding): void => {
    out.push({ record, finding: f });
  };
  for (const { path, backend } of backends) {
    const service = asObject(backend.service);
    const name = asString(service.name);
    if (name === undefined || name === '') continue;
    const found = index.find('Service', ns, name);
    if (!found) {
      if (ext.has('Service', ns, name)) continue;
      push({
        rule: 'policy/ingress-backend',
        absent: true,
        field: `${path}.service.name`,
        value: name,
        message: `Ingress ${nameOf(o)} sends traffic to Service ${JSON.stringify(name)}, which does not exist${ns ? ` in namespace ${ns}` : ''}: requests get 503`,
        hint: `Name an existing Service of the Ingress's namespace, add it, or declare it external (berth.dev/external-refs: Service/${name}).`,
      });
      continue;
    }
    const svc = asObject(asObject(found.object).spec);
    if (svc.type === 'ExternalName') continue;
    const port = asObject(service.port);
    const ports = asObjects(svc.ports);
    const [key, wanted] = port.number !== undefined ? ['number', port.number] : ['name', port.name];
    if (wanted === undefined) continue;
    const has = ports.some((p) => (key === 'number' ? p.port === wanted : p.name === wanted));
    if (has) continue;
    const offered = ports.map((p) => (key === 'number' ? p.port : p.name)).filter((v) => v !== undefined);
    push({
      rule: 'policy/ingress-backend',
      field: `${path}.service.port.${key}`,
      value: wanted,
      message: `Ingress ${nameOf(o)} sends traffic to port ${JSON.stringify(wanted)} of Service ${JSON.stringify(name)}, which has no such port${offered.length > 0 ? ` (its ports: ${offered.map((v) => JSON.stringify(v)).join(', ')})` : ''}: requests get 503`,
      hint:
        offered.length > 0
          ? `Use one of the Service's port ${key === 'number' ? 'numbers' : 'names'} (${offered.map((v) => JSON.stringify(v)).join(', ')}), or add the port to the Service.`
          : `Add port ${JSON.stringify(wanted)} to the Service.`,
    });
  }
}
