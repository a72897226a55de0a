import {
  Platform,
  Environment,
  Application,
  Deployment,
  Namespace,
  NamespaceProps,
  NetworkPolicies,
  PodSecurityLevel,
  Waivers,
  Cpu,
  Size,
  Probe,
  Spread,
} from '../../lib';
import { Problem, ValidationFailed } from '../../lib/model/problem';
import { runValidate } from '../support/run-validate';

/** A Deployment whose container runs as root (a named opt-out), in namespace shop. */
function rootApp(ns: NamespaceProps = {}): { platform: Platform; web: Deployment } {
  const platform = new Platform();
  const app = new Application(new Environment(platform, 'dev', { config: {} }), 'shop');
  new Namespace(app, 'ns', { name: 'shop', ...ns });
  NetworkPolicies.defaultDeny(app);
  const web = new Deployment(app, 'web', {
    replicas: 2,
    spread: [Spread.onePerNode()],
    securityContext: { allowRootUser: true },
    containers: [
      {
        image: 'nginx:1.27.0',
        ports: [{ port: 8080 }],
        liveness: Probe.tcp(8080),
        securityContext: { allowRootUser: true },
        resources: {
          cpu: { request: Cpu.millis(100), limit: Cpu.millis(200) },
          memory: { request: Size.mebibytes(64), limit: Size.mebibytes(64) },
        },
      },
    ],
  });
  web.addDisruptionBudget({ minAvailable: 1 });
  return { platform, web };
}

/** The problems of a dry-run synth: the errors when it fails, else the warnings. */
function problems(platform: Platform): Problem[] {
  try {
    return [...platform.synth({ dryRun: true }).warnings];
  } catch (e) {
    if (e instanceof ValidationFailed) return [...e.problems];
    throw e;
  }
}

const line = (p: Problem): string => `${p.severity} ${p.rule} ${p.field}: ${p.message}`;
const FIELD = 'spec.template.spec.containers[0].securityContext.runAsNonRoot';

test("a pod breaking its namespace's enforced level is an error a policy waiver does not silence; the fix names both ways", () => {
  const { platform, web } = rootApp();
  Waivers.of(web).waive('policy/run-as-non-root', 'the vendor image runs as root; OPS-12');
  const found = problems(platform);
  expect(found.map(line)).toEqual([
    `error api/pod-security ${FIELD}: the namespace "shop" enforces the Pod Security level "restricted" (pod-security.kubernetes.io/enforce), so the API server refuses this pod: container "web" sets runAsNonRoot: false (policy/run-as-non-root)`,
  ]);
  expect(found[0].hint).toBe(
    "Fix the pod: Set runAsNonRoot: true and use an image with a non-root USER. Or set the namespace's level to baseline: podSecurity: { enforce: PodSecurityLevel.BASELINE } on its Namespace (the label pod-security.kubernetes.io/enforce: baseline). A waiver does not change what the API server admits.",
  );
});

test('without a waiver, the admission error replaces the policy error of the same field', () => {
  expect(problems(rootApp().platform).map((p) => `${p.severity} ${p.rule}`)).toEqual(['error api/pod-security']);
});

test('a baseline namespace gets baseline findings; its restricted warn and audit levels give a warning', () => {
  const found = problems(rootApp({ podSecurity: { enforce: PodSecurityLevel.BASELINE } }).platform);
  expect(found.map(line)).toEqual([
    `warning api/pod-security ${FIELD}: the namespace "shop" warns and audits at the Pod Security level "restricted" (pod-security.kubernetes.io/warn, pod-security.kubernetes.io/audit); the API server admits this pod with a warning: container "web" sets runAsNonRoot: false (policy/run-as-non-root)`,
  ]);
  expect(found[0].hint).toBe(
    'Fix the pod: Set runAsNonRoot: true and use an image with a non-root USER. Or set the namespace\'s warn and audit level to "baseline" like its enforce level (podSecurity: { warn: PodSecurityLevel.BASELINE, audit: PodSecurityLevel.BASELINE } on its Namespace).',
  );
  const quiet = rootApp({
    podSecurity: {
      enforce: PodSecurityLevel.BASELINE,
      warn: PodSecurityLevel.BASELINE,
      audit: PodSecurityLevel.BASELINE,
    },
  });
  expect(problems(quiet.platform)).toEqual([]);
});

/** A Namespace labelled `labels` and a root pod in it, as YAML another tool wrote. */
function yaml(labels: string, waiver = ''): string {
  return `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
${labels}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
---
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
${waiver}spec:
  securityContext:
    runAsNonRoot: true
    seccompProfile: { type: RuntimeDefault }
  containers:
    - name: web
      image: nginx:1.27.0
      ports: [{ containerPort: 8080 }]
      livenessProbe: { tcpSocket: { port: 8080 } }
      securityContext:
        runAsNonRoot: false
        allowPrivilegeEscalation: false
        readOnlyRootFilesystem: true
        capabilities: { drop: [ALL] }
      resources: { requests: { cpu: 100m, memory: 64Mi }, limits: { cpu: 200m, memory: 64Mi } }
`;
}

test('berth validate applies the namespace levels it reads, whatever the profile or the waiver annotations say', async () => {
  const waived = '  annotations:\n    waive.berth.dev/policy.run-as-non-root: the vendor image runs as root; OPS-12\n';
  const r = await runValidate(
    ['-', '--policy', 'none', '--format', 'json'],
    yaml('    pod-security.kubernetes.io/enforce: restricted', waived),
  );
  const report = JSON.parse(r.stdout) as { problems: Problem[] };
  expect(report.problems.map(line)).toEqual([
    'error api/pod-security spec.containers[0].securityContext.runAsNonRoot: the namespace "shop" enforces the Pod Security level "restricted" (pod-security.kubernetes.io/enforce), so the API server refuses this pod: container "web" sets runAsNonRoot: false (policy/run-as-non-root)',
  ]);
  expect(r.code).toBe(1);
  const warned = await runValidate(
    ['-', '--format', 'json'],
    yaml('    pod-security.kubernetes.io/enforce: baseline\n    pod-security.kubernetes.io/warn: restricted'),
  );
  expect((JSON.parse(warned.stdout) as { problems: Problem[] }).problems.map(line)).toEqual([
    'warning api/pod-security spec.containers[0].securityContext.runAsNonRoot: the namespace "shop" warns at the Pod Security level "restricted" (pod-security.kubernetes.io/warn); the API server admits this pod with a warning: container "web" sets runAsNonRoot: false (policy/run-as-non-root)',
  ]);
  expect(warned.code).toBe(0);
});
