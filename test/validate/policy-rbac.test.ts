import { reported } from './policy-helpers';

/** Dangerous RBAC: one failing and one passing case per rule, with each profile's severity. */

const RBAC = 'rbac.authorization.k8s.io/v1';
const role = (rules: object[], kind = 'Role', name = 'app'): object => ({
  apiVersion: RBAC,
  kind,
  metadata: kind === 'Role' ? { name, namespace: 'shop' } : { name },
  rules,
});
const binding = (kind: string, roleName: string, name = 'app'): object => ({
  apiVersion: RBAC,
  kind,
  metadata: kind === 'RoleBinding' ? { name, namespace: 'shop' } : { name },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
  subjects: [{ kind: 'ServiceAccount', name: 'app', namespace: 'shop' }],
});
const READ = { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] };

describe('policy/rbac-wildcard', () => {
  test('"*" in verbs or resources is an error (a warning in baseline)', () => {
    const rules = [{ apiGroups: ['apps'], resources: ['*'], verbs: ['*'] }];
    expect(reported('policy/rbac-wildcard', [role(rules)])).toEqual([
      'error Role/shop/app at rules[0].verbs (["*"]): Role app grants "*" in verbs: it also grants every verb added later (new kinds, CRDs, subresources such as pods/exec) | fix: List the verbs the subject needs, e.g. ["get", "list", "watch"].',
      'error Role/shop/app at rules[0].resources (["*"]): Role app grants "*" in resources: it also grants every resource added later (new kinds, CRDs, subresources such as pods/exec) | fix: List the resources the subject needs, e.g. ["configmaps"].',
    ]);
    expect(reported('policy/rbac-wildcard', [role(rules)], 'baseline').map((l) => l.split(' ')[0])).toEqual([
      'warning',
      'warning',
    ]);
  });

  test('named verbs and resources pass', () => {
    expect(reported('policy/rbac-wildcard', [role([READ])])).toEqual([]);
  });
});

describe('policy/rbac-escalation', () => {
  test('escalate, bind and impersonate are errors', () => {
    const rules = [
      READ,
      { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], verbs: ['get', 'bind', 'escalate'] },
    ];
    expect(reported('policy/rbac-escalation', [role(rules, 'ClusterRole')])).toEqual([
      'error ClusterRole/app at rules[1].verbs (["get","bind","escalate"]): ClusterRole app grants "bind", "escalate": the subject can give itself or others permissions it does not have | fix: Remove bind, escalate; grant the permissions that are needed directly.',
    ]);
  });

  test('other verbs pass', () => {
    expect(
      reported('policy/rbac-escalation', [role([READ, { apiGroups: [''], resources: ['pods'], verbs: ['delete'] }])]),
    ).toEqual([]);
  });
});

describe('policy/rbac-pod-exec', () => {
  test('any verb on pods/exec or pods/attach is an error', () => {
    const rules = [{ apiGroups: [''], resources: ['pods', 'pods/exec', 'pods/attach'], verbs: ['get', 'create'] }];
    expect(reported('policy/rbac-pod-exec', [role(rules)])).toEqual([
      'error Role/shop/app at rules[0].resources (["pods","pods/exec","pods/attach"]): Role app grants get, create on pods/exec, pods/attach: the subject can run commands in pods and read everything they hold (mounted Secrets included) | fix: Remove pods/exec, pods/attach; for debugging, grant it to people for a time, not to a workload.',
    ]);
  });

  test('pods/log, or pods/exec of another API group, passes', () => {
    const rules = [
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
      { apiGroups: ['example.com'], resources: ['pods/exec'], verbs: ['get'] },
    ];
    expect(reported('policy/rbac-pod-exec', [role(rules)])).toEqual([]);
  });
});

describe('policy/rbac-create-pods', () => {
  test('create on pods is a warning, off in baseline', () => {
    const rules = [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'create'] }];
    expect(reported('policy/rbac-create-pods', [role(rules)])).toEqual([
      'warning Role/shop/app at rules[0].verbs (["get","create"]): Role app grants create on pods: the subject can run any image with any ServiceAccount of the namespace, and so use its permissions | fix: Remove create on pods; let a controller (Deployment, Job) create them.',
    ]);
    expect(reported('policy/rbac-create-pods', [role(rules)], 'baseline')).toEqual([]);
  });

  test('reading and deleting pods passes', () => {
    expect(
      reported('policy/rbac-create-pods', [role([{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'delete'] }])]),
    ).toEqual([]);
  });
});

describe('policy/rbac-secrets', () => {
  const reader = role(
    [{ apiGroups: [''], resources: ['secrets', 'configmaps'], verbs: ['get', 'list', 'create'] }],
    'ClusterRole',
    'reader',
  );

  test('a ClusterRole that reads Secrets and a ClusterRoleBinding binds cluster-wide is a warning', () => {
    expect(reported('policy/rbac-secrets', [reader, binding('ClusterRoleBinding', 'reader', 'readers')])).toEqual([
      'warning ClusterRole/reader at rules[0].verbs (["get","list","create"]): ClusterRole reader grants get, list on secrets and ClusterRoleBinding readers binds it cluster-wide: the subject can read every Secret of every namespace | fix: Bind it in the namespaces that need it (a RoleBinding; ClusterRole.bindInNamespace), or limit the rule to resourceNames.',
    ]);
  });

  test('bound in a namespace only, limited to resourceNames, or a Role: passes', () => {
    expect(reported('policy/rbac-secrets', [reader, binding('RoleBinding', 'reader')])).toEqual([]);
    const named = role(
      [{ apiGroups: [''], resources: ['secrets'], resourceNames: ['tls'], verbs: ['get'] }],
      'ClusterRole',
      'reader',
    );
    expect(reported('policy/rbac-secrets', [named, binding('ClusterRoleBinding', 'reader')])).toEqual([]);
    expect(
      reported('policy/rbac-secrets', [role([{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }])]),
    ).toEqual([]);
  });
});

describe('policy/rbac-cluster-admin', () => {
  test('a binding to cluster-admin is an error', () => {
    expect(reported('policy/rbac-cluster-admin', [binding('ClusterRoleBinding', 'cluster-admin', 'ops')])).toEqual([
      'error ClusterRoleBinding/ops at roleRef.name ("cluster-admin"): ClusterRoleBinding ops binds the ClusterRole cluster-admin: its subjects can do anything in every namespace | fix: Bind a role with only the permissions needed (a Role of your own, or the built-in edit or view).',
    ]);
    expect(reported('policy/rbac-cluster-admin', [binding('RoleBinding', 'cluster-admin', 'ops')])).toEqual([
      'error RoleBinding/shop/ops at roleRef.name ("cluster-admin"): RoleBinding ops binds the ClusterRole cluster-admin: its subjects can do anything in the namespace | fix: Bind a role with only the permissions needed (a Role of your own, or the built-in edit or view).',
    ]);
  });

  test('a binding to view passes', () => {
    expect(reported('policy/rbac-cluster-admin', [binding('ClusterRoleBinding', 'view')])).toEqual([]);
  });
});
