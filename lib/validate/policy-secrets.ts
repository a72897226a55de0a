import { child } from '../model/field-path';
import { asArray, asObject, Finding } from './finding';
import { containersOf, PodTemplate } from './pod-templates';

/**
 * Secret-looking values where they do not belong: ConfigMap data and literal env values. A
 * value is secret-looking when it has the shape of a credential (a private key, an AWS key, a
 * token with a well-known prefix, a URL with a password), or when its key names a credential
 * (PASSWORD, TOKEN, SECRET, API_KEY...) and it is a literal.
 */

const SENSITIVE_WORDS = new Set([
  'password',
  'passwd',
  'pwd',
  'pass',
  'secret',
  'token',
  'key',
  'apikey',
  'credential',
  'credentials',
  'privatekey',
  'accesskey',
  'auth',
]);
/** Words after the sensitive one that make it about the secret, not the secret itself. */
const HARMLESS_WORDS = new Set([
  'file',
  'path',
  'dir',
  'ttl',
  'timeout',
  'expiry',
  'expiration',
  'length',
  'name',
  'ref',
  'header',
  'enabled',
  'size',
  'prefix',
  'url',
  'endpoint',
  'id',
  'type',
  'mode',
  'policy',
  'algorithm',
  'format',
  'rotation',
  'seconds',
  'minutes',
  'hours',
  'days',
  'count',
  'location',
  'namespace',
  'field',
]);

const VALUE_PATTERNS: readonly [RegExp, string][] = [
  [/-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/, 'a private key'],
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/, 'an AWS access key id'],
  [/\bgh[pousr]_[A-Za-z0-9]{36,}\b/, 'a GitHub token'],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}/, 'a Slack token'],
  [/\bsk_live_[A-Za-z0-9]{16,}/, 'a Stripe secret key'],
  [/[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/, 'a URL with a password'],
];

/**
 * A text every {@link VALUE_PATTERNS} match contains: values without it (most) are ruled out
 * by one search instead of one per pattern.
 */
const VALUE_PREFILTER = /-----BEGIN |AKIA|ASIA|gh[pousr]_|xox[abprs]-|sk_live_|:\/\//;

/** Whether a key names a credential (for {@link secretLooking}), by key: keys repeat across objects. */
const credentialKeys = new Map<string, boolean>();

function namesCredential(key: string): boolean {
  let known = credentialKeys.get(key);
  if (known === undefined) {
    known = false;
    const words = key
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w !== '');
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      const joined = i + 1 < words.length ? w + words[i + 1] : w;
      if (SENSITIVE_WORDS.has(w) || SENSITIVE_WORDS.has(joined)) {
        known = !words.slice(i + 1).some((a) => HARMLESS_WORDS.has(a));
        break;
      }
    }
    // Bounded: keys come from the objects, which may be many and all different.
    if (credentialKeys.size >= 10_000) credentialKeys.clear();
    credentialKeys.set(key, known);
  }
  return known;
}

/** Why `value` under `key` looks like a secret, or undefined. */
export function secretLooking(key: string, value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  if (VALUE_PREFILTER.test(value)) {
    for (const [re, what] of VALUE_PATTERNS) if (re.test(value)) return `the value looks like ${what}`;
  }
  if (!namesCredential(key)) return undefined;
  if (/^\$\{.*\}$|^\$\(.*\)$|^\{\{.*\}\}$/.test(value.trim()) || value.startsWith('/')) return undefined;
  if (/^(true|false|yes|no|on|off|[0-9]+)$/i.test(value)) return undefined;
  return `the key ${JSON.stringify(key)} names a credential and holds a literal value`;
}

/** Checks a ConfigMap's data. */
export function checkConfigMapSecrets(o: Record<string, unknown>): Finding[] {
  const out: Finding[] = [];
  for (const [k, v] of Object.entries(asObject(o.data))) {
    const why = secretLooking(k, v);
    if (why)
      out.push({
        rule: 'policy/secret-in-configmap',
        field: child('data', k),
        message: `ConfigMap key ${JSON.stringify(k)} looks like a secret: ${why}`,
        hint: 'Move it to a Secret (or an external secret store) and mount or reference that instead.',
      });
  }
  return out;
}

/** Checks the literal env values of a pod template's containers. */
export function checkEnvSecrets(t: PodTemplate): Finding[] {
  const out: Finding[] = [];
  for (const c of containersOf(t)) {
    asArray(c.container.env).forEach((e, i) => {
      const env = asObject(e);
      if (typeof env.name !== 'string') return;
      const why = secretLooking(env.name, env.value);
      if (why)
        out.push({
          rule: 'policy/secret-in-env',
          field: child(child(child(c.path, 'env'), i), 'value'),
          message: `env ${env.name} of container ${JSON.stringify(c.container.name)} looks like a secret: ${why}`,
          hint: `Put the value in a Secret and use valueFrom.secretKeyRef (name: <secret>, key: ${JSON.stringify(env.name)}).`,
        });
    });
  }
  return out;
}
