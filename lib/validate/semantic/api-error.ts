import { Finding } from '../finding';

/**
 * Findings in the API server's own words. The API server reports each refusal as
 * `<field path>: <type>: <value>: <detail>` (apimachinery `util/validation/field`); a finding
 * made here has that field path in `field` and the rest in `message`, so `${field}: ${message}`
 * is the line `kubectl apply` prints. The hint is Berth's.
 */

import type { ApiRule } from '../../model/api-rules';
export { API_RULES } from '../../model/api-rules';
export type { ApiRule } from '../../model/api-rules';

/** The messages the API server shares between rules (apimachinery and core validation). */
export const MSG = {
  port: 'must be between 1 and 65535, inclusive',
  nonNegative: 'must be greater than or equal to 0',
  positive: 'must be greater than zero',
  integer: 'must be an integer',
  fileMode: 'must be a number between 0 and 0777 (octal), both inclusive',
  percent:
    "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
  over100: 'must not be greater than 100%',
  ip: 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
} as const;

/** `must be between lo and hi, inclusive` (apimachinery `InclusiveRangeError`). */
export function inclusiveRange(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

/**
 * A bad value as the API server prints it: numbers and booleans as they are, strings quoted
 * (Go's `%q`), anything else as JSON (Go prints structs with `%#v`, which names Go types; JSON
 * says the same about the object as written).
 */
export function goValue(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** `Invalid value: <value>: <detail>`. */
export function invalid(rule: ApiRule, field: string, value: unknown, detail: string, hint: string): Finding {
  return { rule, field, value, message: `Invalid value: ${goValue(value)}${detail ? `: ${detail}` : ''}`, hint };
}

/** `Required value[: <detail>]`. */
export function required(rule: ApiRule, field: string, detail: string, hint: string): Finding {
  return { rule, field, message: detail ? `Required value: ${detail}` : 'Required value', hint };
}

/** `Forbidden: <detail>`. */
export function forbidden(rule: ApiRule, field: string, detail: string, hint: string): Finding {
  return { rule, field, message: `Forbidden: ${detail}`, hint };
}

/** `Unsupported value: <value>: supported values: "a", "b"`. */
export function notSupported(
  rule: ApiRule,
  field: string,
  value: unknown,
  supported: readonly string[],
  hint: string,
): Finding {
  return {
    rule,
    field,
    value,
    message: `Unsupported value: ${goValue(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
    hint,
  };
}

/** `Duplicate value: <value>`. */
export function duplicate(rule: ApiRule, field: string, value: unknown, hint: string): Finding {
  return { rule, field, value, message: `Duplicate value: ${goValue(value)}`, hint };
}

/** A map key in a field path as the API server writes it: `limits[nvidia.com/gpu]`. */
export function key(path: string, k: string): string {
  return `${path}[${k}]`;
}

/** Whether `v` is a whole number (what the API server's integer fields hold). */
export function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}
