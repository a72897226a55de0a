import { Finding, asObject, asString, groupOf } from '../finding';
import { checkIngress, checkNetworkPolicy } from './networking';
import { checkService } from './service';
import { checkPod, checkReplicationController, checkWorkload } from './workloads';

/**
 * The API server's own validation of the built-in kinds (the rules in Kubernetes'
 * `pkg/apis/<group>/validation`, written here from reading them): what `kubectl apply` refuses
 * although the OpenAPI schema accepts it. One call per object; kinds of other groups (custom
 * resources that reuse a built-in kind's name) are left alone.
 */
export function checkApiServerRules(object: unknown): Finding[] {
  const o = asObject(object);
  const kind = asString(o.kind);
  const apiVersion = asString(o.apiVersion);
  if (kind === undefined || apiVersion === undefined) return [];
  const out: Finding[] = [];
  switch (groupOf(apiVersion)) {
    case '': checkCore(kind, o, out); break;
    case 'apps': case 'batch': checkWorkload(kind, o, out); break;
    case 'networking.k8s.io':
      if (kind === 'Ingress') checkIngress(o, out);
      else if (kind === 'NetworkPolicy') checkNetworkPolicy(o, out);
      break;
    default:
  }
  return out;
}

function checkCore(kind: string, o: Record<string, unknown>, out: Finding[]): void {
  switch (kind) {
    case 'Pod': checkPod(o, out); break;
    case 'Service': checkService(o, out); break;
    case 'ReplicationController': checkReplicationController(o, out); break;
    default:
  }
}
