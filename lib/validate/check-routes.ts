import { ExternalRefs } from './external-refs';
import { asObject, asObjects, asString, Finding, groupOf } from './finding';
import { selectorMatches } from './label-selector';
import { ObjectIndex } from './object-index';

/**
 * References of Gateway API routes (HTTPRoute, GRPCRoute): the parent Gateway and the listener
 * that would accept the route (its section, protocol, the namespaces it admits and its
 * hostnames), and the backend Services with their ports, including the ReferenceGrant a
 * backend in another namespace needs. Each is what would leave the route detached or its
 * backend unresolved in the cluster, with no error at apply time.
 */

const GATEWAY_GROUP = 'gateway.networking.k8s.io';

type Push = (f: Finding) => void;

/** Whether `o` is a route this check reads. */
export function isGatewayRoute(o: Record<string, unknown>): boolean {
  return (
    (o.kind === 'HTTPRoute' || o.kind === 'GRPCRoute') &&
    typeof o.apiVersion === 'string' &&
    groupOf(o.apiVersion) === GATEWAY_GROUP
  );
}

/**
 * Whether a listener's hostname and a route's intersect, as Gateway API matches them: equal,
 * or a `*.` wildcard on either side matching the other's suffix (`*.example.com` matches
 * `a.example.com` and `a.b.example.com`, not `example.com`).
 */
export function hostnamesIntersect(listener: string | undefined, route: string): boolean {
  if (listener === undefined || listener === '') return true;
  if (listener === route) return true;
  const suffix = (wild: string, host: string) => wild.startsWith('*.') && host.endsWith(wild.slice(1));
  return suffix(listener, route) || suffix(route, listener);
}

/** Whether `listener` of a Gateway in `gatewayNs` admits a route of `kind` from `routeNs`. */
function admits(
  listener: Record<string, unknown>,
  kind: string,
  routeNs: string,
  gatewayNs: string,
  index: ObjectIndex,
): boolean {
  const protocol = asString(listener.protocol);
  if (protocol !== 'HTTP' && protocol !== 'HTTPS') return false;
  const allowed = asObject(listener.allowedRoutes);
  const kinds = asObjects(allowed.kinds);
  if (kinds.length > 0 && !kinds.some((k) => k.kind === kind && (k.group ?? GATEWAY_GROUP) === GATEWAY_GROUP))
    return false;
  const namespaces = asObject(allowed.namespaces);
  const from = asString(namespaces.from) ?? 'Same';
  if (from === 'All') return true;
  if (from === 'Same') return routeNs === gatewayNs;
  if (from !== 'Selector') return false;
  // Every namespace carries its name as a label; others come from the Namespace object, if here.
  const labels = {
    ...asObject(asObject(asObject(index.find('Namespace', '', routeNs)?.object).metadata).labels),
    'kubernetes.io/metadata.name': routeNs,
  };
  return selectorMatches(asObject(namespaces.selector), labels);
}

/** Checks one route: its parent Gateways, hostnames and backends. */
export function checkRoute(
  o: Record<string, unknown>,
  ns: string,
  index: ObjectIndex,
  ext: ExternalRefs,
  push: Push,
): void {
  const kind = String(o.kind);
  const spec = asObject(o.spec);
  const hostnames = (Array.isArray(spec.hostnames) ? spec.hostnames : []).filter(
    (h): h is string => typeof h === 'string',
  );
  asObjects(spec.parentRefs).forEach((ref, i) => {
    if ((ref.group ?? GATEWAY_GROUP) !== GATEWAY_GROUP || (ref.kind ?? 'Gateway') !== 'Gateway') return;
    const name = asString(ref.name);
    if (!name) return;
    const gatewayNs = asString(ref.namespace) ?? ns;
    const field = `spec.parentRefs[${i}]`;
    const where = `${gatewayNs}/${name}`;
    const found = index.find('Gateway', gatewayNs, name);
    if (!found || groupOf(String(asObject(found.object).apiVersion)) !== GATEWAY_GROUP) {
      if (ext.has('Gateway', gatewayNs, name)) return;
      push({
        rule: 'reference/route-parent',
        absent: true,
        field: `${field}.name`,
        value: name,
        message: `the parent Gateway ${where} does not exist in this environment: the ${kind} attaches to nothing`,
        hint: `Declare the Gateway (new Gateway(...)), fix the name or namespace, or declare it external (Gateway.fromName, or berth.dev/external-refs: Gateway/${where}).`,
      });
      return;
    }
    const listeners = asObjects(asObject(asObject(found.object).spec).listeners);
    const section = asString(ref.sectionName);
    const selected = section === undefined ? listeners : listeners.filter((l) => l.name === section);
    if (section !== undefined && selected.length === 0) {
      push({
        rule: 'reference/route-parent',
        field: `${field}.sectionName`,
        value: section,
        message: `Gateway ${where} has no listener named ${JSON.stringify(section)} (it has ${listeners.map((l) => String(l.name)).join(', ') || 'none'})`,
        hint: 'Name one of its listeners in sectionName, or leave sectionName out.',
      });
      return;
    }
    const admitting = selected.filter((l) => admits(l, kind, ns, gatewayNs, index));
    if (admitting.length === 0) {
      push({
        rule: 'reference/route-parent',
        field: `${field}.name`,
        value: name,
        message: `no ${section === undefined ? 'listener' : `listener ${JSON.stringify(section)}`} of Gateway ${where} admits a ${kind} from namespace ${ns} (an HTTP or HTTPS listener whose allowedRoutes take it): the route stays detached`,
        hint: `Set allowedRoutes on the listener to include namespace ${ns} ('All' or the namespace's name), or move the route to namespace ${gatewayNs}.`,
      });
      return;
    }
    hostnames.forEach((h, j) => {
      if (admitting.some((l) => hostnamesIntersect(asString(l.hostname), h))) return;
      const allowed = [...new Set(admitting.map((l) => String(l.hostname)))].sort();
      push({
        rule: 'reference/route-hostname',
        field: `spec.hostnames[${j}]`,
        value: h,
        message: `the hostname ${JSON.stringify(h)} is not served by ${section === undefined ? 'any listener' : `listener ${JSON.stringify(section)}`} of Gateway ${where} (${allowed.join(', ')}): requests for it never reach the route`,
        hint: `Use a hostname within ${allowed.join(' or ')}, or add a listener for ${JSON.stringify(h)} to the Gateway.`,
      });
    });
  });
  asObjects(spec.rules).forEach((rule, i) => {
    asObjects(rule.backendRefs).forEach((b, j) => checkBackend(b, `spec.rules[${i}].backendRefs[${j}]`));
  });

  function checkBackend(b: Record<string, unknown>, field: string): void {
    if ((b.group ?? '') !== '' || (b.kind ?? 'Service') !== 'Service') return;
    const name = asString(b.name);
    if (!name) return;
    const backendNs = asString(b.namespace) ?? ns;
    const where = `${backendNs}/${name}`;
    if (ext.has('Service', backendNs, name)) return;
    const found = index.find('Service', backendNs, name);
    if (!found) {
      push({
        rule: 'reference/route-backend',
        absent: true,
        field: `${field}.name`,
        value: name,
        message: `the backend Service ${where} does not exist in this environment: the ${kind} would answer 500`,
        hint: `Create the Service (workload.exposeViaService()), fix the name or namespace, or declare it external (berth.dev/external-refs: Service/${where}).`,
      });
      return;
    }
    const ports = asObjects(asObject(asObject(found.object).spec).ports).map((p) => p.port);
    if (typeof b.port === 'number' && !ports.includes(b.port)) {
      push({
        rule: 'reference/route-backend',
        field: `${field}.port`,
        value: b.port,
        message: `Service ${where} has no port ${b.port} (it has ${ports.map(String).join(', ') || 'none'})`,
        hint: 'Use one of the Service ports (not the container port it targets).',
      });
    }
    if (backendNs !== ns && !granted(backendNs, name)) {
      push({
        rule: 'reference/route-backend',
        field: `${field}.namespace`,
        value: backendNs,
        message: `the backend Service ${where} is in another namespace and no ReferenceGrant in ${backendNs} lets a ${kind} of namespace ${ns} refer to it: the Gateway refuses the reference`,
        hint: `Add a ReferenceGrant in namespace ${backendNs} from ${kind} in ${ns} to Service ${name} (Berth's routes make one for a Service construct).`,
      });
    }
  }

  function granted(backendNs: string, name: string): boolean {
    return index.ofKind('ReferenceGrant').some((r) => {
      const g = asObject(r.object);
      if (asString(asObject(g.metadata).namespace) !== backendNs) return false;
      const gs = asObject(g.spec);
      return (
        asObjects(gs.from).some((f) => f.group === GATEWAY_GROUP && f.kind === kind && f.namespace === ns) &&
        asObjects(gs.to).some((t) => (t.group ?? '') === '' && t.kind === 'Service' && (t.name ?? name) === name)
      );
    });
  }
}
