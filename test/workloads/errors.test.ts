import { Cpu, Deployment, Duration, Probe, Volume } from 'berth';
import { makeApp, render } from './_helpers';

function deploy(props: ConstructorParameters<typeof Deployment>[2], id = 'web', defaults = {}): Deployment {
  return new Deployment(makeApp(defaults).app, id, props);
}

describe('bad workload input names the path, field, value, what is allowed and a fix', () => {
  test('untagged and :latest images are refused unless allowed', () => {
    expect(() => deploy({ containers: [{ image: 'nginx' }] })).toThrow(
      'dev/shop/web: containers[0].image: "nginx" is not allowed; expected an image pinned by a tag other than "latest" or by a digest. Fix: pin a version, e.g. "nginx:1.2.3" or "nginx@sha256:...", or opt out with allowLatestImage: true');
    expect(() => deploy({ containers: [{ image: 'ghcr.io/acme/app:latest' }] })).toThrow(/containers\[0\].image: "ghcr.io\/acme\/app:latest" is not allowed/);
    expect(() => deploy({ containers: [{ image: 'nginx:latest', allowLatestImage: true }] })).not.toThrow();
    expect(() => deploy({ containers: [{ image: `app@sha256:${'a'.repeat(64)}` }] })).not.toThrow();
    expect(() => deploy({ containers: [{ image: 'Nginx:1' }] })).toThrow(/expected an image reference \[registry\/\]repository\[:tag\]\[@algorithm:digest\] in lower case/);
  });

  test('ports out of range, duplicated or badly named are refused', () => {
    expect(() => deploy({ containers: [{ image: 'a:1', ports: [{ port: 70000 }] }] })).toThrow(
      'dev/shop/web: containers[0].ports[0].port: 70000 is not allowed; expected a whole number from 1 to 65535. Fix: use a port in range, e.g. 8080');
    expect(() => deploy({ containers: [{ image: 'a:1', ports: [{ port: 0 }] }] })).toThrow(/ports\[0\].port: 0 is not allowed/);
    expect(() => deploy({ containers: [{ image: 'a:1', ports: [{ port: 80 }, { port: 80 }] }] })).toThrow(
      'dev/shop/web: containers[0].ports[1].port: 80 is not allowed; expected a port number/protocol and name not already declared by this container');
    expect(() => deploy({ containers: [{ image: 'a:1', ports: [{ port: 80, name: 'http' }, { port: 81, name: 'http' }] }] })).toThrow(/ports\[1\].name: "http" is not allowed/);
    expect(() => deploy({ containers: [{ image: 'a:1', ports: [{ port: 80, name: 'very-long-port-name' }] }] })).toThrow(
      'dev/shop/web: containers[0].ports[0].name: "very-long-port-name" is not allowed; expected an IANA service name: at most 15 characters');
    expect(() => deploy({ containers: [{ image: 'a:1', ports: [{ port: 80 }] }, { name: 'b', image: 'b:1', ports: [{ port: 80 }] }] })).toThrow(
      'dev/shop/web: containers[1].ports: 80 is not allowed; expected a port not already used by container "web" of the same pod');
  });

  test('negative replicas, from props or the environment, are refused', () => {
    expect(() => deploy({ replicas: -1, containers: [{ image: 'a:1' }] })).toThrow(
      'dev/shop/web: replicas: -1 is not allowed; expected a whole number >= 0. Fix: set replicas to 0 or more');
    expect(() => deploy({ containers: [{ image: 'a:1' }] }, 'web', { replicas: -2 })).toThrow(
      'dev/shop/web: replicas: -2 is not allowed; expected a whole number >= 0 (from environment "dev" defaults.replicas)');
  });

  test('invalid names and label values are refused', () => {
    expect(() => deploy({ name: 'Web_App', containers: [{ image: 'a:1' }] })).toThrow(
      'dev/shop/web: name: "Web_App" is not allowed; expected a DNS-1123 label: at most 63 characters of a-z, 0-9 and "-", starting and ending with a letter or digit. Fix: use a name like "web-app"');
    expect(() => deploy({ labels: { team: 'a b' }, containers: [{ image: 'a:1' }] })).toThrow('dev/shop/web: labels["team"]: "a b" is not allowed; expected a label value');
    expect(() => deploy({ nodeSelector: { 'bad key!': 'x' }, containers: [{ image: 'a:1' }] })).toThrow('dev/shop/web: nodeSelector key: "bad key!" is not allowed');
    expect(() => deploy({ podLabels: { 'app.kubernetes.io/name': 'x' }, containers: [{ image: 'a:1' }] })).toThrow(/podLabels\["app.kubernetes.io\/name"\]: "x" is not allowed; expected labels other than the selector labels/);
  });

  test('malformed quantities in the environment defaults are refused with the environment named', () => {
    const d = deploy({ containers: [{ image: 'a:1' }] }, 'web', { resources: { requests: { memory: '1K' } } });
    expect(() => render(d.resource)).toThrow(
      'dev/shop/web: containers[0].resources.requests.memory: "1K" is not allowed; expected a number with an optional suffix: binary Ki, Mi, Gi, Ti, Pi, Ei; decimal n, u, m, k, M, G, T, P, E; or an exponent like 1e3 (from environment "dev" defaults.resources)');
  });

  test('requests above limits are refused', () => {
    expect(() => deploy({ containers: [{ image: 'a:1', resources: { cpu: { request: Cpu.cores(2), limit: Cpu.millis(500) } } }] })).toThrow(
      'dev/shop/web: containers[0].resources.cpu.request: "2" is not allowed; expected at most the limit 500m. Fix: lower the request or raise the limit');
  });

  test('two workloads with the same component in one app are refused, naming both paths', () => {
    const { app } = makeApp();
    new Deployment(app, 'web', { containers: [{ image: 'a:1' }] });
    expect(() => new Deployment(app, 'web2', { name: 'web', containers: [{ image: 'a:1' }] })).toThrow(
      'dev/shop/web2: name: "web" is not allowed; expected a component name not used by another workload of app "shop": dev/shop/web already selects pods with app.kubernetes.io/name=web, so the selectors of dev/shop/web and dev/shop/web2 would match each other\'s pods');
  });

  test('security opt-outs are checked', () => {
    expect(() => deploy({ containers: [{ image: 'a:1', securityContext: { capabilities: { add: ['CAP_NET_ADMIN'] } } }] })).toThrow(
      'dev/shop/web: containers[0].securityContext.capabilities.add[0]: "CAP_NET_ADMIN" is not allowed; expected a Linux capability name in upper case without the CAP_ prefix (e.g. NET_BIND_SERVICE). Fix: write "NET_ADMIN"');
    expect(() => deploy({ securityContext: { runAsUser: 0 }, containers: [{ image: 'a:1' }] })).toThrow(
      'dev/shop/web: securityContext.runAsUser: 0 is not allowed; expected a non-zero UID while root is not allowed');
  });

  test('a workload without containers, bad probes and clashing volumes fail when rendered', () => {
    expect(() => render(deploy({}).resource)).toThrow('dev/shop/web: containers: [] is not allowed; expected at least one container');
    expect(() => render(deploy({ containers: [{ image: 'a:1', readiness: Probe.http('/ready') }] }).resource)).toThrow(
      'dev/shop/web: containers[0].readinessProbe.httpGet.port: undefined is not allowed; expected a port, since the container declares none');
    expect(() => render(deploy({ containers: [{ image: 'a:1', ports: [{ port: 80 }], liveness: Probe.http('/x', { successThreshold: 2 }) }] }).resource)).toThrow(
      'dev/shop/web: containers[0].livenessProbe.successThreshold: 2 is not allowed; expected 1 for a liveness probe');
    expect(() => render(deploy({ containers: [{ image: 'a:1', ports: [{ port: 80 }], readiness: Probe.http('/x', { period: Duration.millis(2500) }) }] }).resource)).toThrow(
      'dev/shop/web: containers[0].readinessProbe.periodSeconds: 2500ms is not a whole number of seconds');
    const d = deploy({ containers: [{ image: 'a:1', volumeMounts: [
      { volume: Volume.fromConfigMap({ configMapName: 'cfg' }), path: '/a' },
      { volume: Volume.fromSecret({ secretName: 'cfg' }), path: '/b' },
    ] }] });
    expect(() => render(d.resource)).toThrow('dev/shop/web: containers[0].volumeMounts[1].name: "cfg" is not allowed; expected a volume name not used by another volume (containers[0].volumeMounts[0] uses it for a configMap volume). Fix: give one of the volumes another name');
  });

  test('environment variable names and mount paths are checked', () => {
    expect(() => deploy({ containers: [{ image: 'a:1', workingDir: 'srv' }] })).toThrow('dev/shop/web: containers[0].workingDir: "srv" is not allowed; expected an absolute path. Fix: write "/srv"');
    expect(() => deploy({ containers: [{ image: 'a:1', volumeMounts: [{ volume: Volume.emptyDir('tmp'), path: 'tmp' }] }] })).toThrow(/volumeMounts\[0\].mountPath: "tmp" is not allowed/);
    expect(() => deploy({ containers: [{ image: 'a:1', gpu: { count: 0 } }] })).toThrow('dev/shop/web: containers[0].gpu.count: 0 is not allowed; expected a whole number >= 1');
  });
});
