/**
 * Platforms of other shapes than `microservices(N)`, for `npm run bench:scale`: the same N
 * services spread over one app, over many apps of one environment, or over many environments.
 * Each service is a Deployment with a container port, a Service in front of it and a
 * pair of NetworkPolicies letting the previous service of its app in (so graphs have flows), and
 * each app has a default-deny NetworkPolicy.
 */
import { Application, Cpu, Deployment, Environment, NetworkPolicies, Platform, Port, Size } from '../../lib';

/** How the services are spread. */
export type Shape = 'one-app' | 'many-apps' | 'many-envs';

/** Every shape, in report order. */
export const SHAPES: readonly Shape[] = ['one-app', 'many-apps', 'many-envs'];

/** Services per app in `many-apps`, and per environment in `many-envs`. */
const PER_APP = 4;
const PER_ENV = 20;

function addServices(app: Application, count: number): void {
  // Secure by default, as the restricted profile asks: everything else denied.
  NetworkPolicies.defaultDeny(app);
  let previous: Deployment | undefined;
  for (let i = 0; i < count; i++) {
    const d = new Deployment(app, `svc-${i}`, {
      containers: [
        {
          image: `registry.example.com/svc-${i}:1.0.0`,
          ports: [{ name: 'http', port: 8080 }],
          resources: {
            cpu: { request: Cpu.millis(100), limit: Cpu.millis(500) },
            memory: { request: Size.mebibytes(128), limit: Size.mebibytes(128) },
          },
        },
      ],
    });
    d.exposeViaService();
    if (previous) d.connections.allowFrom(previous, { ports: [Port.tcp(8080)] });
    previous = d;
  }
}

/** A platform of `n` services in the given shape; environments are named `e0`, `e1`, ... */
export function shape(name: Shape, n: number): Platform {
  const platform = new Platform();
  if (name === 'one-app') {
    addServices(new Application(new Environment(platform, 'e0', { config: {} }), 'shop'), n);
  } else if (name === 'many-apps') {
    const env = new Environment(platform, 'e0', { config: {} });
    for (let a = 0; a * PER_APP < n; a++)
      addServices(new Application(env, `app-${a}`), Math.min(PER_APP, n - a * PER_APP));
  } else {
    for (let e = 0; e * PER_ENV < n; e++)
      addServices(
        new Application(new Environment(platform, `e${e}`, { config: {} }), 'shop'),
        Math.min(PER_ENV, n - e * PER_ENV),
      );
  }
  return platform;
}
