/**
 * `helm/literal-object-name`: under another release name the chart renames the app's objects
 * (`<release>-db`), but a literal `db` a program wrote into a container's env value, command
 * or args stays `db` and then names nothing. `service.serviceName` and `service.dnsName` follow
 * the release; this warns where the literal was written instead.
 */
import { KubeObject } from '../../model/manifest';
import { Problem } from '../../model/problem';

/** The rule of a literal object name in container text. */
export const LITERAL_NAME_RULE = 'helm/literal-object-name';

/** One object of one environment, as the chart builder sees it. */
export interface LiteralNameInput {
  readonly app: string;
  readonly environment: string;
  readonly namespace: string;
  readonly constructPath: string;
  readonly object: KubeObject;
}

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'];

/**
 * The warnings for `o`: each env value, command word or argument that is the name of an object
 * of the release (`names`, by kind), or a Service's DNS name in the app's namespace
 * (`db.shop`, `db.shop.svc`, `db.shop.svc.cluster.local`).
 */
export function literalNameWarnings(o: LiteralNameInput, names: ReadonlyMap<string, ReadonlySet<string>>): Problem[] {
  const problems: Problem[] = [];
  const check = (field: string, text: unknown): void => {
    if (typeof text !== 'string') return;
    const match = objectNamed(text, o.namespace, names);
    if (match === undefined) return;
    const kind = match.kinds[0];
    const them = match.kinds.length > 1 ? 'them' : `that ${kind}`;
    problems.push({
      severity: 'warning',
      rule: LITERAL_NAME_RULE,
      message: `${JSON.stringify(text)} is the name of ${listed(match.kinds)} ${match.name} of this app written as text: under another release name the chart names ${them} <release>-${match.name}, and this text still says ${JSON.stringify(text)}`,
      hint:
        kind === 'Service'
          ? `Use the Service's accessor instead of the literal: \`${match.dns ? 'service.dnsName' : 'service.serviceName'}\` (\`\${db.serviceName}\` inside a longer string), which follows the release name.`
          : `Build the text from the object's name in the program rather than a literal, or waive ${LITERAL_NAME_RULE} with a reason if the text does not mean ${them}.`,
      app: o.app,
      environment: o.environment,
      constructPath: o.constructPath,
      object: `${o.object.kind}/${o.object.metadata.name ?? ''}`,
      field,
      value: text,
    });
  };
  for (const { path, spec } of podSpecs(o.object)) {
    for (const list of CONTAINER_LISTS) {
      const containers = spec[list];
      if (!Array.isArray(containers)) continue;
      containers.forEach((c: unknown, i) => {
        if (typeof c !== 'object' || c === null) return;
        const container = c as Record<string, unknown>;
        const at = `${path}${list}[${typeof container.name === 'string' ? `name=${container.name}` : i}]`;
        for (const key of ['command', 'args'] as const) {
          const words = container[key];
          if (Array.isArray(words)) words.forEach((w: unknown, j) => check(`${at}.${key}[${j}]`, w));
        }
        const env = container.env;
        if (Array.isArray(env))
          for (const e of env as { name?: unknown; value?: unknown }[])
            if (typeof e === 'object' && e !== null) check(`${at}.env[name=${String(e.name)}].value`, e.value);
      });
    }
  }
  return problems;
}

function objectNamed(
  text: string,
  namespace: string,
  names: ReadonlyMap<string, ReadonlySet<string>>,
): { kinds: string[]; name: string; dns: boolean } | undefined {
  // A Service first: text naming a host means the Service (then its ServiceAccount, ...).
  const kinds = [...names.keys()]
    .filter((k) => names.get(k)!.has(text))
    .sort((a, b) => (a === 'Service' ? -1 : b === 'Service' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  if (kinds.length > 0) return { kinds, name: text, dns: false };
  const dns = /^([a-z0-9-]+)\.([a-z0-9-]+)(?:\.svc(?:\.cluster\.local)?)?$/.exec(text);
  if (dns && dns[2] === namespace && names.get('Service')?.has(dns[1]))
    return { kinds: ['Service'], name: dns[1], dns: true };
  return undefined;
}

/** The pod specs of an object, with the field path to them: a Pod's spec, a workload's template, a CronJob's job template. */
function podSpecs(o: KubeObject): { path: string; spec: Record<string, unknown> }[] {
  const obj = o as unknown as Record<string, unknown>;
  const at = (path: string): Record<string, unknown> | undefined => {
    let cur: unknown = obj;
    for (const k of path.split('.')) {
      if (typeof cur !== 'object' || cur === null) return undefined;
      cur = (cur as Record<string, unknown>)[k];
    }
    return typeof cur === 'object' && cur !== null && !Array.isArray(cur)
      ? (cur as Record<string, unknown>)
      : undefined;
  };
  const out: { path: string; spec: Record<string, unknown> }[] = [];
  for (const path of ['spec', 'spec.template.spec', 'spec.jobTemplate.spec.template.spec']) {
    const spec = at(path);
    if (spec && Array.isArray(spec.containers)) out.push({ path: `${path}.`, spec });
  }
  return out;
}

/** `A`, `A and B`, `A, B and C`. */
function listed(words: readonly string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
