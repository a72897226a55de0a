import { parseCidr, isStrictSubset } from './cidr';
import { cronScheduleError } from './cron-schedule';
import { child } from '../model/field-path';
import { asArray, asObject, asString, clipped, Finding } from './finding';
import {
  dataKey,
  DATA_MAX_BYTES,
  dns1035Label,
  dns1123Label,
  dns1123Subdomain,
  ianaSvcName,
  labelValue,
  objectNameLimit,
  pathSegmentName,
  qualifiedName,
  RBAC_KINDS,
  suggestDnsName,
} from '../model/name-grammar';
import { containersOf, podTemplateOf, workloadSelectorOf } from './pod-templates';
import { isRecord } from '../model/is-record';
import { closest } from '../model/edit-distance';

/**
 * The grammar the API server enforces on values the OpenAPI schema only types as strings:
 * object names, label keys and values, annotations, container and port names, CronJob
 * schedules, NetworkPolicy CIDRs, VolumeSnapshot sources.
 */

/** Largest total size of an object's annotations (keys + values), as the API server counts it. */
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** Checks the grammar of one object. */
export function checkGrammar(object: unknown): Finding[] {
  const o = asObject(object);
  const out: Finding[] = [];
  checkMetadata(o, out);
  const t = podTemplateOf(o);
  if (t) {
    checkLabels(t.labels, child(t.metadataPath, 'labels'), out);
    const volumes = checkPodSpec(t.spec, t.specPath, out);
    // A StatefulSet's claim templates are volumes of its pods too.
    if (o.kind === 'StatefulSet') {
      for (const vct of asArray(asObject(o.spec).volumeClaimTemplates)) {
        const name = asString(asObject(asObject(vct).metadata).name);
        if (name !== undefined) volumes.add(name);
      }
    }
    const containerNames = new Set<string>();
    for (const c of containersOf(t)) {
      checkContainer(c.container, c.path, out);
      checkVolumeMounts(c.container, c.path, volumes, out);
      const name = asString(c.container.name);
      if (name === undefined) continue;
      if (containerNames.has(name))
        out.push({
          rule: 'grammar/container-name',
          field: child(c.path, 'name'),
          value: name,
          message: `two containers of the pod are named ${JSON.stringify(name)} (init containers included)`,
          hint: 'Give each container its own name.',
        });
      containerNames.add(name);
    }
  }
  const selector = workloadSelectorOf(o);
  if (isRecord(selector)) checkLabels(asObject(selector.matchLabels), 'spec.selector.matchLabels', out);
  switch (o.kind) {
    case 'Service':
      checkService(o, out);
      break;
    case 'CronJob':
      checkCronJob(o, out);
      break;
    case 'NetworkPolicy':
      checkNetworkPolicy(o, out);
      break;
    case 'VolumeSnapshot':
      checkVolumeSnapshot(o, out);
      break;
    case 'ConfigMap':
      if (o.apiVersion === 'v1') checkDataMaps(o, ['data', 'binaryData'], 'binaryData', out);
      break;
    case 'Secret':
      if (o.apiVersion === 'v1') checkDataMaps(o, ['data', 'stringData'], 'data', out);
      break;
    case 'Deployment':
      checkDeploymentStrategy(o, out);
      break;
    case 'HorizontalPodAutoscaler':
      checkReplicaBounds(o, out);
      break;
    case 'PodDisruptionBudget':
      checkLabels(asObject(asObject(asObject(o.spec).selector).matchLabels), 'spec.selector.matchLabels', out);
      break;
    default:
  }
  return out;
}

function nameRule(kind: unknown): { check: (v: string) => string[]; what: string } {
  if (kind === 'Namespace') return { check: dns1123Label, what: 'a DNS-1123 label' };
  if (kind === 'Service') return { check: dns1035Label, what: 'a DNS-1035 label' };
  if (typeof kind === 'string' && RBAC_KINDS.has(kind)) return { check: pathSegmentName, what: 'a path segment name' };
  return { check: dns1123Subdomain, what: 'a DNS-1123 subdomain' };
}

function checkMetadata(o: Record<string, unknown>, out: Finding[]): void {
  const meta = asObject(o.metadata);
  const name = meta.name;
  if (typeof name !== 'string' || name === '') {
    if (typeof meta.generateName !== 'string' || meta.generateName === '') {
      out.push({
        rule: 'grammar/object-name',
        field: 'metadata.name',
        value: name,
        message: 'the object has no name',
        hint: 'Set metadata.name.',
      });
    }
  } else {
    const rule = nameRule(o.kind);
    const errs = rule.check(name);
    if (errs.length > 0) {
      out.push({
        rule: 'grammar/object-name',
        field: 'metadata.name',
        value: name,
        message: `a ${String(o.kind)} name must be ${rule.what}: it ${errs.join('; it ')}`,
        hint:
          rule.what === 'a path segment name'
            ? 'Remove "/" and "%" from the name.'
            : `Use a name like ${JSON.stringify(suggestDnsName(name, rule.what.includes('subdomain') ? 253 : 63))}.`,
      });
    } else {
      // Kinds whose controllers build longer names or labels from the name (CronJob, StatefulSet).
      const limit = typeof o.kind === 'string' ? objectNameLimit(o.kind) : undefined;
      if (limit && limit.max < 63 && name.length > limit.max) {
        out.push({
          rule: 'grammar/object-name',
          field: 'metadata.name',
          value: name,
          message: `${limit.rule} must be no more than ${limit.max} characters; it has ${name.length}`,
          hint: `Shorten it, e.g. ${JSON.stringify(name.slice(0, limit.max).replace(/[^a-z0-9]+$/, ''))}.`,
        });
      }
    }
  }
  const ns = meta.namespace;
  if (typeof ns === 'string') {
    const errs = dns1123Label(ns);
    if (errs.length > 0)
      out.push({
        rule: 'grammar/namespace',
        field: 'metadata.namespace',
        value: ns,
        message: `a namespace must be a DNS-1123 label: it ${errs.join('; it ')}`,
        hint: `Use a namespace like ${JSON.stringify(suggestDnsName(ns))}.`,
      });
  }
  checkLabels(asObject(meta.labels), 'metadata.labels', out);
  const annotations = asObject(meta.annotations);
  let size = 0;
  for (const [k, v] of Object.entries(annotations)) {
    size += k.length + (typeof v === 'string' ? Buffer.byteLength(v, 'utf8') : 0);
    const errs = qualifiedName(k);
    if (errs.length > 0)
      out.push({
        rule: 'grammar/annotation-key',
        field: child('metadata.annotations', k),
        value: k,
        message: `annotation key ${JSON.stringify(k)} is invalid: ${errs.join('; ')}`,
        hint: 'Use a key like "example.com/my-note".',
      });
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) {
    out.push({
      rule: 'grammar/annotations-size',
      field: 'metadata.annotations',
      value: size,
      message: `the annotations total ${size} bytes, more than the limit of ${TOTAL_ANNOTATION_SIZE_LIMIT} (256 KiB)`,
      hint: 'Move large data into a ConfigMap; for large objects use server-side apply (no last-applied-configuration annotation).',
    });
  }
}

/** Checks label keys and values of a label map. */
function checkLabels(labels: Record<string, unknown>, path: string, out: Finding[]): void {
  for (const [k, v] of Object.entries(labels)) {
    const keyErrs = qualifiedName(k);
    if (keyErrs.length > 0)
      out.push({
        rule: 'grammar/label-key',
        field: child(path, k),
        value: k,
        message: `label key ${JSON.stringify(k)} is invalid: ${keyErrs.join('; ')}`,
        hint: 'Use a key like "app.kubernetes.io/name" or "tier".',
      });
    if (typeof v !== 'string') continue;
    const valErrs = labelValue(v);
    if (valErrs.length > 0) {
      const fix = v
        .replace(/[^-A-Za-z0-9_.]+/g, '-')
        .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '')
        .slice(0, 63);
      out.push({
        rule: 'grammar/label-value',
        field: child(path, k),
        value: v,
        message: `label value ${JSON.stringify(v)} ${valErrs.join('; ')}`,
        hint: `Use a value like ${JSON.stringify(fix)}; put longer text in an annotation.`,
      });
    }
  }
}

/** Checks the pod's volumes; returns their names. */
function checkPodSpec(spec: Record<string, unknown>, path: string, out: Finding[]): Set<string> {
  const names = new Set<string>();
  asArray(spec.volumes).forEach((v, i) => {
    const name = asString(asObject(v).name);
    if (name === undefined) return;
    // The field path is built only for a finding (this runs for every volume of every pod).
    const field = (): string => child(child(child(path, 'volumes'), i), 'name');
    const errs = dns1123Label(name);
    if (errs.length > 0)
      out.push({
        rule: 'grammar/volume-name',
        field: field(),
        value: name,
        message: `volume name ${JSON.stringify(name)} must be a DNS-1123 label: it ${errs.join('; it ')}`,
        hint: `Use ${JSON.stringify(suggestDnsName(name))}.`,
      });
    if (names.has(name))
      out.push({
        rule: 'grammar/volume-name',
        field: field(),
        value: name,
        message: `two volumes of the pod are named ${JSON.stringify(name)}`,
        hint: 'Give each volume its own name.',
      });
    names.add(name);
  });
  return names;
}

/** A container's volume mounts: each names a volume of the pod, and no two share a mount path. */
function checkVolumeMounts(
  c: Record<string, unknown>,
  path: string,
  volumes: ReadonlySet<string>,
  out: Finding[],
): void {
  const paths = new Set<string>();
  asArray(c.volumeMounts).forEach((m, i) => {
    const mount = asObject(m);
    const base = (): string => child(child(path, 'volumeMounts'), i);
    const name = asString(mount.name);
    if (name !== undefined && !volumes.has(name)) {
      const guess = closest(name, volumes);
      out.push({
        rule: 'grammar/volume-mount',
        field: child(base(), 'name'),
        value: name,
        message: `container ${JSON.stringify(c.name)} mounts volume ${JSON.stringify(name)}, which the pod does not have${volumes.size > 0 ? ` (it has ${[...volumes].join(', ')})` : ''}`,
        hint: guess
          ? `Did you mean ${JSON.stringify(guess)}?`
          : "Add the volume to the pod's volumes, or mount one it has.",
      });
    }
    const mountPath = asString(mount.mountPath);
    if (mountPath !== undefined) {
      if (paths.has(mountPath))
        out.push({
          rule: 'grammar/volume-mount',
          field: child(base(), 'mountPath'),
          value: mountPath,
          message: `container ${JSON.stringify(c.name)} mounts two volumes at ${mountPath}`,
          hint: 'Give each mount its own path.',
        });
      paths.add(mountPath);
    }
  });
}

function checkContainer(c: Record<string, unknown>, path: string, out: Finding[]): void {
  const name = asString(c.name);
  if (name !== undefined) {
    const errs = dns1123Label(name);
    if (errs.length > 0)
      out.push({
        rule: 'grammar/container-name',
        field: child(path, 'name'),
        value: name,
        message: `container name ${JSON.stringify(name)} must be a DNS-1123 label: it ${errs.join('; it ')}`,
        hint: `Use ${JSON.stringify(suggestDnsName(name))}.`,
      });
  }
  const portNames = new Set<string>();
  asArray(c.ports).forEach((p, i) => {
    const pn = asString(asObject(p).name);
    if (pn === undefined) return;
    if (portNames.has(pn))
      out.push({
        rule: 'grammar/duplicate-port',
        field: child(child(child(path, 'ports'), i), 'name'),
        value: pn,
        message: `two ports of container ${JSON.stringify(c.name)} are named ${JSON.stringify(pn)}`,
        hint: 'Give each port its own name.',
      });
    portNames.add(pn);
    const errs = ianaSvcName(pn);
    if (errs.length > 0)
      out.push({
        rule: 'grammar/port-name',
        field: child(child(child(path, 'ports'), i), 'name'),
        value: pn,
        message: `container port name ${JSON.stringify(pn)} must be an IANA_SVC_NAME: it ${errs.join('; it ')}`,
        hint: 'Use at most 15 lowercase letters, digits and single hyphens, e.g. "http" or "metrics".',
      });
  });
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const pr = asObject(c[probe]);
    for (const handler of ['httpGet', 'tcpSocket', 'grpc']) {
      const port = asObject(pr[handler]).port;
      if (typeof port === 'string' && ianaSvcName(port).length === 0 && !portNames.has(port)) {
        const declared = [...portNames];
        out.push({
          rule: 'reference/probe-port',
          field: child(child(child(path, probe), handler), 'port'),
          value: port,
          message: `the ${probe} names port ${JSON.stringify(port)}, which container ${JSON.stringify(c.name)} does not declare${declared.length > 0 ? ` (it declares ${declared.join(', ')})` : ''}: the probe would fail`,
          hint:
            declared.length > 0
              ? `Use one of ${declared.map((d) => JSON.stringify(d)).join(', ')}, or the port number.`
              : 'Use the port number, or name the container port.',
        });
      }
      if (typeof port === 'string' && ianaSvcName(port).length > 0) {
        out.push({
          rule: 'grammar/port-name',
          field: child(child(child(path, probe), handler), 'port'),
          value: port,
          message: `probe port ${JSON.stringify(port)} is neither a number nor an IANA_SVC_NAME`,
          hint: 'Use the container port number or the name of a declared container port.',
        });
      }
    }
  }
}

function checkService(o: Record<string, unknown>, out: Finding[]): void {
  const spec = asObject(o.spec);
  checkLabels(asObject(spec.selector), 'spec.selector', out);
  const ports = asArray(spec.ports);
  const names = new Set<string>();
  const numbers = new Set<string>();
  ports.forEach((p, i) => {
    const port = asObject(p);
    const base = `spec.ports[${i}]`;
    const name = asString(port.name);
    const key = `${String(port.port)}/${String(port.protocol ?? 'TCP')}`;
    if (port.port !== undefined && numbers.has(key)) {
      out.push({
        rule: 'grammar/duplicate-port',
        field: child(base, 'port'),
        value: port.port,
        message: `two ports of the Service are ${key}`,
        hint: 'Give each port its own number (or protocol).',
      });
    }
    numbers.add(key);
    if (name !== undefined && name !== '') {
      const errs = dns1123Label(name);
      if (errs.length > 0)
        out.push({
          rule: 'grammar/port-name',
          field: child(base, 'name'),
          value: name,
          message: `service port name ${JSON.stringify(name)} must be a DNS-1123 label: it ${errs.join('; it ')}`,
          hint: `Use ${JSON.stringify(suggestDnsName(name))}.`,
        });
      if (names.has(name))
        out.push({
          rule: 'grammar/duplicate-port',
          field: child(base, 'name'),
          value: name,
          message: `two ports of the Service are named ${JSON.stringify(name)}`,
          hint: 'Give each port its own name.',
        });
      names.add(name);
    } else if (ports.length > 1) {
      out.push({
        rule: 'grammar/port-name',
        field: child(base, 'name'),
        message: 'a Service with more than one port must name every port',
        hint: 'Give each port a name, e.g. "http" and "metrics".',
      });
    }
    if (typeof port.targetPort === 'string') {
      const errs = ianaSvcName(port.targetPort);
      if (errs.length > 0)
        out.push({
          rule: 'grammar/port-name',
          field: child(base, 'targetPort'),
          value: port.targetPort,
          message: `targetPort ${JSON.stringify(port.targetPort)} must be a port number or an IANA_SVC_NAME: it ${errs.join('; it ')}`,
          hint: 'Use the number of the container port or the name of a declared container port.',
        });
    }
  });
}

function checkDeploymentStrategy(o: Record<string, unknown>, out: Finding[]): void {
  const strategy = asObject(asObject(o.spec).strategy);
  if (strategy.type === 'Recreate' && strategy.rollingUpdate !== undefined) {
    out.push({
      rule: 'grammar/strategy',
      field: 'spec.strategy.rollingUpdate',
      value: strategy.rollingUpdate,
      message: 'rollingUpdate is set, but the strategy type is Recreate',
      hint: 'Remove rollingUpdate, or set strategy.type to RollingUpdate.',
    });
  }
}

function checkReplicaBounds(o: Record<string, unknown>, out: Finding[]): void {
  const spec = asObject(o.spec);
  const min = typeof spec.minReplicas === 'number' ? spec.minReplicas : 1;
  if (typeof spec.maxReplicas === 'number' && spec.maxReplicas < min) {
    out.push({
      rule: 'grammar/replica-bounds',
      field: 'spec.maxReplicas',
      value: spec.maxReplicas,
      message: `maxReplicas ${spec.maxReplicas} is below minReplicas ${min}`,
      hint: 'Make maxReplicas at least minReplicas.',
    });
  }
}

function checkCronJob(o: Record<string, unknown>, out: Finding[]): void {
  const schedule = asObject(o.spec).schedule;
  if (typeof schedule !== 'string') return;
  const err = cronScheduleError(schedule);
  if (err) {
    const hint = err.includes('TZ')
      ? 'Move the zone to spec.timeZone (e.g. "Europe/Paris") and keep only the 5 fields in spec.schedule.'
      : 'Write 5 fields "minute hour day-of-month month day-of-week" (e.g. "30 2 * * *") or a macro such as "@daily".';
    out.push({
      rule: 'grammar/cron-schedule',
      field: 'spec.schedule',
      value: schedule,
      message: `invalid schedule: ${err}`,
      hint,
    });
  }
}

function checkNetworkPolicy(o: Record<string, unknown>, out: Finding[]): void {
  const spec = asObject(o.spec);
  for (const [dir, peersKey] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const) {
    asArray(spec[dir]).forEach((rule, i) => {
      asArray(asObject(rule)[peersKey]).forEach((peer, j) => {
        const ipBlock = asObject(peer).ipBlock;
        if (!isRecord(ipBlock)) return;
        const base = child(child(child(child(child('spec', dir), i), peersKey), j), 'ipBlock');
        const cidr = ipBlock.cidr;
        if (typeof cidr !== 'string') return;
        const parsed = parseCidr(cidr);
        if (typeof parsed === 'string') {
          out.push({
            rule: 'grammar/cidr',
            field: child(base, 'cidr'),
            value: cidr,
            message: `${JSON.stringify(cidr)} is not a valid CIDR: ${parsed}`,
            hint: 'Write an address with a prefix length, e.g. "10.0.0.0/8" or "fd00::/8".',
          });
          return;
        }
        asArray(ipBlock.except).forEach((ex, k) => {
          if (typeof ex !== 'string') return;
          const field = child(child(base, 'except'), k);
          const e = parseCidr(ex);
          if (typeof e === 'string')
            out.push({
              rule: 'grammar/cidr',
              field,
              value: ex,
              message: `${JSON.stringify(ex)} is not a valid CIDR: ${e}`,
              hint: 'Write an address with a prefix length, e.g. "10.1.0.0/16".',
            });
          else if (!isStrictSubset(e, parsed))
            out.push({
              rule: 'grammar/cidr',
              field,
              value: ex,
              message: `except ${JSON.stringify(ex)} must be a strict subset of cidr ${JSON.stringify(cidr)}`,
              hint: `Use a range inside ${cidr} with a longer prefix, or remove it.`,
            });
        });
      });
    });
  }
}

/** Standard base64 with padding, as Go decodes `[]byte` fields (line breaks are skipped). */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The keys of a ConfigMap's or Secret's data maps (`maps`) and the base64 of its `[]byte` map
 * (`bytes`): the API server refuses a bad key, a key in two maps of a ConfigMap, and bytes
 * that do not decode.
 */
function checkDataMaps(o: Record<string, unknown>, maps: readonly string[], bytes: string, out: Finding[]): void {
  const seen = new Map<string, string>();
  /** Bytes per key as the API server counts them (a Secret's stringData replaces its data entry). */
  const sizes = new Map<string, number>();
  for (const map of maps) {
    const entries = asObject(o[map]);
    for (const key of Object.keys(entries)) {
      const field = (): string => child(map, key);
      if (dataKey(key).length > 0) {
        out.push({
          rule: 'grammar/data-key',
          field: field(),
          value: key,
          message: `${o.kind} key ${JSON.stringify(key)} is invalid: keys are at most 253 letters, digits, "-", "_" or ".", and not "." or ".."`,
          hint: `Use a key like ${JSON.stringify(key.replace(/[^-._a-zA-Z0-9]+/g, '-').slice(0, 253) || 'key')}.`,
        });
      }
      const other = seen.get(key);
      if (other !== undefined && o.kind === 'ConfigMap') {
        out.push({
          rule: 'grammar/data-key',
          field: field(),
          value: key,
          message: `ConfigMap key ${JSON.stringify(key)} is in both ${other} and ${map}`,
          hint: `Keep it in one of them.`,
        });
      }
      seen.set(key, map);
      const v = entries[key];
      if (typeof v === 'string') {
        const size = map === bytes ? decodedLength(v) : Buffer.byteLength(v, 'utf8');
        sizes.set(key, (o.kind === 'ConfigMap' ? (sizes.get(key) ?? 0) : 0) + size);
      }
      if (map === bytes && typeof v === 'string' && !BASE64.test(v.replace(/[\r\n]/g, ''))) {
        out.push({
          rule: 'grammar/base64',
          field: field(),
          value: clipped(v),
          message: `${o.kind} ${map}.${key} is not base64: the API server decodes ${map} values as bytes`,
          hint:
            o.kind === 'Secret'
              ? 'Put plain text under stringData, or base64-encode it (printf %s value | base64).'
              : 'Put text under data, or base64-encode the bytes.',
        });
      }
    }
  }
  let total = 0;
  for (const [key, size] of sizes) total += key.length + size;
  if (total > DATA_MAX_BYTES) {
    out.push({
      rule: 'grammar/data-size',
      field: maps[0],
      value: `${total} bytes`,
      message: `the ${o.kind} holds ${total} bytes of keys and values, more than the ${DATA_MAX_BYTES} (1 MiB) the API server accepts`,
      hint:
        o.kind === 'Secret'
          ? 'Split it over several Secrets, or mount the large file from elsewhere.'
          : 'Split the data over several ConfigMaps, or ship large files in the image or a volume.',
    });
  }
}

/** The length of the bytes a base64 text decodes to (line breaks skipped). */
function decodedLength(v: string): number {
  const clean = v.replace(/[\r\n]/g, '');
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((clean.length * 3) / 4) - padding);
}

function checkVolumeSnapshot(o: Record<string, unknown>, out: Finding[]): void {
  const source = asObject(asObject(o.spec).source);
  const pvc = typeof source.persistentVolumeClaimName === 'string' && source.persistentVolumeClaimName !== '';
  const content = typeof source.volumeSnapshotContentName === 'string' && source.volumeSnapshotContentName !== '';
  if (pvc === content) {
    out.push({
      rule: 'grammar/volume-snapshot-source',
      field: 'spec.source',
      value: Object.keys(source).length > 0 ? source : undefined,
      message: pvc
        ? 'a VolumeSnapshot source sets both persistentVolumeClaimName and volumeSnapshotContentName'
        : 'a VolumeSnapshot source sets neither persistentVolumeClaimName nor volumeSnapshotContentName',
      hint: 'Set exactly one: persistentVolumeClaimName to snapshot a PVC, or volumeSnapshotContentName to import an existing snapshot.',
    });
  }
}
