import { SemanticCase } from './bases';
import { availabilityCases, configCases, rbacCases, storageCases } from './cluster';
import { ingressCases, networkPolicyCases, serviceCases } from './network';
import {
  containerCases,
  envCases,
  mountCases,
  probeCases,
  resourceCases,
  schedulingCases,
  volumeCases,
} from './pod-spec';
import { cronJobCases, daemonSetCases, deploymentCases, jobCases, statefulSetCases } from './workloads';

export { SemanticCase } from './bases';

/** The case table, grouped by kind (or, for pod templates, by part of the pod). */
export const CASE_GROUPS: Readonly<Record<string, readonly SemanticCase[]>> = {
  'pod template: containers': containerCases,
  'pod template: probes and hooks': probeCases,
  'pod template: env': envCases,
  'pod template: volume mounts': mountCases,
  'pod template: resources': resourceCases,
  'pod template: volumes': volumeCases,
  'pod template: scheduling, DNS, security': schedulingCases,
  'Deployment and ReplicaSet': deploymentCases,
  StatefulSet: statefulSetCases,
  DaemonSet: daemonSetCases,
  Job: jobCases,
  CronJob: cronJobCases,
  Service: serviceCases,
  Ingress: ingressCases,
  NetworkPolicy: networkPolicyCases,
  'PVC, PV and StorageClass': storageCases,
  'Secret, Namespace, ResourceQuota, LimitRange': configCases,
  RBAC: rbacCases,
  'HPA and PDB': availabilityCases,
};
