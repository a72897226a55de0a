import { child } from '../model/field-path';
import { asArray, asObject, asObjects, asString, Finding } from './finding';
import { isRecord } from '../model/is-record';
import { ContainerAt, PodTemplate } from './pod-templates';

/**
 * Probes (kube-linter's liveness-port, readiness-port, startup-port and no-liveness-probe;
 * Polaris' livenessProbeMissing): long-running containers have a liveness probe, and a probe
 * checks a port its container declares, over TCP. A named port the container lacks is
 * `reference/probe-port` (check-grammar), an error in every profile.
 */

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
/** The containers probes and env vars are checked in (ephemeral containers have neither rule). */
const LISTS = ['initContainers', 'containers'] as const;
/** The handlers that connect to a port, all over TCP (gRPC and HTTP run on TCP). */
const PORT_HANDLERS = ['httpGet', 'tcpSocket', 'grpc'] as const;

/** Kinds whose pods run to completion: a liveness probe is not expected there. */
const RUN_TO_COMPLETION = new Set(['Job', 'CronJob']);

/**
 * Checks the probes and env vars of the containers of one pod template of an object of `kind`.
 * `wanted` says whether a rule is reported: every workload has containers, so this runs on
 * thousands of them, and builds nothing (not even a field path) until it finds something.
 */
export function checkProbesAndEnv(
  t: PodTemplate,
  kind: string,
  wanted: (rule: string) => boolean = () => true,
): Finding[] {
  const out: Finding[] = [];
  const liveness =
    wanted('policy/liveness-probe') &&
    !RUN_TO_COMPLETION.has(kind) &&
    !(kind === 'Pod' && (t.spec.restartPolicy === 'Never' || t.spec.restartPolicy === 'OnFailure'));
  const ports = wanted('policy/probe-port') || wanted('policy/probe-port-protocol');
  const env = wanted('policy/duplicate-env');
  for (const list of LISTS) {
    const containers = t.spec[list];
    if (!Array.isArray(containers)) continue;
    for (let i = 0; i < containers.length; i++) {
      const container: unknown = containers[i];
      if (!isRecord(container)) continue;
      // Its path only when a finding needs it.
      const c = (): ContainerAt => ({ container, path: `${t.specPath}.${list}[${i}]`, list });
      if (env && Array.isArray(container.env) && container.env.length > 1) checkDuplicateEnv(c(), out);
      if (liveness && list === 'containers' && container.livenessProbe === undefined) {
        out.push({
          rule: 'policy/liveness-probe',
          field: child(c().path, 'livenessProbe'),
          message: `container ${JSON.stringify(container.name)} has no liveness probe: a process that hangs without exiting is never restarted`,
          hint: 'Add a livenessProbe (liveness: Probe.http, Probe.tcp, Probe.grpc or Probe.exec) that fails only when a restart helps, not when a dependency is down.',
        });
      }
      if (!ports) continue;
      for (const probe of PROBES) {
        const pr = container[probe];
        if (!isRecord(pr)) continue;
        for (const handler of PORT_HANDLERS) {
          const h = pr[handler];
          if (isRecord(h) && h.port !== undefined) checkProbePort(container, c, probe, handler, h.port, out);
        }
      }
    }
  }
  return out;
}

/** A probe's port: declared by its container (numbers; names are reference/probe-port's), over TCP. */
function checkProbePort(
  container: Record<string, unknown>,
  at: () => ContainerAt,
  probe: string,
  handler: string,
  port: unknown,
  out: Finding[],
): void {
  const ports = asObjects(container.ports);
  const matching = ports.filter((p) => (typeof port === 'number' ? p.containerPort === port : p.name === port));
  // Only UDP and SCTP are not TCP (another value is the schema's error, not this rule's).
  if (matching.some((p) => p.protocol !== 'UDP' && p.protocol !== 'SCTP')) return;
  const name = JSON.stringify(container.name);
  const field = child(child(child(at().path, probe), handler), 'port');
  if (matching.length === 0) {
    // A named port no container port has is reference/probe-port's.
    if (typeof port !== 'number') return;
    const declared = ports.map((p) => p.containerPort).filter((p) => typeof p === 'number');
    out.push({
      rule: 'policy/probe-port',
      field,
      value: port,
      message: `the ${probe} of container ${name} checks port ${port}, which the container does not declare${declared.length > 0 ? ` (it declares ${declared.join(', ')})` : ''}: a port change can leave the probe behind, failing it`,
      hint:
        declared.length > 0
          ? `Probe a declared port (${declared.join(', ')}), or declare ${port} in the container's ports.`
          : `Declare ${port} in the container's ports (ports: [{ containerPort: ${port} }]).`,
    });
    return;
  }
  const protocols = [...new Set(matching.map((p) => String(p.protocol)))].join(', ');
  out.push({
    rule: 'policy/probe-port-protocol',
    field,
    value: port,
    message: `the ${probe} of container ${name} uses ${handler} on port ${JSON.stringify(port)}, which the container declares as ${protocols} only: ${handler} connects over TCP, so the probe fails`,
    hint: `Probe a TCP port of the container, or use an exec probe for a ${protocols} service.`,
  });
}

/** Env var names set twice in one container: the last one wins, the others are silently lost. */
function checkDuplicateEnv(c: ContainerAt, out: Finding[]): void {
  const first = new Map<string, number>();
  asArray(c.container.env).forEach((e, i) => {
    const n = asString(asObject(e).name);
    if (n === undefined) return;
    const earlier = first.get(n);
    if (earlier === undefined) {
      first.set(n, i);
      return;
    }
    out.push({
      rule: 'policy/duplicate-env',
      field: `${c.path}.env[${i}].name`,
      value: n,
      message: `container ${JSON.stringify(c.container.name)} sets env var ${JSON.stringify(n)} twice (env[${earlier}] and env[${i}]): the last one wins and the other is silently ignored`,
      hint: `Remove one of the two ${JSON.stringify(n)} entries, keeping the value meant.`,
    });
  });
}
