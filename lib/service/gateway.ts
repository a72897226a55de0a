import { Construct, IConstruct } from 'constructs';
import * as gw from '../imports/gateway.networking.k8s.io';
import { ApiResource } from '../core/api-resource';
import { Application, Labels } from '../core/application';
import { readableName } from '../core/names';
import { ISecretSource } from '../core/object-sources';
import { checkDnsLabel, checkDnsSubdomain, checkPort, invalid } from '../core/input-checks';
import { Peer } from '../network/peer';

/** Which namespaces may attach routes to a listener. */
export type AllowedRoutes = 'Same' | 'All' | readonly string[];

/** A listener of a {@link Gateway}: a port, a protocol and the hostnames it serves. */
export interface GatewayListener {
  /** The listener's name (a route's `sectionName`). */
  readonly name: string;
  /** The port. */
  readonly port: number;
  /** HTTP, or HTTPS terminated with `certificate`. */
  readonly protocol: 'HTTP' | 'HTTPS';
  /** The hostname served: `shop.example.com` or `*.example.com`. @default - every hostname */
  readonly hostname?: string;
  /** HTTPS: the certificate's Secret (type kubernetes.io/tls), or a cert-manager `Certificate`. */
  readonly certificate?: ISecretSource;
  /** Namespaces whose routes may attach: the Gateway's own, all, or a list. @default 'Same' */
  readonly allowedRoutes?: AllowedRoutes;
}

/** A Gateway routes attach to: one the platform declares ({@link Gateway}) or one that exists ({@link Gateway.fromName}). */
export interface IGateway extends IConstruct {
  /** The Gateway's name. */
  readonly gatewayName: string;
  /** Its namespace. */
  readonly gatewayNamespace: string;
  /** Its listeners, when known (routes are checked against them). */
  readonly listeners?: readonly GatewayListener[];
  /** The pods that forward the Gateway's traffic (NetworkPolicies admit them to backends). */
  readonly dataPlane: Peer;
}

/** Options of {@link Gateway.fromName}. */
export interface GatewayReferenceOptions {
  /** The Gateway's namespace. */
  readonly namespace: string;
  /** Its listeners, if they should be checked. @default - unknown: any hostname and section is accepted */
  readonly listeners?: readonly GatewayListener[];
  /**
   * The pods that forward its traffic, which NetworkPolicies admit to backends (for Envoy
   * Gateway, say, `Peer.pods({ 'gateway.envoyproxy.io/owning-gateway-name': 'public' }, { namespace: 'envoy-gateway-system' })`).
   * @default - pods labelled `gateway.networking.k8s.io/gateway-name: <name>` in the Gateway's namespace (GEP-1762)
   */
  readonly dataPlane?: Peer;
}

/** Props of a {@link Gateway}. */
export interface GatewayProps {
  /** The object name. @default - the construct id, as a DNS label */
  readonly name?: string;
  /** The GatewayClass (`eg`, `istio`, `cilium`, ...). */
  readonly gatewayClassName: string;
  /** The listeners (at least one). */
  readonly listeners: readonly GatewayListener[];
  /**
   * The pods that forward its traffic, which NetworkPolicies admit to backends (for Envoy
   * Gateway, say, `Peer.pods({ 'gateway.envoyproxy.io/owning-gateway-name': 'public' }, { namespace: 'envoy-gateway-system' })`).
   * @default - pods labelled `gateway.networking.k8s.io/gateway-name: <name>` in the Gateway's namespace (GEP-1762)
   */
  readonly dataPlane?: Peer;
}

const HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Checks a Gateway API hostname (`shop.example.com`, `*.example.com`); returns it. */
export function checkHostname(path: string, field: string, host: string): string {
  if (!HOSTNAME.test(host) || host.length > 253) {
    throw invalid(
      path,
      field,
      host,
      'a lower-case DNS name, optionally starting with "*." (no IP address, no port)',
      'write e.g. "shop.example.com" or "*.example.com"',
    );
  }
  return host;
}

function checkListeners(path: string, listeners: readonly GatewayListener[]): void {
  const names = new Set<string>();
  listeners.forEach((l, i) => {
    const f = `listeners[${i}]`;
    checkDnsLabel(path, `${f}.name`, l.name);
    if (names.has(l.name)) {
      throw invalid(
        path,
        `${f}.name`,
        l.name,
        'a name not already used by another listener',
        'name each listener once',
      );
    }
    names.add(l.name);
    checkPort(path, `${f}.port`, l.port);
    if (l.protocol !== 'HTTP' && l.protocol !== 'HTTPS') {
      throw invalid(path, `${f}.protocol`, l.protocol, 'HTTP or HTTPS', "use 'HTTPS' with a certificate, or 'HTTP'");
    }
    if (l.hostname !== undefined) checkHostname(path, `${f}.hostname`, l.hostname);
    if (l.protocol === 'HTTPS' && l.certificate === undefined) {
      throw invalid(
        path,
        `${f}.certificate`,
        undefined,
        'a certificate for an HTTPS listener',
        'pass a Secret of type kubernetes.io/tls, or a cert-manager Certificate',
      );
    }
    if (l.protocol === 'HTTP' && l.certificate !== undefined) {
      throw invalid(
        path,
        `${f}.certificate`,
        l.certificate.secretName,
        'no certificate on an HTTP listener',
        "set protocol: 'HTTPS'",
      );
    }
    if (Array.isArray(l.allowedRoutes)) {
      (l.allowedRoutes as readonly string[]).forEach((ns, j) => checkDnsLabel(path, `${f}.allowedRoutes[${j}]`, ns));
    } else if (l.allowedRoutes !== undefined && l.allowedRoutes !== 'Same' && l.allowedRoutes !== 'All') {
      throw invalid(
        path,
        `${f}.allowedRoutes`,
        l.allowedRoutes,
        "'Same', 'All' or a list of namespaces",
        'pick one of these',
      );
    }
  });
}

/** The label Gateway API implementations put on the pods they run for a Gateway (GEP-1762). */
const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

function dataPlaneOf(name: string, namespace: string, dataPlane: Peer | undefined): Peer {
  return dataPlane ?? Peer.pods({ [GATEWAY_NAME_LABEL]: name }, { namespace });
}

/** A Gateway that exists in the cluster, made by {@link Gateway.fromName}. */
class GatewayReference extends Construct implements IGateway {
  public readonly dataPlane: Peer;
  public constructor(
    scope: Construct,
    id: string,
    public readonly gatewayName: string,
    public readonly gatewayNamespace: string,
    public readonly listeners: readonly GatewayListener[] | undefined,
    dataPlane: Peer | undefined,
  ) {
    super(scope, id);
    this.dataPlane = dataPlaneOf(gatewayName, gatewayNamespace, dataPlane);
  }
}

/**
 * A Gateway API Gateway: listeners (port, protocol, hostname, TLS certificate) that routes
 * attach to. HTTPS listeners terminate TLS with a Secret or a cert-manager `Certificate`.
 * Refer to a Gateway the platform does not declare with {@link Gateway.fromName}.
 *
 * @example
 * import { Platform, Environment, Application, Deployment, Gateway } from 'berth-k8s';
 * const app = new Application(new Environment(new Platform(), 'dev', { config: {} }), 'shop');
 * const web = new Deployment(app, 'web', { containers: [{ image: 'nginx:1.27', ports: [{ port: 8080 }] }] });
 * const gateway = new Gateway(app, 'public', {
 *   gatewayClassName: 'eg',
 *   listeners: [{ name: 'https', port: 443, protocol: 'HTTPS', hostname: '*.example.com', certificate: { secretName: 'wildcard-tls' } }],
 * });
 * web.exposeViaGateway(gateway, { hostnames: ['shop.example.com'], path: '/' });
 * @see https://gateway-api.sigs.k8s.io/api-types/gateway/
 */
export class Gateway extends ApiResource implements IGateway {
  /**
   * A Gateway that exists outside the platform (`infra/public`). Routes to it are checked
   * against `options.listeners` when given; validation takes it as existing.
   */
  public static fromName(scope: Construct, name: string, options: GatewayReferenceOptions): IGateway {
    const path = `${scope.node.path}/Gateway.fromName`;
    checkDnsSubdomain(path, 'name', name);
    checkDnsLabel(path, 'namespace', options.namespace);
    if (options.listeners) checkListeners(path, options.listeners);
    const id = `GatewayRef-${options.namespace}-${name}`;
    const existing = scope.node.tryFindChild(id);
    if (existing instanceof GatewayReference) return existing;
    return new GatewayReference(scope, id, name, options.namespace, options.listeners, options.dataPlane);
  }

  public readonly gatewayName: string;
  public readonly gatewayNamespace: string;
  public readonly listeners: readonly GatewayListener[];
  public readonly dataPlane: Peer;

  public constructor(
    scope: Construct,
    id: string,
    private readonly gatewayProps: GatewayProps,
  ) {
    super(scope, id, gw.Gateway.GVK, { metadata: { name: gatewayProps.name ?? readableName([id]) } });
    const path = this.node.path;
    const app = Application.of(this);
    this.gatewayName = checkDnsLabel(path, 'name', this.name);
    this.gatewayNamespace = app.namespace ?? app.appName;
    checkDnsSubdomain(path, 'gatewayClassName', gatewayProps.gatewayClassName);
    if (gatewayProps.listeners.length === 0) {
      throw invalid(
        path,
        'listeners',
        [],
        'at least one listener',
        "pass listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }]",
      );
    }
    checkListeners(path, gatewayProps.listeners);
    this.listeners = gatewayProps.listeners.map((l) => ({ ...l }));
    this.dataPlane = dataPlaneOf(this.gatewayName, this.gatewayNamespace, gatewayProps.dataPlane);
    this.metadata.addLabel(Labels.NAME, this.gatewayName);
  }

  protected override renderFields(): Record<string, unknown> {
    const spec: gw.GatewaySpec = {
      gatewayClassName: this.gatewayProps.gatewayClassName,
      listeners: this.listeners.map((l) => ({
        name: l.name,
        port: l.port,
        protocol: l.protocol,
        hostname: l.hostname,
        tls: l.certificate
          ? { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: l.certificate.secretName }] }
          : undefined,
        allowedRoutes: renderAllowedRoutes(l.allowedRoutes),
      })),
    };
    return { spec };
  }
}

function renderAllowedRoutes(a: AllowedRoutes | undefined): gw.GatewaySpecListenersAllowedRoutes | undefined {
  if (a === undefined || a === 'Same') return undefined;
  if (a === 'All') return { namespaces: { from: 'All' } };
  return {
    namespaces: {
      from: 'Selector',
      selector: {
        matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [...a].sort() }],
      },
    },
  };
}
