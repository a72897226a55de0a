/**
 * Checks shared by the workload, service and availability constructs. Every error names the
 * construct path, the field, the bad value, what is allowed and a fix.
 * @internal
 */

import { InvalidInputError } from '../core/invalid-input-error';
import { dns1123Label, dns1123Subdomain, labelValue, qualifiedName } from '../validate/names';

/** Builds the error thrown for bad input; `fix` is one instruction (written as a sentence). */
export function invalid(path: string, field: string, value: unknown, allowed: string, fix: string): InvalidInputError {
  return new InvalidInputError(path, field, value, value === undefined ? 'missing' : 'not allowed', allowed, sentence(fix));
}

/** `text` as a sentence: first letter upper case, a final period. */
function sentence(text: string): string {
  const s = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

// The grammars are the API server's, defined once in lib/validate/names.ts.

/** A readable fix: the value turned into a DNS label. */
function suggestLabel(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63) || 'my-name';
}

/** Checks an object name (RFC 1123 label: Services, workloads, ServiceAccounts). */
export function checkDnsLabel(path: string, field: string, value: string): string {
  if (dns1123Label(value).length > 0) {
    throw invalid(path, field, value, 'a DNS-1123 label: at most 63 characters of a-z, 0-9 and "-", starting and ending with a letter or digit',
      `use a name like "${suggestLabel(value)}"`);
  }
  return value;
}

/** Checks a DNS-1123 subdomain (priority classes, hosts, storage classes). */
export function checkDnsSubdomain(path: string, field: string, value: string): string {
  if (dns1123Subdomain(value).length > 0) {
    throw invalid(path, field, value, 'a DNS-1123 subdomain: at most 253 characters of a-z, 0-9, "-" and "."',
      `use a name like "${suggestLabel(value)}"`);
  }
  return value;
}

/** Checks a label map: keys `[prefix/]name`, values at most 63 characters. */
export function checkLabels(path: string, field: string, labels: Readonly<Record<string, string>>): void {
  for (const [key, value] of Object.entries(labels)) {
    if (qualifiedName(key).length > 0) {
      throw invalid(path, `${field} key`, key, 'an optional DNS subdomain prefix and "/", then at most 63 characters of letters, digits, "-", "_" and ".", starting and ending with a letter or digit',
        'use a key like "example.com/team"');
    }
    if (typeof value !== 'string' || labelValue(value).length > 0) {
      throw invalid(path, `${field}["${key}"]`, value, 'a label value: at most 63 characters of letters, digits, "-", "_" and ".", starting and ending with a letter or digit (or empty)',
        'shorten the value or move it to an annotation');
    }
  }
}

/** Checks a port number (1-65535). */
export function checkPort(path: string, field: string, port: number): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw invalid(path, field, port, 'a whole number from 1 to 65535', 'use a port in range, e.g. 8080');
  }
  return port;
}

/** Checks a port name (IANA service name: at most 15 lower-case letters, digits and "-", at least one letter). */
export function checkPortName(path: string, field: string, name: string): string {
  if (name.length > 15 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) || !/[a-z]/.test(name) || name.includes('--')) {
    throw invalid(path, field, name, 'an IANA service name: at most 15 characters of a-z, 0-9 and "-", with at least one letter, no leading, trailing or double "-"',
      `use a name like "${suggestLabel(name).replace(/-+/g, '-').slice(0, 15).replace(/-$/, '') || 'http'}"`);
  }
  return name;
}

/** Checks a whole number >= `min`. */
export function checkInteger(path: string, field: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
    throw invalid(path, field, value, `a whole number ${range}`, `set ${field} to a whole number ${range}`);
  }
  return value;
}

/** Checks an int-or-percent (`2`, `"50%"`). */
export function checkIntOrPercent(path: string, field: string, value: number | string): number | string {
  if (typeof value === 'number') {
    return checkInteger(path, field, value, 0);
  }
  const m = /^([0-9]+)%$/.exec(value);
  if (!m || Number(m[1]) > 100) {
    throw invalid(path, field, value, 'a whole number >= 0 or a percentage from "0%" to "100%"', 'write e.g. 1 or "50%"');
  }
  return value;
}
