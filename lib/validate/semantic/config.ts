import { Finding, asArray, asObject, asString } from '../finding';
import { qualifiedName } from '../../model/name-grammar';
import { duplicate, forbidden, invalid, key, required } from './api-error';
import { checkResourceQuantity, isExtendedResource, overcommitForbidden } from './resources';
import { Amount, canonicalQuantity, compareAmounts, parseAmount } from './quantity-value';

/**
 * Configuration kinds of the core group (core `ValidateSecret`, `ValidateNamespace`,
 * `ValidateResourceQuota`, `ValidateLimitRange`). Data keys, sizes and base64 are the grammar
 * check's.
 */

/** The keys a typed Secret must hold, by type. */
const SECRET_KEYS: Readonly<Record<string, readonly string[]>> = {
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
};

/** The text of a Secret key, with `stringData` merged over `data` as the API server does. */
function secretText(o: Record<string, unknown>, k: string): string | undefined {
  const s = asObject(o.stringData)[k];
  if (typeof s === 'string') return s;
  const d = asObject(o.data)[k];
  return typeof d === 'string' ? Buffer.from(d, 'base64').toString('utf8') : undefined;
}

/**
 * Why `text` is no JSON object, or undefined. The API server reports Go's JSON decoder error;
 * this says the same in words that do not depend on the JavaScript engine's.
 */
function jsonObjectError(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'the value is not valid JSON';
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
    ? undefined
    : 'the value is JSON but not an object';
}

/** A Secret: the keys its type requires. */
export function checkSecret(o: Record<string, unknown>, out: Finding[]): void {
  const type = asString(o.type) ?? 'Opaque';
  const has = (k: string): boolean => k in asObject(o.data) || k in asObject(o.stringData);
  if (type === 'kubernetes.io/service-account-token') {
    if (!asString(asObject(asObject(o.metadata).annotations)['kubernetes.io/service-account.name'])) {
      out.push(
        required(
          'api/required',
          key('metadata.annotations', 'kubernetes.io/service-account.name'),
          '',
          'Name the ServiceAccount the token is for in the annotation kubernetes.io/service-account.name.',
        ),
      );
    }
    return;
  }
  if (type === 'kubernetes.io/basic-auth') {
    if (!has('username') && !has('password')) {
      for (const k of ['username', 'password'])
        out.push(
          required(
            'api/required',
            key('data', k),
            '',
            'A basic-auth Secret holds username and password (either may be empty): add them under stringData.',
          ),
        );
    }
    return;
  }
  const keys = SECRET_KEYS[type];
  if (!keys) return;
  for (const k of keys) {
    const present = type === 'kubernetes.io/ssh-auth' ? (secretText(o, k) ?? '') !== '' : has(k);
    if (!present) {
      out.push(
        required(
          'api/required',
          key('data', k),
          '',
          `A Secret of type ${type} holds ${keys.join(' and ')}: add ${JSON.stringify(k)} (under stringData for text), or use type Opaque.`,
        ),
      );
      continue;
    }
    if (k.startsWith('.docker')) {
      const text = secretText(o, k) ?? '';
      const error = jsonObjectError(text);
      if (error)
        out.push(
          invalid(
            'api/format',
            key('data', k),
            '<secret contents redacted>',
            error,
            'Put the registry credentials as a JSON object, e.g. what kubectl create secret docker-registry --dry-run=client -o yaml writes.',
          ),
        );
    }
  }
}

/** A Namespace: finalizer names. */
export function checkNamespace(o: Record<string, unknown>, out: Finding[]): void {
  asArray(asObject(o.spec).finalizers).forEach((f) => {
    if (typeof f !== 'string') return;
    for (const msg of qualifiedName(f))
      out.push(invalid('api/format', 'spec.finalizers', f, msg, 'Use a qualified name, e.g. example.com/cleanup.'));
    if (!f.includes('/') && f !== 'kubernetes')
      out.push(
        invalid(
          'api/format',
          'spec.finalizers',
          f,
          'name is neither a standard finalizer name nor is it fully qualified',
          'Prefix the finalizer with your domain, e.g. example.com/cleanup.',
        ),
      );
  });
}

const QUOTA_COUNTS = new Set([
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
]);
const QUOTA_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage', ...QUOTA_COUNTS]);
const SCOPES = new Set([
  'Terminating',
  'NotTerminating',
  'BestEffort',
  'NotBestEffort',
  'PriorityClass',
  'CrossNamespacePodAffinity',
  'VolumeAttributesClass',
]);
const CONFLICTING_SCOPES = [
  ['BestEffort', 'NotBestEffort'],
  ['Terminating', 'NotTerminating'],
];

function isQuotaResource(name: string): boolean {
  return (
    name.includes('/') ||
    QUOTA_RESOURCES.has(name) ||
    /^(requests|limits)\.(cpu|memory|ephemeral-storage|storage)$/.test(name) ||
    /^(requests|limits)\.hugepages-/.test(name) ||
    /^[a-z0-9-]+\.storageclass\.storage\.k8s\.io\//.test(name)
  );
}

/** A ResourceQuota: resource names, quantities, scopes. */
export function checkResourceQuota(o: Record<string, unknown>, out: Finding[]): void {
  const spec = asObject(o.spec);
  for (const [name, value] of Object.entries(asObject(spec.hard))) {
    const p = key('spec.hard', name);
    if (!isQuotaResource(name))
      out.push(
        invalid(
          'api/format',
          p,
          name,
          'must be a standard resource for quota',
          'Use a quota resource such as requests.cpu, limits.memory, pods, count/deployments.apps or requests.nvidia.com/gpu.',
        ),
      );
    checkResourceQuantity(name, value, p, out, QUOTA_COUNTS.has(name) || isExtendedResource(name));
  }
  const scopes = asArray(spec.scopes).filter((s): s is string => typeof s === 'string');
  if (scopes.some((s) => !SCOPES.has(s)))
    out.push(
      invalid('api/format', 'spec.scopes', scopes, 'unsupported scope', `Use scopes among ${[...SCOPES].join(', ')}.`),
    );
  for (const [a, b] of CONFLICTING_SCOPES) {
    if (scopes.includes(a) && scopes.includes(b))
      out.push(
        invalid(
          'api/combination',
          'spec.scopes',
          scopes,
          'conflicting scopes',
          `${a} and ${b} select no pod together: keep one, or use two quotas.`,
        ),
      );
  }
}

/** Each limit's quantities, by resource name. */
type Bounds = Map<string, Amount>;

function bounds(map: unknown): Bounds {
  const out: Bounds = new Map();
  for (const [k, v] of Object.entries(asObject(map))) {
    const a = parseAmount(v);
    if (a) out.set(k, a);
  }
  return out;
}

function amountNumber(a: Amount): number {
  return Number(a.n) / 10 ** a.scale;
}

/** A LimitRange: min <= defaultRequest <= default <= max, ratios, what each type may hold. */
export function checkLimitRange(o: Record<string, unknown>, out: Finding[]): void {
  const types = new Set<string>();
  asArray(asObject(o.spec).limits).forEach((l, i) => {
    const limit = asObject(l);
    const p = `spec.limits[${i}]`;
    const type = asString(limit.type) ?? '';
    if (types.has(type)) out.push(duplicate('api/combination', `${p}.type`, type, 'Give each type one entry.'));
    types.add(type);
    if (type === 'Pod') {
      for (const f of ['default', 'defaultRequest']) {
        if (Object.keys(asObject(limit[f])).length > 0)
          out.push(
            forbidden(
              'api/combination',
              `${p}.${f}`,
              "may not be specified when `type` is 'Pod'",
              `Defaults apply per container: move ${f} to an entry of type Container.`,
            ),
          );
      }
    }
    const min = bounds(limit.min);
    const max = bounds(limit.max);
    const def = bounds(limit.default);
    const defReq = bounds(limit.defaultRequest);
    const ratio = bounds(limit.maxLimitRequestRatio);
    if (type === 'PersistentVolumeClaim' && !min.has('storage') && !max.has('storage')) {
      out.push(
        required(
          'api/required',
          `${p}.limits`,
          'either minimum or maximum storage value is required, but neither was provided',
          'Give min.storage or max.storage.',
        ),
      );
    }
    const keys = new Set([...min.keys(), ...max.keys(), ...def.keys(), ...defReq.keys(), ...ratio.keys()]);
    for (const k of keys) {
      const q = (a: Amount | undefined): string => (a ? canonicalQuantity(a) : '');
      const [mn, mx, d, dr, r] = [min.get(k), max.get(k), def.get(k), defReq.get(k), ratio.get(k)];
      const bad = (field: string, value: Amount, detail: string, hint: string): void => {
        out.push(invalid('api/resources', key(`${p}.${field}`, k), canonicalQuantity(value), detail, hint));
      };
      if (mn && mx && compareAmounts(mn, mx) > 0)
        bad('min', mn, `min value ${q(mn)} is greater than max value ${q(mx)}`, `Make min.${k} at most max.${k}.`);
      if (dr && mn && compareAmounts(mn, dr) > 0)
        bad(
          'defaultRequest',
          dr,
          `min value ${q(mn)} is greater than default request value ${q(dr)}`,
          `Raise defaultRequest.${k} to at least ${q(mn)}.`,
        );
      if (dr && mx && compareAmounts(dr, mx) > 0)
        bad(
          'defaultRequest',
          dr,
          `default request value ${q(dr)} is greater than max value ${q(mx)}`,
          `Lower defaultRequest.${k} to at most ${q(mx)}.`,
        );
      if (dr && d && compareAmounts(dr, d) > 0)
        bad(
          'defaultRequest',
          dr,
          `default request value ${q(dr)} is greater than default limit value ${q(d)}`,
          `A default request above the default limit gives every container an impossible pair: lower defaultRequest.${k} to at most ${q(d)}.`,
        );
      if (d && mn && compareAmounts(mn, d) > 0)
        bad(
          'default',
          mn,
          `min value ${q(mn)} is greater than default value ${q(d)}`,
          `Raise default.${k} to at least ${q(mn)}.`,
        );
      if (d && mx && compareAmounts(d, mx) > 0)
        bad(
          'default',
          mx,
          `default value ${q(d)} is greater than max value ${q(mx)}`,
          `Lower default.${k} to at most ${q(mx)}.`,
        );
      if (r && compareAmounts(r, { n: 1n, scale: 0, format: 'DecimalSI' }) < 0)
        bad(
          'maxLimitRequestRatio',
          r,
          `ratio ${q(r)} is less than 1`,
          'A limit is never below its request: use a ratio of 1 or more.',
        );
      if (r && mn && mx && mn.n > 0n) {
        const most = amountNumber(mx) / amountNumber(mn);
        if (amountNumber(r) > most)
          bad(
            'maxLimitRequestRatio',
            r,
            `ratio ${q(r)} is greater than max/min = ${most.toFixed(6)}`,
            `No container between min and max can reach this ratio: use at most ${most}, or widen min and max.`,
          );
      }
      if (d && dr && overcommitForbidden(k) && compareAmounts(d, dr) !== 0)
        bad(
          'defaultRequest',
          dr,
          `default value ${q(d)} must equal to defaultRequest value ${q(dr)} in ${k}`,
          `${k} cannot be overcommitted: make the default and the default request equal.`,
        );
    }
  });
}
