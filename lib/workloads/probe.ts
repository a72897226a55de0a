import type * as k8s from '../imports/k8s';
import { Duration } from '../units/duration';
import { checkInteger, checkPort, invalid } from '../core/input-checks';

/** Timing options of every probe. */
export interface ProbeOptions {
  /** Wait before the first probe. @default - none (0s) */
  readonly initialDelay?: Duration;
  /** Time between probes. @default Duration.seconds(10) (Kubernetes' default) */
  readonly period?: Duration;
  /** Time after which a probe fails. @default Duration.seconds(1) (Kubernetes' default) */
  readonly timeout?: Duration;
  /** Consecutive failures before the probe is failed. @default 3 (Kubernetes' default) */
  readonly failureThreshold?: number;
  /** Consecutive successes before the probe is passed again. @default 1 (must be 1 for liveness and startup) */
  readonly successThreshold?: number;
}

/** Options of {@link Probe.http}. */
export interface HttpProbeOptions extends ProbeOptions {
  /** Port number or container port name. @default - the container's first port */
  readonly port?: number | string;
  /** @default 'HTTP' */
  readonly scheme?: 'HTTP' | 'HTTPS';
}

/** Options of {@link Probe.grpc}. */
export interface GrpcProbeOptions extends ProbeOptions {
  /** The gRPC health service name. @default - the server's overall health */
  readonly service?: string;
}

/** What a probe needs from its container to render. */
export interface ProbeContext {
  /** The construct path and field, for messages (e.g. `dev/shop/web containers[0].livenessProbe`). */
  readonly path: string;
  readonly field: string;
  /** The container's ports. */
  readonly ports: ReadonlyArray<{ readonly name?: string; readonly port: number }>;
}

/**
 * A liveness, readiness or startup check.
 *
 * @example
 * import { Probe, Duration } from 'berth-k8s';
 * const ready = Probe.http('/healthz', { port: 8080, period: Duration.seconds(5) });
 * const alive = Probe.tcp(8080);
 * const started = Probe.exec(['cat', '/tmp/started']);
 * const grpc = Probe.grpc(9090);
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
 */
export class Probe {
  /** An HTTP GET that must answer 200-399. */
  public static http(path: string, options: HttpProbeOptions = {}): Probe {
    return new Probe(options, (ctx) => {
      if (!path.startsWith('/')) {
        throw invalid(ctx.path, `${ctx.field}.httpGet.path`, path, 'an absolute URL path', `write "/${path}"`);
      }
      return { httpGet: { path, port: portOf(ctx, options.port, 'httpGet.port'), scheme: options.scheme } };
    });
  }

  /** A TCP connection that must open. */
  public static tcp(port: number | string, options: ProbeOptions = {}): Probe {
    return new Probe(options, (ctx) => ({ tcpSocket: { port: portOf(ctx, port, 'tcpSocket.port') } }));
  }

  /** A command that must exit 0. */
  public static exec(command: readonly string[], options: ProbeOptions = {}): Probe {
    return new Probe(options, (ctx) => {
      if (command.length === 0) {
        throw invalid(
          ctx.path,
          `${ctx.field}.exec.command`,
          command,
          'a non-empty command',
          'pass the command and its arguments, e.g. ["cat", "/tmp/ready"]',
        );
      }
      return { exec: { command: [...command] } };
    });
  }

  /** A gRPC health check (grpc.health.v1). */
  public static grpc(port: number, options: GrpcProbeOptions = {}): Probe {
    return new Probe(options, (ctx) => ({
      grpc: { port: checkPort(ctx.path, `${ctx.field}.grpc.port`, port), service: options.service },
    }));
  }

  private constructor(
    private readonly options: ProbeOptions,
    private readonly handler: (ctx: ProbeContext) => Partial<k8s.Probe>,
  ) {}

  /** The Kubernetes probe, checked against its container. */
  public toProbe(ctx: ProbeContext, kind: 'liveness' | 'readiness' | 'startup'): k8s.Probe {
    const o = this.options;
    if (kind !== 'readiness' && o.successThreshold !== undefined && o.successThreshold !== 1) {
      throw invalid(
        ctx.path,
        `${ctx.field}.successThreshold`,
        o.successThreshold,
        `1 for a ${kind} probe`,
        'remove successThreshold or set it to 1',
      );
    }
    // The handler returns a new object: the timings are added to it.
    const probe = this.handler(ctx) as { -readonly [K in keyof k8s.Probe]: k8s.Probe[K] };
    if (o.initialDelay)
      probe.initialDelaySeconds = o.initialDelay.toSeconds(() => `${ctx.path}: ${ctx.field}.initialDelaySeconds`);
    if (o.period) probe.periodSeconds = o.period.toSeconds(() => `${ctx.path}: ${ctx.field}.periodSeconds`);
    if (o.timeout) probe.timeoutSeconds = o.timeout.toSeconds(() => `${ctx.path}: ${ctx.field}.timeoutSeconds`);
    if (o.failureThreshold !== undefined)
      probe.failureThreshold = checkInteger(ctx.path, `${ctx.field}.failureThreshold`, o.failureThreshold, 1);
    if (o.successThreshold !== undefined)
      probe.successThreshold = checkInteger(ctx.path, `${ctx.field}.successThreshold`, o.successThreshold, 1);
    return probe;
  }
}

function portOf(ctx: ProbeContext, port: number | string | undefined, field: string): number | string {
  if (typeof port === 'number') {
    return checkPort(ctx.path, `${ctx.field}.${field}`, port);
  }
  if (typeof port === 'string') {
    if (!ctx.ports.some((p) => p.name === port)) {
      throw invalid(
        ctx.path,
        `${ctx.field}.${field}`,
        port,
        `a port number or the name of a container port (${
          ctx.ports
            .map((p) => p.name)
            .filter(Boolean)
            .join(', ') || 'none named'
        })`,
        "name the port in the container's ports, or pass its number",
      );
    }
    return port;
  }
  const first = ctx.ports[0];
  if (!first) {
    throw invalid(
      ctx.path,
      `${ctx.field}.${field}`,
      port,
      'a port, since the container declares none',
      'pass { port: 8080 } to the probe or add a port to the container',
    );
  }
  return first.port;
}
