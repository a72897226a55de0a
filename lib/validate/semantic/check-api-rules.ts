import { Finding, asObject, asString, groupOf } from '../finding';
import { checkHpa, checkPdb } from './availability';
import { checkLimitRange, checkNamespace, checkResourceQuota, checkSecret } from './config';
import { checkIngress, checkNetworkPolicy } from './networking';
import { checkBinding, checkRole } from './rbac';
import { checkService } from './service';
import { checkPv, checkPvc, checkStorageClass } from './storage';
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
    case '':
      checkCore(kind, o, out);
      break;
    case 'apps':
    case 'batch':
      checkWorkload(kind, o, out);
      break;
    case 'networking.k8s.io':
      if (kind === 'Ingress') checkIngress(o, out);
      else if (kind === 'NetworkPolicy') checkNetworkPolicy(o, out);
      break;
    case 'policy':
      if (kind === 'PodDisruptionBudget') checkPdb(o, out);
      break;
    case 'autoscaling':
      if (kind === 'HorizontalPodAutoscaler') checkHpa(o, out);
      break;
    case 'storage.k8s.io':
      if (kind === 'StorageClass') checkStorageClass(o, out);
      break;
    case 'rbac.authorization.k8s.io':
      checkRbac(kind, o, out);
      break;
    default:
  }
  return out;
}

function checkCore(kind: string, o: Record<string, unknown>, out: Finding[]): void {
  switch (kind) {
    case 'Pod':
      checkPod(o, out);
      break;
    case 'Service':
      checkService(o, out);
      break;
    case 'Secret':
      checkSecret(o, out);
      break;
    case 'Namespace':
      checkNamespace(o, out);
      break;
    case 'ResourceQuota':
      checkResourceQuota(o, out);
      break;
    case 'LimitRange':
      checkLimitRange(o, out);
      break;
    case 'PersistentVolumeClaim':
      checkPvc(o, out);
      break;
    case 'PersistentVolume':
      checkPv(o, out);
      break;
    case 'ReplicationController':
      checkReplicationController(o, out);
      break;
    default:
  }
}

function checkRbac(kind: string, o: Record<string, unknown>, out: Finding[]): void {
  switch (kind) {
    case 'Role':
      checkRole(o, true, out);
      break;
    case 'ClusterRole':
      checkRole(o, false, out);
      break;
    case 'RoleBinding':
      checkBinding(o, true, out);
      break;
    case 'ClusterRoleBinding':
      checkBinding(o, false, out);
      break;
    default:
  }
}
