import { Construct } from 'constructs';
import * as gw from '../imports/gateway.networking.k8s.io';
import { ApiResource, GroupVersionKind } from '../core/api-resource';
import { Application, Labels } from '../core/application';
import { Environment } from '../core/environment';
import { readableName } from '../core/names';
import { checkDnsLabel, checkInteger, checkPort, invalid } from '../core/input-checks';
import { Connections } from '../network/connections';
import { Port } from '../network/port';
import { checkHostname, IGateway } from './gateway';
import { Service } from './service';

/** The annotation declaring objects of any kind external (validate/external-refs reads it). */
const EXTERNAL_REFS = 'berth.dev/external-refs';

/** Props shared by {@link HTTPRoute} and {@link GRPCRoute}. */
export interface RouteProps {
  /** The object name. @default - the construct id, as a DNS label */
  readonly name?: string;
  /** The Gateway the route attaches to. */
  readonly gateway: IGateway;
  /** The listener of the Gateway (its name). @default - every listener that admits the route */
  readonly sectionName?: string;
  /** Hostnames the route serves, within those of the listener. @default - the listener's */
  readonly hostnames?: readonly string[];
}

/** Options of `workload.exposeViaGateway()`. */
export interface ExposeViaGatewayOptions {
  /** Hostnames the route serves. @default - the listener's */
  readonly hostnames?: readonly string[];
  /** The path prefix routed to the workload. @default '/' */
  readonly path?: string;
  /** The listener of the Gateway. @default - every listener that admits the route */
  readonly sectionName?: string;
  /** The Service port. @default - the Service's only port */
  readonly port?: number;
  /** The route's name. @default - the workload's component name */
  readonly name?: string;
}

/** A backend of a route rule. */
export interface RouteBackendOptions {
  /** The Service port. @default - the Service's only port */
  readonly port?: number;
  /** The share of requests, relative to the rule's other backends. @default - Kubernetes' default (1) */
  readonly weight?: number;
}

interface Backend {
  readonly service: Service;
  readonly port?: number;
  readonly weight?: number;
}

/** Options of {@link HTTPRoute.addRule}. */
export interface HttpRouteRuleOptions extends RouteBackendOptions {
  /** @default 'PathPrefix' */
  readonly pathType?: 'PathPrefix' | 'Exact';
}

/** Options of {@link GRPCRoute.addRule}. */
export interface GrpcRouteRuleOptions extends RouteBackendOptions {
  /** The gRPC service matched (`shop.v1.Cart`). @default - every service */
  readonly grpcService?: string;
  /** The method matched (needs `grpcService`). @default - every method */
  readonly method?: string;
}

/** The namespace of the objects of the app `c` belongs to. */
function namespaceOf(c: Construct): string {
  const app = Application.of(c);
  return app.namespace ?? app.appName;
}

/** Who a route's backend lets in: a workload's pods have connections. */
function connectionsOf(x: unknown): Connections | undefined {
  const c =
    typeof x === 'object' && x !== null && 'connections' in x ? (x as { connections: unknown }).connections : undefined;
  return c instanceof Connections ? c : undefined;
}

/** The container port number a Service port reaches, when it can be known. */
function targetPortOf(service: Service, port: number): Port | undefined {
  const sp = service.ports.find((p) => p.port === port);
  if (!sp) return undefined;
  const target = sp.targetPort ?? sp.port;
  const n = typeof target === 'number' ? target : service.selector.ports.find((p) => p.name === target)?.port;
  if (n === undefined) return undefined;
  return (sp.protocol ?? 'TCP') === 'UDP' ? Port.udp(n) : Port.tcp(n);
}

/**
 * The base of Gateway API routes: the parent Gateway, hostnames, and the backends of each rule.
 * A backend in another namespace gets a ReferenceGrant in its namespace (the Gateway refuses
 * the reference without one), and a backend workload's NetworkPolicies admit the Gateway's
 * data plane on the Service's target port.
 */
export abstract class Route extends ApiResource {
  /** The Gateway the route attaches to. */
  public readonly gateway: IGateway;
  /** The route's namespace. */
  public readonly routeNamespace: string;
  protected readonly rules: { readonly backends: readonly Backend[]; readonly match: unknown }[] = [];
  private readonly hostnames: readonly string[];

  protected constructor(
    scope: Construct,
    id: string,
    gvk: GroupVersionKind,
    private readonly routeProps: RouteProps,
  ) {
    super(scope, id, gvk, { metadata: { name: routeProps.name ?? readableName([id]) } });
    const path = this.node.path;
    this.routeNamespace = namespaceOf(this);
    checkDnsLabel(path, 'name', this.name);
    this.gateway = routeProps.gateway;
    // A Gateway outside the platform: the output says it is expected, as validation reads it.
    if (!(routeProps.gateway instanceof ApiResource)) {
      const g = routeProps.gateway;
      this.metadata.addAnnotation(EXTERNAL_REFS, `Gateway/${g.gatewayNamespace}/${g.gatewayName}`);
    }
    this.checkSameEnvironment('gateway', routeProps.gateway);
    if (routeProps.sectionName !== undefined) checkDnsLabel(path, 'sectionName', routeProps.sectionName);
    const hostnames = routeProps.hostnames ?? [];
    hostnames.forEach((h, i) => checkHostname(path, `hostnames[${i}]`, h));
    this.hostnames = [...hostnames];
    this.metadata.addLabel(Labels.NAME, this.name);
  }

  /** Adds a backend: checks it, grants a cross-namespace reference and opens the network path. */
  protected backend(field: string, service: Service, options: RouteBackendOptions): Backend {
    const path = this.node.path;
    this.checkSameEnvironment(`${field}.service`, service);
    if (options.port !== undefined) checkPort(path, `${field}.port`, options.port);
    if (options.weight !== undefined) checkInteger(path, `${field}.weight`, options.weight, 0, 1000000);
    const backendNamespace = namespaceOf(service);
    if (backendNamespace !== this.routeNamespace) this.grantFrom(service);
    const connections = connectionsOf(service.selector);
    if (connections) {
      // The target port of the Service port routed to (its only one when none is given).
      const target = targetPortOf(service, options.port ?? service.ports[0]?.port);
      connections.allowFrom(this.gateway.dataPlane, target ? { ports: [target] } : {});
    }
    return { service, port: options.port, weight: options.weight };
  }

  /** The ReferenceGrant, in the backend's namespace, that lets routes of this kind and namespace reach `service`. */
  private grantFrom(service: Service): void {
    const id = `ReferenceGrant-${this.kind}-${this.routeNamespace}`;
    if (service.node.tryFindChild(id)) return;
    new gw.ReferenceGrant(service, id, {
      metadata: {
        name: `${service.serviceName}-from-${this.routeNamespace}-${this.kind.toLowerCase()}`,
        labels: { [Labels.NAME]: service.serviceName },
      },
      spec: {
        from: [{ group: 'gateway.networking.k8s.io', kind: this.kind, namespace: this.routeNamespace }],
        to: [{ group: '', kind: 'Service', name: service.serviceName }],
      },
    });
  }

  private checkSameEnvironment(field: string, other: Construct): void {
    const mine = Environment.of(this).name;
    const theirs = Environment.of(other).name;
    if (mine !== theirs) {
      throw invalid(
        this.node.path,
        field,
        other.node.path,
        `an object of environment "${mine}" (it is in "${theirs}")`,
        'refer to the object of the same environment',
      );
    }
  }

  /** The Service port of a backend: the one given, else the Service's only port. */
  private portOf(b: Backend, field: string): number {
    if (b.port !== undefined) return b.port;
    const ports = b.service.ports;
    if (ports.length !== 1) {
      throw invalid(
        this.node.path,
        `${field}.port`,
        undefined,
        `a port, since Service ${b.service.serviceName} has ${ports.length} ports`,
        'pass { port } to addRule()',
      );
    }
    return ports[0].port;
  }

  protected renderBackends(
    i: number,
    backends: readonly Backend[],
  ): { name: string; namespace?: string; port: number; weight?: number }[] {
    return backends.map((b, j) => {
      const ns = namespaceOf(b.service);
      return {
        name: b.service.serviceName,
        namespace: ns === this.routeNamespace ? undefined : ns,
        port: this.portOf(b, `rules[${i}].backendRefs[${j}]`),
        weight: b.weight,
      };
    });
  }

  /** The fields both kinds share: parentRefs and hostnames. */
  protected renderCommon(): { parentRefs: gw.HTTPRouteSpec['parentRefs']; hostnames?: string[] } {
    if (this.rules.length === 0) {
      throw invalid(this.node.path, 'rules', [], 'at least one rule', 'call route.addRule(...)');
    }
    const g = this.gateway;
    return {
      parentRefs: [
        {
          name: g.gatewayName,
          namespace: g.gatewayNamespace === this.routeNamespace ? undefined : g.gatewayNamespace,
          sectionName: this.routeProps.sectionName,
        },
      ],
      hostnames: this.hostnames.length ? [...this.hostnames] : undefined,
    };
  }
}

/**
 * A Gateway API HTTPRoute: HTTP requests for its hostnames and paths, from a Gateway's
 * listener to Services. `workload.exposeViaGateway(gateway, ...)` makes one for a workload.
 *
 * @example
 * import { Platform, Environment, Application, Deployment, Gateway, HTTPRoute } from 'berth-k8s';
 * const app = new Application(new Environment(new Platform(), 'dev', { config: {} }), 'shop');
 * const web = new Deployment(app, 'web', { containers: [{ image: 'nginx:1.27', ports: [{ port: 8080 }] }] });
 * const gateway = Gateway.fromName(app, 'public', { namespace: 'infra' });
 * const route = new HTTPRoute(app, 'web', { gateway, hostnames: ['shop.example.com'] });
 * route.addRule('/', web.exposeViaService());
 * @see https://gateway-api.sigs.k8s.io/api-types/httproute/
 */
export class HTTPRoute extends Route {
  public constructor(scope: Construct, id: string, props: RouteProps) {
    super(scope, id, gw.HTTPRoute.GVK, props);
  }

  /** Routes requests whose path starts with `path` (or equals it, `pathType: 'Exact'`) to `service`. */
  public addRule(path: string, service: Service, options: HttpRouteRuleOptions = {}): void {
    const f = `rules[${this.rules.length}]`;
    if (!path.startsWith('/')) {
      throw invalid(
        this.node.path,
        `${f}.matches[0].path.value`,
        path,
        'an absolute path starting with "/"',
        `write "/${path}"`,
      );
    }
    const type = options.pathType ?? 'PathPrefix';
    if (type !== 'PathPrefix' && type !== 'Exact') {
      throw invalid(this.node.path, `${f}.matches[0].path.type`, type, "'PathPrefix' or 'Exact'", 'pick one of these');
    }
    const backend = this.backend(`${f}.backendRefs[0]`, service, options);
    this.rules.push({ backends: [backend], match: { path: { type, value: path } } });
  }

  protected override renderFields(): Record<string, unknown> {
    const spec: gw.HTTPRouteSpec = {
      ...this.renderCommon(),
      rules: this.rules.map((r, i) => ({
        matches: [r.match as gw.HTTPRouteSpecRulesMatches],
        backendRefs: this.renderBackends(i, r.backends),
      })),
    };
    return { spec };
  }
}

/**
 * A Gateway API GRPCRoute: gRPC calls, by service and method, from a Gateway's listener to
 * Services.
 *
 * @example
 * import { Platform, Environment, Application, Deployment, Gateway, GRPCRoute } from 'berth-k8s';
 * const app = new Application(new Environment(new Platform(), 'dev', { config: {} }), 'shop');
 * const api = new Deployment(app, 'api', { containers: [{ image: 'api:1.0', ports: [{ port: 9090, name: 'grpc' }] }] });
 * const gateway = Gateway.fromName(app, 'public', { namespace: 'infra' });
 * new GRPCRoute(app, 'api', { gateway, hostnames: ['api.example.com'] }).addRule(api.exposeViaService(), { grpcService: 'shop.v1.Cart' });
 * @see https://gateway-api.sigs.k8s.io/api-types/grpcroute/
 */
export class GRPCRoute extends Route {
  public constructor(scope: Construct, id: string, props: RouteProps) {
    super(scope, id, gw.GRPCRoute.GVK, props);
  }

  /** Routes calls (of `grpcService`, and `method` of it, when given) to `service`. */
  public addRule(service: Service, options: GrpcRouteRuleOptions = {}): void {
    const f = `rules[${this.rules.length}]`;
    if (options.method !== undefined && options.grpcService === undefined) {
      throw invalid(
        this.node.path,
        `${f}.matches[0].method.method`,
        options.method,
        'a method together with its grpcService',
        'pass grpcService too',
      );
    }
    const backend = this.backend(`${f}.backendRefs[0]`, service, options);
    const match =
      options.grpcService === undefined
        ? undefined
        : { method: { service: options.grpcService, method: options.method } };
    this.rules.push({ backends: [backend], match });
  }

  protected override renderFields(): Record<string, unknown> {
    const spec: gw.GRPCRouteSpec = {
      ...this.renderCommon(),
      rules: this.rules.map((r, i) => ({
        matches: r.match === undefined ? undefined : [r.match as gw.GRPCRouteSpecRulesMatches],
        backendRefs: this.renderBackends(i, r.backends),
      })),
    };
    return { spec };
  }
}
