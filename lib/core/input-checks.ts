/**
 * The checks every construct runs on its input where it is written: names, labels, data keys,
 * ports, counts. Each failure throws an {@link InvalidInputError} naming the construct path,
 * the field, the bad value, what is allowed and how to fix it. Internal: not exported from the
 * barrel.
 * @internal
 */

import { InvalidInputError } from './invalid-input-error';
import { dataKey, dns1123Label, dns1123Subdomain, ianaSvcName, labelValue, qualifiedName } from '../model/name-grammar';
import { loneSurrogates, unicodeFix, UNICODE_ALLOWED } from '../model/unicode';

/** Builds the error thrown for bad input; `fix` is one instruction (written as a sentence). */
export function invalid(path: string, field: string, value: unknown, allowed: string, fix: string): InvalidInputError {
  return new InvalidInputError(
    path,
    field,
    value,
    value === undefined ? 'missing' : 'not allowed',
    allowed,
    sentence(fix),
  );
}

/** `text` as a sentence: first letter upper case, a final period. */
function sentence(text: string): string {
  const s = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

// The grammars are the API server's, defined once in lib/validate/names.ts.

function suggestName(value: string): string {
  return value
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
}

function nameHint(value: string, max: number): string {
  const s = suggestName(value)
    .slice(0, max)
    .replace(/[^a-z0-9]+$/, '');
  return s && s !== value ? `Did you mean "${s}"?` : 'Use lower-case letters, digits and "-".';
}

/** The DNS name grammars construct names follow: the API server's rule, its wording, its length. */
const DNS_NAMES = {
  label: {
    check: dns1123Label,
    reason: 'not a valid DNS-1123 label',
    allowed: 'lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters',
    max: 63,
  },
  subdomain: {
    check: dns1123Subdomain,
    reason: 'not a valid object name (DNS-1123 subdomain)',
    allowed:
      'lower-case letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters',
    max: 253,
  },
} as const;

function checkDnsName(path: string, field: string, value: string, grammar: keyof typeof DNS_NAMES): string {
  const g = DNS_NAMES[grammar];
  if (typeof value !== 'string' || g.check(value).length > 0) {
    throw new InvalidInputError(path, field, value, g.reason, g.allowed, nameHint(String(value), g.max));
  }
  return value;
}

/** Checks a DNS-1123 label (Namespace names, Service names, ...): `[a-z0-9-]`, at most 63 characters. */
export function checkDnsLabel(path: string, field: string, value: string): string {
  return checkDnsName(path, field, value, 'label');
}

/** Checks a DNS-1123 subdomain (most object names): labels joined by ".", at most 253 characters. */
export function checkDnsSubdomain(path: string, field: string, value: string): string {
  return checkDnsName(path, field, value, 'subdomain');
}

/**
 * Checks that text is valid Unicode: an unpaired UTF-16 surrogate (`'x\ud800y'`) makes the
 * output unreadable to kubectl and Helm. `secret`: the text is not repeated in the message.
 */
export function checkUnicode(path: string, field: string, text: string, secret = false): string {
  const found = typeof text === 'string' ? loneSurrogates(text) : undefined;
  if (found)
    throw new InvalidInputError(
      path,
      field,
      secret ? undefined : text,
      'not valid Unicode',
      UNICODE_ALLOWED,
      unicodeFix(text, found),
    );
  return text;
}

/** Checks each of `texts` (a command, arguments) with {@link checkUnicode}, as `field[i]`. */
export function checkUnicodeList(path: string, field: string, texts: readonly string[] | undefined): void {
  texts?.forEach((t, i) => checkUnicode(path, `${field}[${i}]`, t));
}

/** Checks the keys and values of a map of text (annotations) with {@link checkUnicode}. */
export function checkUnicodeMap(path: string, field: string, map: Readonly<Record<string, string>> | undefined): void {
  for (const [k, v] of Object.entries(map ?? {})) {
    checkUnicode(path, field, k);
    checkUnicode(path, `${field}.${k}`, v);
  }
}

/** Checks a label key (`[prefix/]name`). */
export function checkLabelKey(path: string, field: string, key: string): string {
  checkUnicode(path, field, key);
  if (typeof key !== 'string' || qualifiedName(key).length > 0) {
    throw new InvalidInputError(
      path,
      field,
      key,
      'not a valid label key',
      'an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit',
      'Use a key like "example.com/tier" or "tier".',
    );
  }
  return key;
}

/** Checks a label value: empty, or at most 63 letters, digits, `-`, `_`, `.`, alphanumeric at both ends. */
export function checkLabelValue(path: string, field: string, value: string): string {
  checkUnicode(path, field, value);
  if (typeof value !== 'string' || labelValue(value).length > 0) {
    const s = String(value)
      .replace(/[^A-Za-z0-9_.-]+/g, '-')
      .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '')
      .slice(0, 63);
    throw new InvalidInputError(
      path,
      field,
      value,
      'not a valid label value',
      'empty, or at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit',
      s ? `Did you mean "${s}"?` : 'Use letters, digits, "-", "_" and ".".',
    );
  }
  return value;
}

/** Checks every key and value of a label map; returns a copy. */
export function checkLabels(
  path: string,
  field: string,
  labels: Readonly<Record<string, string>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) {
    checkLabelKey(path, field, k);
    checkLabelValue(path, `${field}.${k}`, v);
    out[k] = v;
  }
  return out;
}

/** Checks the `name` and `labels` props most constructs take (as `metadata.name` and `metadata.labels`). */
export function checkNameAndLabels(
  path: string,
  props: { readonly name?: string; readonly labels?: Readonly<Record<string, string>> },
): void {
  if (props.name !== undefined) checkDnsSubdomain(path, 'metadata.name', props.name);
  if (props.labels) checkLabels(path, 'metadata.labels', props.labels);
}

/** Checks a ConfigMap or Secret data key: letters, digits, `-`, `_`, `.`. */
export function checkConfigKey(path: string, field: string, key: string): string {
  if (dataKey(key).length > 0) {
    throw new InvalidInputError(
      path,
      field,
      key,
      'not a valid data key',
      'letters, digits, "-", "_" and ".", at most 253 characters',
      `Rename the key, e.g. "${key.replace(/[^-._a-zA-Z0-9]+/g, '-') || 'key'}".`,
    );
  }
  return key;
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
  if (ianaSvcName(name).length > 0) {
    throw invalid(
      path,
      field,
      name,
      'an IANA service name: at most 15 characters of a-z, 0-9 and "-", with at least one letter, no leading, trailing or double "-"',
      `use a name like "${
        suggestName(name)
          .replace(/[^a-z0-9]+/g, '-')
          .slice(0, 15)
          .replace(/-+$/, '') || 'http'
      }"`,
    );
  }
  return name;
}

/** Checks a whole number >= `min`. */
export function checkInteger(
  path: string,
  field: string,
  value: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
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
    throw invalid(
      path,
      field,
      value,
      'a whole number >= 0 or a percentage from "0%" to "100%"',
      'write e.g. 1 or "50%"',
    );
  }
  return value;
}
