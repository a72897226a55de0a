import { Deployment, NetworkPolicies } from 'berth-k8s';
import { synthApp } from 'berth-k8s/testing';
import { validateManifests } from '../../lib/validate/validate-manifests';
import { makeApp, recordOf, render } from '../workloads/_helpers';

const DEFAULTS = { resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '200m', memory: '64Mi' } } };

/** The Pod Security findings (rule and field) of one workload object under the restricted profile. */
function podSecurity(object: object): string[] {
  return validateManifests([recordOf(object)], { policy: 'restricted' })
    .filter((p) =>
      [
        'policy/run-as-non-root',
        'policy/run-as-user',
        'policy/proc-mount',
        'policy/privileged',
        'policy/capabilities',
        'policy/allow-privilege-escalation',
      ].includes(p.rule),
    )
    .map((p) => `${p.rule} ${p.field}`)
    .sort();
}

function rootWeb(userNamespace: boolean) {
  const { app } = makeApp(DEFAULTS);
  const d = new Deployment(app, 'web', {
    securityContext: { userNamespace, allowRootUser: true, runAsUser: 0 },
    containers: [{ image: 'web:1.0' }],
  });
  return { app, d, json: render(d) };
}

describe('user namespaces (hostUsers: false)', () => {
  test('the opt-in renders hostUsers: false and keeps the restricted defaults', () => {
    const { app } = makeApp();
    const d = new Deployment(app, 'web', {
      securityContext: { userNamespace: true },
      containers: [{ image: 'web:1.0' }],
    });
    const spec = render(d).spec.template.spec;
    expect(spec.hostUsers).toBe(false);
    expect(spec.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(spec.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    const plain = new Deployment(app, 'api', { containers: [{ image: 'api:1.0' }] });
    expect(render(plain).spec.template.spec.hostUsers).toBeUndefined();
  });

  test('root in the host user namespace breaks Pod Security restricted', () => {
    expect(podSecurity(rootWeb(false).json)).toEqual([
      'policy/run-as-non-root spec.template.spec.containers[0].securityContext.runAsNonRoot',
      'policy/run-as-user spec.template.spec.securityContext.runAsUser',
    ]);
  });

  test('in its own user namespace, root and an unmasked /proc are allowed; the other controls stay', () => {
    const { app, json } = rootWeb(true);
    expect(podSecurity(json)).toEqual([]);
    json.spec.template.spec.containers[0].securityContext.procMount = 'Unmasked';
    expect(podSecurity(json)).toEqual([]);
    json.spec.template.spec.containers[0].securityContext.privileged = true;
    json.spec.template.spec.containers[0].securityContext.capabilities = { drop: [] };
    expect(podSecurity(json)).toEqual([
      'policy/capabilities spec.template.spec.containers[0].securityContext.capabilities.drop',
      'policy/privileged spec.template.spec.containers[0].securityContext.privileged',
    ]);
    // The whole app synthesizes under the restricted profile.
    NetworkPolicies.defaultDeny(app);
    expect(synthApp(app).map((o) => o.kind)).toContain('Deployment');
  });
});
