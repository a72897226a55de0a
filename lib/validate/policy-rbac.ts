import { ManifestRecord } from '../model/manifest';
import { asArray, asObject, asObjects, asString, Finding, nameOf, PlacedFinding } from './finding';
import { ObjectIndex } from './object-index';

/**
 * Dangerous RBAC (kube-linter's and Polaris' RBAC checks, CIS 5.1.1–5.1.4): wildcards, the
 * verbs that grant more than they say (escalate, bind, impersonate), running commands in pods,
 * creating pods, cluster-wide Secret reads and bindings to cluster-admin.
 */

const ESCALATING_VERBS = ['escalate', 'bind', 'impersonate'];
const READ_VERBS = ['get', 'list', 'watch', '*'];

/** Whether a rule's API groups include the core group (`""`) or all groups. */
function coreGroup(rule: Record<string, unknown>): boolean {
  const groups = asArray(rule.apiGroups);
  return groups.includes('') || groups.includes('*');
}

/** Checks the Roles, ClusterRoles and bindings of one environment. */
export function checkRbac(index: ObjectIndex): PlacedFinding[] {
  const out: PlacedFinding[] = [];
  // ClusterRoles bound cluster-wide, with the first binding that does it.
  const boundClusterWide = new Map<string, string>();
  for (const record of index.ofKind('ClusterRoleBinding')) checkBinding(record, out, boundClusterWide);
  for (const record of index.ofKind('RoleBinding')) checkBinding(record, out);
  for (const kind of ['Role', 'ClusterRole'] as const) {
    for (const record of index.ofKind(kind)) {
      const o = asObject(record.object);
      const role = `${kind} ${nameOf(o)}`;
      const push = (f: Finding): void => {
        out.push({ record, finding: f });
      };
      asObjects(o.rules).forEach((rule, i) => {
        const verbs = asArray(rule.verbs).filter((v): v is string => typeof v === 'string');
        const resources = asArray(rule.resources).filter((v): v is string => typeof v === 'string');
        const base = `rules[${i}]`;
        for (const [field, list] of [
          ['verbs', verbs],
          ['resources', resources],
        ] as const) {
          if (!list.includes('*')) continue;
          push({
            rule: 'policy/rbac-wildcard',
            field: `${base}.${field}`,
            value: list,
            message: `${role} grants "*" in ${field}: it also grants every ${field === 'verbs' ? 'verb' : 'resource'} added later (new kinds, CRDs, subresources such as pods/exec)`,
            hint: `List the ${field} the subject needs, e.g. ${field === 'verbs' ? '["get", "list", "watch"]' : '["configmaps"]'}.`,
          });
        }
        const escalating = verbs.filter((v) => ESCALATING_VERBS.includes(v));
        if (escalating.length > 0) {
          push({
            rule: 'policy/rbac-escalation',
            field: `${base}.verbs`,
            value: verbs,
            message: `${role} grants ${escalating.map((v) => JSON.stringify(v)).join(', ')}: the subject can give itself or others permissions it does not have`,
            hint: `Remove ${escalating.join(', ')}; grant the permissions that are needed directly.`,
          });
        }
        if (!coreGroup(rule)) return;
        const exec = resources.filter((r) => r === 'pods/exec' || r === 'pods/attach' || r === 'pods/*');
        if (exec.length > 0 && verbs.length > 0) {
          push({
            rule: 'policy/rbac-pod-exec',
            field: `${base}.resources`,
            value: resources,
            message: `${role} grants ${verbs.join(', ')} on ${exec.join(', ')}: the subject can run commands in pods and read everything they hold (mounted Secrets included)`,
            hint: `Remove ${exec.join(', ')}; for debugging, grant it to people for a time, not to a workload.`,
          });
        }
        if (
          (verbs.includes('create') || verbs.includes('*')) &&
          (resources.includes('pods') || resources.includes('*'))
        ) {
          push({
            rule: 'policy/rbac-create-pods',
            field: `${base}.verbs`,
            value: verbs,
            message: `${role} grants create on pods: the subject can run any image with any ServiceAccount of the namespace, and so use its permissions`,
            hint: 'Remove create on pods; let a controller (Deployment, Job) create them.',
          });
        }
        const bindingName = kind === 'ClusterRole' ? boundClusterWide.get(nameOf(o)) : undefined;
        const reads = verbs.filter((v) => READ_VERBS.includes(v));
        const named = asArray(rule.resourceNames).length > 0;
        if (
          bindingName !== undefined &&
          !named &&
          reads.length > 0 &&
          (resources.includes('secrets') || resources.includes('*'))
        ) {
          push({
            rule: 'policy/rbac-secrets',
            field: `${base}.verbs`,
            value: verbs,
            message: `${role} grants ${reads.join(', ')} on secrets and ClusterRoleBinding ${bindingName} binds it cluster-wide: the subject can read every Secret of every namespace`,
            hint: `Bind it in the namespaces that need it (a RoleBinding; ClusterRole.bindInNamespace), or limit the rule to resourceNames.`,
          });
        }
      });
    }
  }
  return out;
}

function checkBinding(record: ManifestRecord, out: PlacedFinding[], boundClusterWide?: Map<string, string>): void {
  const o = asObject(record.object);
  const ref = asObject(o.roleRef);
  const name = asString(ref.name);
  if (ref.kind !== 'ClusterRole' || name === undefined) return;
  if (boundClusterWide && !boundClusterWide.has(name)) boundClusterWide.set(name, nameOf(o));
  if (name !== 'cluster-admin') return;
  out.push({
    record,
    finding: {
      rule: 'policy/rbac-cluster-admin',
      field: 'roleRef.name',
      value: name,
      message: `${String(o.kind)} ${nameOf(o)} binds the ClusterRole cluster-admin: its subjects can do anything${o.kind === 'ClusterRoleBinding' ? ' in every namespace' : ' in the namespace'}`,
      hint: 'Bind a role with only the permissions needed (a Role of your own, or the built-in edit or view).',
    },
  });
}
