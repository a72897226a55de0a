import { isQuantity, parseQuantity, quantityFix } from '../model/quantity';
import { InvalidInputError } from './invalid-input-error';

/**
 * A CPU amount or a memory size: a `Cpu` or `Size` (what containers take: `Cpu.millis(250)`,
 * `Size.mebibytes(64)`), or a Kubernetes quantity string (`'250m'`, `'64Mi'`). Any object with
 * `toQuantity()` is read as `Cpu` and `Size` are (the core sits below the units).
 */
export type ResourceAmount = string | { toQuantity(): string };

/** A request and a limit of one resource, as on containers. */
export interface RequestAndLimit {
  readonly request?: ResourceAmount;
  readonly limit?: ResourceAmount;
}

/** CPU and memory for a container, as Kubernetes quantities (the older form of the defaults). */
export interface ResourceQuantities {
  /** CPU, e.g. `250m` or `1`. */
  readonly cpu?: string;
  /** Memory, e.g. `256Mi`. */
  readonly memory?: string;
}

/**
 * Requests and limits applied to containers that do not set their own, in the shape containers
 * take: `{ cpu: { request: Cpu.millis(100), limit: Cpu.millis(500) }, memory: { request:
 * Size.mebibytes(128), limit: Size.mebibytes(128) } }`. The older form (`requests: { cpu:
 * '100m' }`, `limits`) is still read; a field set both ways is refused.
 */
export interface ResourceDefaults {
  /** CPU request and limit. @default - none */
  readonly cpu?: RequestAndLimit;
  /** Memory request and limit. @default - none */
  readonly memory?: RequestAndLimit;
  /** Requests as quantity strings (the older form of `cpu.request`, `memory.request`). @default - none */
  readonly requests?: ResourceQuantities;
  /** Limits as quantity strings (the older form of `cpu.limit`, `memory.limit`). @default - none */
  readonly limits?: ResourceQuantities;
}

/** The defaults as quantity strings, checked: what containers render. */
export interface CheckedResourceDefaults {
  readonly requests: ResourceQuantities;
  readonly limits: ResourceQuantities;
}

type Resource = 'cpu' | 'memory';
type Side = 'request' | 'limit';

/** A suggestion for a malformed amount of `resource`, as a phrase (`did you mean "250m"?`). */
function suggestion(resource: Resource, text: string): string {
  const t = text.trim();
  if (resource === 'cpu') {
    const m = /^([0-9.]+)\s*(m+|millis?|millicores?|cores?|cpus?|vcpus?)$/i.exec(t);
    if (m) return /^m/i.test(m[2]) ? `did you mean "${m[1]}m"?` : `did you mean "${m[1]}"?`;
  } else {
    if (/^[0-9.]+m$/.test(t)) return `"m" means thousandths of a byte: did you mean "${t.slice(0, -1)}Mi"?`;
  }
  const fix = quantityFix(t);
  return fix.startsWith('Did you mean') ? `d${fix.slice(1).replace(/\.$/, '')}` : 'write a number with a suffix';
}

/**
 * Checks `resources` (an environment's `defaults.resources`) and returns them as quantity
 * strings. Every problem is reported at once, in one error: a malformed amount (with a
 * suggestion: `64MB` → `64Mi` or `64M`, `250mm` → `250m`), a field set in both forms, a
 * request above its limit.
 * @throws InvalidInputError naming the environment's path and every problem
 */
export function checkResourceDefaults(path: string, resources: ResourceDefaults): CheckedResourceDefaults {
  const problems: string[] = [];
  const values: Record<Resource, Partial<Record<Side, { text: string; field: string }>>> = { cpu: {}, memory: {} };
  for (const resource of ['cpu', 'memory'] as const) {
    for (const side of ['request', 'limit'] as const) {
      const older = (side === 'request' ? resources.requests : resources.limits)?.[resource];
      const newer = resources[resource]?.[side];
      const field = `defaults.resources.${resource}.${side}`;
      const olderField = `defaults.resources.${side}s.${resource}`;
      if (older !== undefined && newer !== undefined) {
        problems.push(`${field} and ${olderField} are both set (set one)`);
        continue;
      }
      const amount = newer ?? older;
      if (amount === undefined) continue;
      const at = newer !== undefined ? field : olderField;
      const text =
        typeof amount === 'string'
          ? amount
          : typeof amount === 'object' && amount !== null && typeof amount.toQuantity === 'function'
            ? amount.toQuantity()
            : undefined;
      if (text === undefined) {
        problems.push(
          `${at} is ${JSON.stringify(amount)}, not a ${resource === 'cpu' ? 'Cpu' : 'Size'} or a quantity string`,
        );
        continue;
      }
      const negative = text.trim().startsWith('-');
      if (!isQuantity(text) || negative || (resource === 'memory' && /m$/.test(text))) {
        problems.push(
          `${at} ${JSON.stringify(text)} is not ${resource === 'cpu' ? 'a CPU amount' : 'a memory size'} (${negative ? 'it is negative' : suggestion(resource, text)})`,
        );
        continue;
      }
      values[resource][side] = { text, field: at };
    }
    const { request, limit } = values[resource];
    if (request && limit && parseQuantity(request.text) > parseQuantity(limit.text))
      problems.push(`${request.field} ${request.text} is above ${limit.field} ${limit.text}`);
  }
  if (problems.length > 0) {
    throw new InvalidInputError(
      path,
      'defaults.resources',
      undefined,
      problems.length === 1 ? problems[0] : `${problems.length} problems: ${problems.join('; ')}`,
      'CPU as a Cpu (Cpu.millis(250), Cpu.cores(1)) or a quantity such as "250m"; memory as a Size (Size.mebibytes(64)) or a quantity such as "64Mi"; each request at most its limit',
      "Fix the Environment's defaults.resources.",
    );
  }
  const pick = (side: Side): ResourceQuantities => {
    const out: { cpu?: string; memory?: string } = {};
    if (values.cpu[side]) out.cpu = values.cpu[side].text;
    if (values.memory[side]) out.memory = values.memory[side].text;
    return out;
  };
  return { requests: pick('request'), limits: pick('limit') };
}
