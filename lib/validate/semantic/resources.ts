import { Finding, asObject } from '../finding';
import { qualifiedName } from '../../model/name-grammar';
import { forbidden, invalid, key, MSG, required } from './api-error';
import { Amount, canonicalQuantity, compareAmounts, isWhole, parseAmount } from './quantity-value';

/**
 * A container's `resources` as the API server checks them (core `ValidateResourceRequirements`):
 * known resource names, quantities not negative, whole numbers for extended resources, each
 * request no more than its limit, and for resources that cannot be overcommitted (extended
 * resources such as `nvidia.com/gpu`, huge pages) a limit, equal to the request.
 */

const CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);

/** `kubernetes.io/...` and unprefixed names are native; other prefixed names are extended. */
export function isNativeResource(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

/** An extended resource (`nvidia.com/gpu`): prefixed outside kubernetes.io, a valid name. */
export function isExtendedResource(name: string): boolean {
  return !isNativeResource(name) && !name.startsWith('requests.') && qualifiedName(`requests.${name}`).length === 0;
}

function isHugePages(name: string): boolean {
  return name.startsWith('hugepages-');
}

/** Resources whose request must equal their limit. */
export function overcommitForbidden(name: string): boolean {
  return isExtendedResource(name) || isHugePages(name);
}

/** The name and quantity checks one entry of a resource list gets. */
export function checkResourceQuantity(
  name: string,
  value: unknown,
  path: string,
  out: Finding[],
  integer: boolean,
): Amount | undefined {
  const amount = parseAmount(value);
  if (!amount) return undefined;
  if (amount.n < 0n) {
    out.push(
      invalid(
        'api/resources',
        path,
        canonicalQuantity(amount),
        MSG.nonNegative,
        'A quantity cannot be negative; remove the "-".',
      ),
    );
  }
  if (integer && !isWhole(amount)) {
    out.push(
      invalid(
        'api/resources',
        path,
        canonicalQuantity(amount),
        MSG.integer,
        `${name} is counted in whole units; use a whole number, e.g. ${JSON.stringify(String(Math.max(1, Math.ceil(Number(amount.n) / 10 ** amount.scale))))}.`,
      ),
    );
  }
  return amount;
}

function checkContainerResourceName(name: string, path: string, out: Finding[]): void {
  if (name.includes('/')) return;
  if (!CONTAINER_RESOURCES.has(name) && !isHugePages(name)) {
    out.push(
      invalid(
        'api/resources',
        path,
        name,
        'must be a standard resource for containers',
        `Containers request cpu, memory, ephemeral-storage, hugepages-<size> or an extended resource with a domain, e.g. "nvidia.com/gpu".`,
      ),
    );
  }
}

/**
 * Resource lists found clean, as text: containers of a platform share a few (this check runs
 * for every container of every workload, and quantity arithmetic is the costly part of it).
 */
const clean = new Set<string>();

/** Checks `resources` (limits, requests) of one container at `path`. */
export function checkResourceRequirements(resources: unknown, path: string, out: Finding[]): void {
  const r = asObject(resources);
  const limits = asObject(r.limits);
  const requests = asObject(r.requests);
  let text = '';
  for (const k in limits) text += `${k}=${String(limits[k])};`;
  text += '|';
  for (const k in requests) text += `${k}=${String(requests[k])};`;
  if (clean.has(text)) return;
  const before = out.length;
  checkLists(limits, requests, path, out);
  if (out.length === before && clean.size < 4096) clean.add(text);
}

function checkLists(
  limits: Record<string, unknown>,
  requests: Record<string, unknown>,
  path: string,
  out: Finding[],
): void {
  const limPath = `${path}.limits`;
  const reqPath = `${path}.requests`;
  const limitAmounts = new Map<string, Amount>();
  let cpuOrMemory = false;
  let hugePages = false;
  for (const [name, value] of Object.entries(limits)) {
    const p = key(limPath, name);
    checkContainerResourceName(name, p, out);
    const a = checkResourceQuantity(name, value, p, out, isExtendedResource(name));
    if (a) limitAmounts.set(name, a);
    if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
    if (isHugePages(name)) hugePages = true;
  }
  for (const [name, value] of Object.entries(requests)) {
    const p = key(reqPath, name);
    checkContainerResourceName(name, p, out);
    const a = checkResourceQuantity(name, value, p, out, isExtendedResource(name));
    if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
    if (isHugePages(name)) hugePages = true;
    if (!a) continue;
    const limit = limitAmounts.get(name);
    if (limit) {
      const cmp = compareAmounts(a, limit);
      if (cmp !== 0 && overcommitForbidden(name)) {
        const l = canonicalQuantity(limit);
        out.push(
          invalid(
            'api/resources',
            reqPath,
            canonicalQuantity(a),
            `must be equal to ${name} limit of ${l}`,
            `${name} cannot be overcommitted: set the request equal to the limit (${l}), or set only the limit (the request defaults to it).`,
          ),
        );
      } else if (cmp > 0) {
        const l = canonicalQuantity(limit);
        out.push(
          invalid(
            'api/resources',
            reqPath,
            canonicalQuantity(a),
            `must be less than or equal to ${name} limit of ${l}`,
            `Lower requests.${name} to at most ${l}, or raise limits.${name}.`,
          ),
        );
      }
    } else if (overcommitForbidden(name) && !(name in limits)) {
      out.push(
        required(
          'api/resources',
          limPath,
          'Limit must be set for non overcommitable resources',
          `Set limits.${name} (to ${canonicalQuantity(a)}); for ${name} the limit is what the scheduler counts, and the request defaults to it.`,
        ),
      );
    }
  }
  if (hugePages && !cpuOrMemory) {
    out.push(
      forbidden(
        'api/resources',
        path,
        'HugePages require cpu or memory',
        'Request or limit cpu or memory as well as hugepages-<size>.',
      ),
    );
  }
}
