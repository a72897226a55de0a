import { Finding, asArray, asObject, asString } from '../finding';
import { dataKey } from '../../model/name-grammar';
import { duplicate, forbidden, invalid, isInt, MSG, notSupported, required } from './api-error';
import { checkLifecycle, checkProbe } from './handlers';
import { checkResourceRequirements } from './resources';
import { isRecord } from '../../model/is-record';

/**
 * One container as the API server checks it (core `validateContainerCommon`, `ValidateEnv`,
 * `ValidateEnvFrom`, `ValidateVolumeMounts`, `validateContainerPorts`, `ValidateSecurityContext`),
 * and what differs between regular and init containers. Names, port names and duplicate mounts
 * are the grammar check's.
 */

/** What the checks of one container need to know about its pod. */
export interface PodFacts {
  /** `terminationGracePeriodSeconds` after defaulting (30). */
  readonly gracePeriod: number;
  /** The top-level object is a Pod (not a template). */
  readonly isPod: boolean;
  /** The pod's `restartPolicy` after defaulting (Always). */
  readonly restartPolicy: string;
}

const ENV_FIELD_PATHS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
];
const ENV_RESOURCES = new Set([
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
]);
const ENV_SOURCES = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'] as const;

/**
 * Environment variable names as Kubernetes v1.33 accepts them (RelaxedEnvironmentVariableValidation,
 * on by default since v1.32): printable ASCII other than `=`.
 */
function envNameError(name: string): string | undefined {
  if (name === '') return 'environment variable name must be non-empty';
  return /^[\x20-\x3c\x3e-\x7e]*$/.test(name)
    ? undefined
    : "a valid environment variable name must consist only of printable ASCII characters other than '='";
}

function envNameHint(name: string): string {
  const fixed = name.replace(/[^\x20-\x3c\x3e-\x7e]+/g, '_').replace(/=/g, '_');
  return fixed && fixed !== name
    ? `Use ${JSON.stringify(fixed)}: printable ASCII, without "=".`
    : 'Give the variable a name of printable ASCII characters, without "=".';
}

function checkKeyRef(ref: Record<string, unknown>, path: string, out: Finding[]): void {
  const k = ref.key;
  if (k === '') out.push(required('api/required', `${path}.key`, '', 'Name the key to read.'));
  else if (typeof k === 'string')
    for (const msg of dataKey(k))
      out.push(invalid('api/format', `${path}.key`, k, msg, 'Keys are letters, digits, "-", "_" and ".".'));
}

function checkEnv(c: Record<string, unknown>, path: string, out: Finding[]): void {
  const env = asArray(c.env);
  for (let i = 0; i < env.length; i++) {
    const ev = asObject(env[i]);
    const p = `${path}.env[${i}]`;
    const name = asString(ev.name);
    if (name === '') out.push(required('api/required', `${p}.name`, '', 'Give the variable a name.'));
    else if (name !== undefined) {
      const err = envNameError(name);
      if (err) out.push(invalid('api/format', `${p}.name`, name, err, envNameHint(name)));
    }
    if (!isRecord(ev.valueFrom)) continue;
    const from = ev.valueFrom;
    const fp = `${p}.valueFrom`;
    const present = ENV_SOURCES.filter((s) => from[s] !== undefined && from[s] !== null);
    if (present.length === 0) {
      out.push(
        invalid(
          'api/one-of',
          fp,
          '',
          'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
          'Say where the value comes from, e.g. valueFrom.secretKeyRef: { name, key }, or use value instead.',
        ),
      );
      continue;
    }
    if (typeof ev.value === 'string' && ev.value !== '') {
      out.push(
        invalid(
          'api/one-of',
          fp,
          '',
          'may not be specified when `value` is not empty',
          'Keep either value (a literal) or valueFrom (a reference), not both.',
        ),
      );
    } else if (present.length > 1) {
      out.push(
        invalid(
          'api/one-of',
          fp,
          '',
          'may not have more than one field specified at a time',
          `Keep one of ${present.join(', ')}: a variable has one source.`,
        ),
      );
    }
    if (isRecord(from.configMapKeyRef)) checkKeyRef(from.configMapKeyRef, `${fp}.configMapKeyRef`, out);
    if (isRecord(from.secretKeyRef)) checkKeyRef(from.secretKeyRef, `${fp}.secretKeyRef`, out);
    if (isRecord(from.fieldRef)) {
      const fieldPath = asString(from.fieldRef.fieldPath);
      if (
        fieldPath !== undefined &&
        !ENV_FIELD_PATHS.includes(fieldPath) &&
        !/^metadata\.(labels|annotations)\[.+\]$/.test(fieldPath)
      ) {
        out.push(
          notSupported(
            'api/format',
            `${fp}.fieldRef.fieldPath`,
            fieldPath,
            ENV_FIELD_PATHS,
            "Use one of the supported fields, or metadata.labels['<key>'] / metadata.annotations['<key>'].",
          ),
        );
      }
    }
    if (isRecord(from.resourceFieldRef)) {
      const resource = asString(from.resourceFieldRef.resource);
      if (
        resource !== undefined &&
        resource !== '' &&
        !ENV_RESOURCES.has(resource) &&
        !/^(limits|requests)\.hugepages-/.test(resource)
      ) {
        out.push(
          notSupported(
            'api/format',
            `${fp}.resourceFieldRef.resource`,
            resource,
            [...ENV_RESOURCES].sort(),
            'Use one of the supported resources, e.g. limits.memory.',
          ),
        );
      }
    }
  }
  const envFrom = asArray(c.envFrom);
  for (let i = 0; i < envFrom.length; i++) {
    const ef = asObject(envFrom[i]);
    const prefix = asString(ef.prefix);
    if (prefix !== undefined && prefix !== '') {
      const err = envNameError(prefix);
      if (err) out.push(invalid('api/format', `${path}.envFrom[${i}].prefix`, prefix, err, envNameHint(prefix)));
    }
    const n = (isRecord(ef.configMapRef) ? 1 : 0) + (isRecord(ef.secretRef) ? 1 : 0);
    // The API server names the list, not the entry.
    if (n === 0)
      out.push(
        invalid(
          'api/one-of',
          `${path}.envFrom`,
          '',
          'must specify one of: `configMapRef` or `secretRef`',
          `Give envFrom[${i}] a configMapRef or a secretRef.`,
        ),
      );
    else if (n > 1)
      out.push(
        invalid(
          'api/one-of',
          `${path}.envFrom`,
          '',
          'may not have more than one field specified at a time',
          `Split envFrom[${i}] into one entry with configMapRef and one with secretRef.`,
        ),
      );
  }
}

/** A path inside a volume: relative, without `..` (core `validateLocalDescendingPath`). */
export function localPathErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.startsWith('/')) errs.push('must be a relative path');
  if (value.split('/').includes('..')) errs.push("must not contain '..'");
  return errs;
}

function checkVolumeMounts(c: Record<string, unknown>, path: string, out: Finding[]): void {
  // The API server reports subPath and the like under the list's path, without the index.
  const listPath = `${path}.volumeMounts`;
  const mounts = asArray(c.volumeMounts);
  for (let i = 0; i < mounts.length; i++) {
    const mount = asObject(mounts[i]);
    if (mount.mountPath === '')
      out.push(
        required(
          'api/required',
          `${listPath}[${i}].mountPath`,
          '',
          'Say where to mount the volume, e.g. mountPath: /data.',
        ),
      );
    const subPath = asString(mount.subPath);
    if (subPath)
      for (const msg of localPathErrors(subPath))
        out.push(
          invalid(
            'api/format',
            `${listPath}.subPath`,
            subPath,
            msg,
            `subPath (volumeMounts[${i}]) is a path inside the volume: write it relative to the volume's root, without "..".`,
          ),
        );
    const expr = asString(mount.subPathExpr);
    if (expr) {
      if (subPath)
        out.push(
          invalid(
            'api/one-of',
            `${listPath}[${i}].subPathExpr`,
            expr,
            'subPathExpr and subPath are mutually exclusive',
            'Keep one of subPath and subPathExpr.',
          ),
        );
      for (const msg of localPathErrors(expr))
        out.push(
          invalid(
            'api/format',
            `${listPath}.subPathExpr`,
            expr,
            msg,
            `subPathExpr (volumeMounts[${i}]) is a path inside the volume: relative, without "..".`,
          ),
        );
    }
    if (mount.mountPropagation === 'Bidirectional' && asObject(c.securityContext).privileged !== true) {
      out.push(
        forbidden(
          'api/combination',
          `${listPath}.mountPropagation`,
          'Bidirectional mount propagation is available only to privileged containers',
          `Use mountPropagation HostToContainer (volumeMounts[${i}]), or run the container privileged.`,
        ),
      );
    }
    const rro = mount.recursiveReadOnly;
    if ((rro === 'IfPossible' || rro === 'Enabled') && mount.readOnly !== true) {
      out.push(
        forbidden(
          'api/combination',
          `${listPath}.recursiveReadOnly`,
          'may only be specified when readOnly is true',
          `Set readOnly: true on volumeMounts[${i}], or remove recursiveReadOnly.`,
        ),
      );
    }
  }
}

/** Checks the container's ports; true when one of them takes a host port. */
function checkPorts(c: Record<string, unknown>, path: string, out: Finding[]): boolean {
  let hostPort = false;
  const ports = asArray(c.ports);
  for (let i = 0; i < ports.length; i++) {
    const port = asObject(ports[i]);
    const cp = port.containerPort;
    if (cp === 0)
      out.push(
        required(
          'api/range',
          `${path}.ports[${i}].containerPort`,
          '',
          'Give the port number the process listens on (1-65535).',
        ),
      );
    else if (isInt(cp) && (cp < 1 || cp > 65535))
      out.push(
        invalid(
          'api/range',
          `${path}.ports[${i}].containerPort`,
          cp,
          MSG.port,
          'Use the port the process listens on (1-65535).',
        ),
      );
    const hp = port.hostPort;
    if (isInt(hp) && hp !== 0) {
      hostPort = true;
      if (hp < 1 || hp > 65535)
        out.push(
          invalid(
            'api/range',
            `${path}.ports[${i}].hostPort`,
            hp,
            MSG.port,
            'Use a host port from 1 to 65535, or remove hostPort.',
          ),
        );
    }
  }
  return hostPort;
}

const ID_RANGE = 'must be between 0 and 2147483647, inclusive';

/** The user and group ids of a (pod or container) securityContext. */
export function checkIds(sc: Record<string, unknown>, path: string, keys: readonly string[], out: Finding[]): void {
  for (const k of keys) {
    const v = sc[k];
    if (isInt(v) && (v < 0 || v > 2147483647))
      out.push(invalid('api/range', `${path}.${k}`, v, ID_RANGE, `Use an id from 0 to 2147483647 for ${k}.`));
  }
}

function checkSecurityContext(c: Record<string, unknown>, path: string, out: Finding[]): void {
  if (!isRecord(c.securityContext)) return;
  const sc = c.securityContext;
  const p = `${path}.securityContext`;
  checkIds(sc, p, ['runAsUser', 'runAsGroup'], out);
  if (sc.allowPrivilegeEscalation === false && sc.privileged === true) {
    out.push(
      invalid(
        'api/combination',
        p,
        sc,
        'cannot set `allowPrivilegeEscalation` to false and `privileged` to true',
        "A privileged container can always escalate: remove privileged (Berth's default), or allowPrivilegeEscalation: false.",
      ),
    );
  }
}

/** Checks what every container (regular, init, ephemeral) must satisfy; true when it takes a host port. */
export function checkContainerCommon(c: Record<string, unknown>, path: string, pod: PodFacts, out: Finding[]): boolean {
  const image = c.image;
  if (image === undefined || image === '')
    out.push(required('api/required', `${path}.image`, '', 'Set the container image, e.g. "ghcr.io/acme/app:1.2.3".'));
  else if (pod.isPod && typeof image === 'string' && image.trim() !== image) {
    out.push(
      invalid(
        'api/format',
        `${path}.image`,
        image,
        'must not have leading or trailing whitespace',
        `Use ${JSON.stringify(image.trim())}.`,
      ),
    );
  }
  const hostPort = c.ports !== undefined && checkPorts(c, path, out);
  if (c.env !== undefined || c.envFrom !== undefined) checkEnv(c, path, out);
  if (c.volumeMounts !== undefined) checkVolumeMounts(c, path, out);
  if (c.resources !== undefined) checkResourceRequirements(c.resources, `${path}.resources`, out);
  if (c.securityContext !== undefined) checkSecurityContext(c, path, out);
  if (Array.isArray(c.resizePolicy)) checkResizePolicy(c.resizePolicy, `${path}.resizePolicy`, pod, out);
  return hostPort;
}

/**
 * In-place resize policies (core `validateResizePolicy`): one per resource (the schema allows
 * only cpu and memory, NotRequired and RestartContainer), and a pod that never restarts cannot
 * restart a container to resize it.
 */
function checkResizePolicy(list: readonly unknown[], path: string, pod: PodFacts, out: Finding[]): void {
  const seen = new Set<unknown>();
  list.forEach((p, i) => {
    if (!isRecord(p)) return;
    if (seen.has(p.resourceName)) {
      out.push(
        duplicate(
          'api/combination',
          `${path}[${i}]`,
          p.resourceName,
          'Give each resource (cpu, memory) one resize policy.',
        ),
      );
    }
    seen.add(p.resourceName);
    if (pod.restartPolicy === 'Never' && p.restartPolicy !== undefined && p.restartPolicy !== 'NotRequired') {
      out.push(
        invalid(
          'api/combination',
          `${path}[${i}]`,
          p.restartPolicy,
          "must be 'NotRequired' when `restartPolicy` is 'Never'",
          "A pod that never restarts cannot restart a container to resize it: use 'NotRequired' (or leave resizePolicy out).",
        ),
      );
    }
  });
}

function checkProbes(c: Record<string, unknown>, path: string, pod: PodFacts, out: Finding[]): void {
  if (c.lifecycle !== undefined && c.lifecycle !== null)
    checkLifecycle(c.lifecycle, `${path}.lifecycle`, pod.gracePeriod, out);
  if (c.livenessProbe !== undefined)
    checkProbe(c.livenessProbe, 'livenessProbe', `${path}.livenessProbe`, pod.gracePeriod, out);
  if (c.readinessProbe !== undefined)
    checkProbe(c.readinessProbe, 'readinessProbe', `${path}.readinessProbe`, pod.gracePeriod, out);
  if (c.startupProbe !== undefined)
    checkProbe(c.startupProbe, 'startupProbe', `${path}.startupProbe`, pod.gracePeriod, out);
}

/** A regular container: probes and hooks are allowed, `restartPolicy` is not. True when it takes a host port. */
export function checkRegularContainer(
  c: Record<string, unknown>,
  path: string,
  pod: PodFacts,
  out: Finding[],
): boolean {
  const hostPort = checkContainerCommon(c, path, pod, out);
  checkProbes(c, path, pod, out);
  if (c.restartPolicy !== undefined && c.restartPolicy !== null) {
    out.push(
      forbidden(
        'api/combination',
        `${path}.restartPolicy`,
        'may not be set for non-init containers',
        'Remove it: only init containers take restartPolicy (Always makes them sidecars).',
      ),
    );
  }
  return hostPort;
}

/** An init container: probes and hooks only when it is a sidecar (`restartPolicy: Always`). True when it takes a host port. */
export function checkInitContainer(c: Record<string, unknown>, path: string, pod: PodFacts, out: Finding[]): boolean {
  const hostPort = checkContainerCommon(c, path, pod, out);
  if (c.restartPolicy === 'Always') {
    checkProbes(c, path, pod, out);
    return hostPort;
  }
  for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
    if (c[f] !== undefined && c[f] !== null) {
      out.push(
        forbidden(
          'api/combination',
          `${path}.${f}`,
          'may not be set for init containers without restartPolicy=Always',
          `An init container runs to completion before the others start: remove ${f}, or make it a sidecar with restartPolicy: Always.`,
        ),
      );
    }
  }
  return hostPort;
}
