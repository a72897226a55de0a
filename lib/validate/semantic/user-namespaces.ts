import { Finding } from '../finding';
import { forbidden } from './api-error';

/**
 * A pod in its own user namespace (core `validateHostUsers`): it may not share the node's
 * network, PID or IPC namespace.
 */
export function checkHostUsers(spec: Record<string, unknown>, path: string, out: Finding[]): void {
  if (spec.hostUsers !== false) return;
  for (const ns of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (spec[ns] === true) {
      out.push(
        forbidden(
          'api/combination',
          `${path}.${ns}`,
          'when `pod.Spec.HostUsers` is false',
          `A pod in its own user namespace cannot share the node's namespaces: remove ${ns}, or hostUsers: false.`,
        ),
      );
    }
  }
}
