/**
 * The name grammars the Kubernetes API server enforces (apimachinery
 * `pkg/util/validation/validation.go`). Each function returns the list of reasons a value is
 * invalid; an empty list means it is valid.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** A DNS-1123 label: ≤63 lowercase alphanumerics and '-', starting and ending alphanumeric. */
export function dns1123Label(v: string): string[] {
  const out: string[] = [];
  if (v.length > 63) out.push('must be no more than 63 characters');
  if (!DNS1123_LABEL.test(v))
    out.push(
      "must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
    );
  return out;
}

/** A DNS-1123 subdomain: ≤253 characters, dot-separated DNS-1123 labels. */
export function dns1123Subdomain(v: string): string[] {
  const out: string[] = [];
  if (v.length > 253) out.push('must be no more than 253 characters');
  if (!DNS1123_SUBDOMAIN.test(v))
    out.push(
      "must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
    );
  return out;
}

/** A DNS-1035 label: like a DNS-1123 label, but starting with a letter. */
export function dns1035Label(v: string): string[] {
  const out: string[] = [];
  if (v.length > 63) out.push('must be no more than 63 characters');
  if (!DNS1035_LABEL.test(v))
    out.push(
      "must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
    );
  return out;
}

/** Kinds whose names are path segment names (RBAC): no length limit. */
export const RBAC_KINDS: ReadonlySet<string> = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

/** The longest name of a kind, and the rule that sets it. */
export interface NameLimit {
  readonly max: number;
  readonly rule: string;
}

/** {@link objectNameLimit} per kind seen (validation asks once per object; a platform has a few dozen kinds). */
const nameLimits = new Map<string, NameLimit | undefined>();

/** The longest `metadata.name` synth accepts for `kind`, and the rule that sets it; undefined: no limit. */
export function objectNameLimit(kind: string): NameLimit | undefined {
  if (nameLimits.has(kind)) return nameLimits.get(kind);
  const limit = nameLimitOf(kind);
  if (nameLimits.size < 1000) nameLimits.set(kind, limit);
  return limit;
}

function nameLimitOf(kind: string): NameLimit | undefined {
  if (kind === 'Namespace') return { max: 63, rule: 'a Namespace name (a DNS-1123 label)' };
  if (kind === 'Service') return { max: 63, rule: 'a Service name (a DNS-1035 label)' };
  if (kind === 'CronJob')
    return { max: 52, rule: 'a CronJob name (the controller appends 11 characters for its Jobs)' };
  if (kind === 'StatefulSet')
    return {
      max: 52,
      rule: 'a StatefulSet name (the controller labels each pod controller-revision-hash: <name>-<hash of up to 10>, a label value of at most 63)',
    };
  if (RBAC_KINDS.has(kind)) return undefined;
  return { max: 253, rule: `a ${kind} name (a DNS-1123 subdomain)` };
}

/** A path segment name (RBAC objects): not `.` or `..`, no `/` or `%`. */
export function pathSegmentName(v: string): string[] {
  if (v === '.' || v === '..') return [`may not be '${v}'`];
  if (v.includes('/') || v.includes('%')) return ["may not contain '/' or '%'"];
  return [];
}

/**
 * Label and annotation keys seen valid: a platform uses a few dozen keys on every object, so
 * they are checked once (bounded, for inputs with ever-new keys).
 */
const validQualifiedNames = new Set<string>();
const REMEMBERED_KEYS = 4096;

/** A qualified name (label and annotation keys): optional DNS-subdomain prefix, `/`, name ≤63. */
export function qualifiedName(v: string): string[] {
  if (validQualifiedNames.has(v)) return [];
  const parts = v.split('/');
  let name = v;
  const out: string[] = [];
  if (parts.length > 2)
    return [
      "must be a name with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName'); it has more than one '/'",
    ];
  if (parts.length === 2) {
    const [prefix, n] = parts;
    name = n;
    if (prefix.length === 0) out.push('prefix part must be non-empty');
    else for (const m of dns1123Subdomain(prefix)) out.push(`prefix part ${m}`);
  }
  if (name.length === 0) out.push('name part must be non-empty');
  else {
    if (name.length > 63) out.push('name part must be no more than 63 characters');
    if (!QUALIFIED_NAME.test(name))
      out.push(
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
      );
  }
  if (out.length === 0 && validQualifiedNames.size < REMEMBERED_KEYS) validQualifiedNames.add(v);
  return out;
}

/** A label value: ≤63 characters, may be empty, same charset as a qualified name. */
export function labelValue(v: string): string[] {
  const out: string[] = [];
  if (v.length > 63) out.push('must be no more than 63 characters');
  if (!LABEL_VALUE.test(v))
    out.push(
      "must be empty or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
    );
  return out;
}

/** An IANA_SVC_NAME (container port names): ≤15, lowercase alnum and '-', a letter, no '--'. */
export function ianaSvcName(v: string): string[] {
  const out: string[] = [];
  if (v.length < 1 || v.length > 15) out.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]*$/.test(v)) out.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (v.includes('--')) out.push('must not contain consecutive hyphens');
  if (!/[a-z]/.test(v)) out.push('must contain at least one letter (a-z)');
  if (v.startsWith('-') || v.endsWith('-')) out.push('must not begin or end with a hyphen');
  return out;
}

const DATA_KEY = /^[-._a-zA-Z0-9]+$/;

/** A ConfigMap or Secret data key: ≤253 alphanumerics, '-', '_' or '.', not '.' or '..'. */
export function dataKey(v: string): string[] {
  const out: string[] = [];
  if (v.length > 253) out.push('must be no more than 253 characters');
  if (!DATA_KEY.test(v)) out.push("must consist of alphanumeric characters, '-', '_' or '.'");
  if (v === '.' || v === '..') out.push(`may not be '${v}'`);
  return out;
}

/** The most bytes of keys and values a ConfigMap or a Secret may hold (1 MiB). */
export const DATA_MAX_BYTES = 1024 * 1024;

/** A valid port number, 1–65535. */
export function isPortNumber(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535;
}

/** Turns an invalid name into one that satisfies DNS-1123 (for hints). */
export function suggestDnsName(v: string, maxLength = 63): string {
  const s = v
    .toLowerCase()
    .replace(/[^a-z0-9-.]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/[^a-z0-9]+$/, '');
  return (s || 'name').slice(0, maxLength).replace(/[^a-z0-9]+$/, '');
}
