import { container, deployment, reported, workload } from './policy-helpers';

/** Probes and env vars: one failing and one passing case per rule, with each profile's severity. */

describe('policy/liveness-probe', () => {
  test('a container of a long-running workload without a liveness probe is a warning', () => {
    expect(reported('policy/liveness-probe', [deployment({}, {}, [container({ livenessProbe: undefined })])])).toEqual([
      'warning Deployment/shop/web at spec.template.spec.containers[0].livenessProbe: container "web" has no liveness probe: a process that hangs without exiting is never restarted | fix: Add a livenessProbe (liveness: Probe.http, Probe.tcp, Probe.grpc or Probe.exec) that fails only when a restart helps, not when a dependency is down.',
    ]);
    expect(
      reported('policy/liveness-probe', [deployment({}, {}, [container({ livenessProbe: undefined })])], 'baseline'),
    ).toEqual([]);
  });

  test('a container with one passes, and pods that run to completion need none', () => {
    expect(reported('policy/liveness-probe', [deployment()])).toEqual([]);
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'once', namespace: 'shop' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'once', image: 'x:1' }] } } },
    };
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'task', namespace: 'shop' },
      spec: { restartPolicy: 'OnFailure', containers: [{ name: 'task', image: 'x:1' }] },
    };
    expect(reported('policy/liveness-probe', [job, pod])).toEqual([]);
  });
});

describe('policy/probe-port', () => {
  test('a numeric probe port the container does not declare is a warning', () => {
    const probe = { tcpSocket: { port: 9090 } };
    expect(reported('policy/probe-port', [deployment({}, {}, [container({ livenessProbe: probe })])])).toEqual([
      'warning Deployment/shop/web at spec.template.spec.containers[0].livenessProbe.tcpSocket.port (9090): the livenessProbe of container "web" checks port 9090, which the container does not declare (it declares 8080): a port change can leave the probe behind, failing it | fix: Probe a declared port (8080), or declare 9090 in the container\'s ports.',
    ]);
    const grpc = container({ ports: undefined, readinessProbe: { grpc: { port: 9090 } } });
    expect(reported('policy/probe-port', [deployment({}, {}, [grpc])])).toEqual([
      'warning Deployment/shop/web at spec.template.spec.containers[0].livenessProbe.httpGet.port (8080): the livenessProbe of container "web" checks port 8080, which the container does not declare: a port change can leave the probe behind, failing it | fix: Declare 8080 in the container\'s ports (ports: [{ containerPort: 8080 }]).',
      'warning Deployment/shop/web at spec.template.spec.containers[0].readinessProbe.grpc.port (9090): the readinessProbe of container "web" checks port 9090, which the container does not declare: a port change can leave the probe behind, failing it | fix: Declare 9090 in the container\'s ports (ports: [{ containerPort: 9090 }]).',
    ]);
  });

  test('declared numeric and named ports pass (a named port the container lacks is reference/probe-port)', () => {
    const named = container({
      startupProbe: { httpGet: { path: '/', port: 'http' } },
      livenessProbe: { grpc: { port: 8080 } },
    });
    expect(reported('policy/probe-port', [deployment({}, {}, [named])])).toEqual([]);
    const missing = container({ startupProbe: { httpGet: { path: '/', port: 'admin' } } });
    expect(reported('policy/probe-port', [deployment({}, {}, [missing])])).toEqual([]);
  });
});

describe('policy/probe-port-protocol', () => {
  test('an httpGet, tcpSocket or grpc probe on a port declared UDP only is an error', () => {
    const dns = container({
      ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }],
      readinessProbe: { tcpSocket: { port: 'dns' } },
      livenessProbe: { httpGet: { path: '/', port: 53 } },
    });
    expect(reported('policy/probe-port-protocol', [deployment({}, {}, [dns])])).toEqual([
      'error Deployment/shop/web at spec.template.spec.containers[0].livenessProbe.httpGet.port (53): the livenessProbe of container "web" uses httpGet on port 53, which the container declares as UDP only: httpGet connects over TCP, so the probe fails | fix: Probe a TCP port of the container, or use an exec probe for a UDP service.',
      'error Deployment/shop/web at spec.template.spec.containers[0].readinessProbe.tcpSocket.port ("dns"): the readinessProbe of container "web" uses tcpSocket on port "dns", which the container declares as UDP only: tcpSocket connects over TCP, so the probe fails | fix: Probe a TCP port of the container, or use an exec probe for a UDP service.',
    ]);
    expect(
      reported('policy/probe-port-protocol', [deployment({}, {}, [dns])], 'baseline').map((l) => l.split(' ')[0]),
    ).toEqual(['warning', 'warning']);
  });

  test('a port declared for TCP too (or with no protocol, TCP) passes', () => {
    const both = container({
      ports: [
        { name: 'dns-udp', containerPort: 53, protocol: 'UDP' },
        { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
      ],
      readinessProbe: { tcpSocket: { port: 53 } },
      livenessProbe: { tcpSocket: { port: 'dns-tcp' } },
    });
    expect(reported('policy/probe-port-protocol', [deployment({}, {}, [both]), deployment()])).toEqual([]);
  });
});

describe('policy/duplicate-env', () => {
  test('one env var name twice in a container is an error naming both entries', () => {
    const env = [
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'PORT', value: '8080' },
      { name: 'LOG_LEVEL', value: 'debug' },
    ];
    expect(reported('policy/duplicate-env', [workload('StatefulSet', 'db', {}, {}, [container({ env })])])).toEqual([
      'error StatefulSet/shop/db at spec.template.spec.containers[0].env[2].name ("LOG_LEVEL"): container "web" sets env var "LOG_LEVEL" twice (env[0] and env[2]): the last one wins and the other is silently ignored | fix: Remove one of the two "LOG_LEVEL" entries, keeping the value meant.',
    ]);
  });

  test('distinct names pass, also the same name in two containers', () => {
    const a = container({ env: [{ name: 'PORT', value: '1' }] });
    const b = container({
      name: 'sidecar',
      env: [
        { name: 'PORT', value: '2' },
        { name: 'HOST', value: 'x' },
      ],
    });
    expect(reported('policy/duplicate-env', [deployment({}, {}, [a, b])])).toEqual([]);
  });
});
