import { Finding, asArray, asObject } from '../finding';
import { forbidden, invalid, isInt, MSG, required } from './api-error';
import { isRecord } from '../../model/is-record';

/**
 * Probes and lifecycle hooks (core `validateProbe`, `validateHandler`, `validateLifecycle`):
 * exactly one handler, ports in range, counts not negative, and what each kind of probe allows.
 */

/** The handlers a probe may have, in the order the API server looks at them. */
const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;
/** The handlers a lifecycle hook may have. */
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'] as const;

const ONE_HANDLER_HINT =
  'A probe or hook runs one check: keep one of exec, httpGet, tcpSocket, grpc (sleep for hooks) and remove the others.';

function checkPort(port: unknown, path: string, out: Finding[]): void {
  if (isInt(port) && (port < 1 || port > 65535)) {
    out.push(invalid('api/range', path, port, MSG.port, 'Use the container port the process listens on (1-65535).'));
  }
}

function checkHandler(
  handler: Record<string, unknown>,
  names: readonly string[],
  path: string,
  gracePeriod: number,
  out: Finding[],
): void {
  let count = 0;
  for (const name of names) {
    const h = handler[name];
    if (h === undefined || h === null) continue;
    const p = `${path}.${name}`;
    if (count > 0) {
      out.push(forbidden('api/one-of', p, 'may not specify more than 1 handler type', ONE_HANDLER_HINT));
      continue;
    }
    count++;
    const action = asObject(h);
    if (name === 'exec' && asArray(action.command).length === 0) {
      out.push(required('api/required', `${p}.command`, '', 'Give the command to run, e.g. command: ["/bin/check"].'));
    }
    if (name === 'httpGet' || name === 'tcpSocket' || name === 'grpc') checkPort(action.port, `${p}.port`, out);
    if (name === 'sleep' && isInt(action.seconds) && (action.seconds <= 0 || action.seconds > gracePeriod)) {
      out.push(
        invalid(
          'api/range',
          p,
          action.seconds,
          `must be greater than 0 and less than terminationGracePeriodSeconds (${gracePeriod})`,
          `Sleep between 1 and ${gracePeriod} seconds, or raise terminationGracePeriodSeconds.`,
        ),
      );
    }
  }
  if (count === 0) {
    out.push(
      required('api/one-of', path, 'must specify a handler type', `Give the check to run: ${names.join(', ')}.`),
    );
  }
}

const COUNTS = [
  'initialDelaySeconds',
  'timeoutSeconds',
  'periodSeconds',
  'successThreshold',
  'failureThreshold',
] as const;

/** Checks one probe; `kind` says which (liveness and startup probes need a success threshold of 1). */
export function checkProbe(
  probe: unknown,
  kind: 'livenessProbe' | 'readinessProbe' | 'startupProbe',
  path: string,
  gracePeriod: number,
  out: Finding[],
): void {
  if (!isRecord(probe)) return;
  checkHandler(probe, PROBE_HANDLERS, path, gracePeriod, out);
  for (const c of COUNTS) {
    const v = probe[c];
    if (isInt(v) && v < 0)
      out.push(
        invalid('api/range', `${path}.${c}`, v, MSG.nonNegative, `Set ${c} to 0 or more (0 means the default).`),
      );
  }
  const tgp = probe.terminationGracePeriodSeconds;
  if (isInt(tgp) && tgp <= 0) {
    out.push(
      invalid(
        'api/range',
        `${path}.terminationGracePeriodSeconds`,
        tgp,
        'must be greater than 0',
        "Use at least 1 second, or remove it to use the pod's terminationGracePeriodSeconds.",
      ),
    );
  }
  // 0 is defaulted to 1 before validation.
  const success = probe.successThreshold;
  if (kind !== 'readinessProbe' && isInt(success) && success > 1) {
    out.push(
      invalid(
        'api/range',
        `${path}.successThreshold`,
        success,
        'must be 1',
        `A ${kind === 'livenessProbe' ? 'liveness' : 'startup'} probe succeeds on its first success: set successThreshold to 1 or remove it; to demand several successes, use a readiness probe.`,
      ),
    );
  }
  if (kind === 'readinessProbe' && tgp !== undefined && tgp !== null) {
    out.push(
      invalid(
        'api/combination',
        `${path}.terminationGracePeriodSeconds`,
        tgp,
        'must not be set for readinessProbes',
        'Remove it: a failing readiness probe does not restart the container, so there is no grace period to set.',
      ),
    );
  }
}

/** Checks `lifecycle` (postStart, preStop). */
export function checkLifecycle(lifecycle: unknown, path: string, gracePeriod: number, out: Finding[]): void {
  const l = asObject(lifecycle);
  for (const hook of ['postStart', 'preStop']) {
    if (isRecord(l[hook]))
      checkHandler(l[hook] as Record<string, unknown>, LIFECYCLE_HANDLERS, `${path}.${hook}`, gracePeriod, out);
  }
}
