import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { ApiResource } from '../core/api-resource';
import { Application, Labels } from '../core/application';
import { readableName } from '../core/names';
import { IPodSelectable } from '../core/selectable';
import { checkDnsLabel, checkInteger, checkPort, checkPortName, invalid } from '../core/input-checks';
import { checkSelectsSameEnvironment } from '../core/object-scope';
import { nameToken } from '../chart/tokens';

/** How a Service is reached. */
export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'Headless';

/** A port of a Service. */
export interface ServicePortSpec {
  /** The port clients connect to. */
  readonly port: number;
  /** The container port (number or name). @default - the container port with the same number, by name when it has one */
  readonly targetPort?: number | string;
  /** @default - the container port's name; `<protocol>-<port>` when the Service has several ports */
  readonly name?: string;
  /** @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
  /** For NodePort and LoadBalancer: the node port (30000-32767). @default - allocated by the cluster */
  readonly nodePort?: number;
}

/** Options of `workload.exposeViaService()`. */
export interface ExposeOptions {
  /** The ports. @default - one per container port of the selected workload */
  readonly ports?: readonly ServicePortSpec[];
  /** @default 'ClusterIP' */
  readonly type?: ServiceType;
  /** The Service's name. @default - the workload's component name (exposeViaService), else the construct id */
  readonly name?: string;
  /** Also route to pods that are not ready (peer discovery). @default false */
  readonly publishNotReadyAddresses?: boolean;
}

/** Props of a {@link Service}. */
export interface ServiceProps extends ExposeOptions {
  /** The workload whose pods receive the traffic. */
  readonly selector: IPodSelectable;
}

/**
 * A stable address for a workload's pods: ClusterIP, NodePort, LoadBalancer or headless.
 * Ports default to the workload's container ports, so adding a container port later still
 * reaches the Service.
 *
 * @example
 * import { Platform, Environment, Application, Deployment, Service } from 'berth-k8s';
 * const app = new Application(new Environment(new Platform(), 'dev', { config: {} }), 'shop');
 * const web = new Deployment(app, 'web', { containers: [{ image: 'nginx:1.27', ports: [{ port: 8080, name: 'http' }] }] });
 * new Service(app, 'public', { selector: web, type: 'LoadBalancer', ports: [{ port: 80, targetPort: 'http' }] });
 * const internal = web.exposeViaService();
 * @see https://kubernetes.io/docs/concepts/services-networking/service/
 */
export class Service extends ApiResource {
  /** The Service's name, as written in plain text (checks and messages; `serviceName` is what programs use). */
  private readonly plainName: string;
  /** The type. */
  public readonly type: ServiceType;
  /** The selected workload. */
  public readonly selector: IPodSelectable;

  public constructor(
    scope: Construct,
    id: string,
    private readonly serviceProps: ServiceProps,
  ) {
    super(scope, id, k8s.Service.GVK, { metadata: { name: serviceProps.name ?? readableName([id]) } });
    const props = serviceProps;
    const path = this.node.path;
    const app = Application.of(this);
    this.selector = props.selector;
    this.type = props.type ?? 'ClusterIP';
    if (!['ClusterIP', 'NodePort', 'LoadBalancer', 'Headless'].includes(this.type)) {
      throw invalid(
        path,
        'type',
        this.type,
        'ClusterIP, NodePort, LoadBalancer or Headless',
        'pick one of these types',
      );
    }
    checkSelectsSameEnvironment(this, 'selector', props.selector, app.namespace);
    this.plainName = checkDnsLabel(path, 'name', props.name ?? readableName([id]));
    // Check explicit ports now; defaulted ones are checked when rendered.
    if (props.ports) this.renderPorts(props.ports);
    this.metadata.addLabel(Labels.NAME, props.selector.selectorLabels[Labels.NAME] ?? this.plainName);
  }

  protected override renderFields(): Record<string, unknown> {
    const props = this.serviceProps;
    const ports = this.renderPorts(props.ports ?? this.defaultPorts());
    if (ports.length === 0 && this.type !== 'Headless') {
      throw invalid(
        this.node.path,
        'ports',
        [],
        `at least one port for a ${this.type} Service (${props.selector.node.path} declares no container ports)`,
        'add a port to the container or pass ports: [{ port: 80, targetPort: 8080 }]',
      );
    }
    return {
      spec: {
        type: this.type === 'Headless' ? 'ClusterIP' : this.type,
        clusterIP: this.type === 'Headless' ? 'None' : undefined,
        selector: { ...props.selector.selectorLabels },
        ports: ports.length ? ports : undefined,
        publishNotReadyAddresses: props.publishNotReadyAddresses,
      },
    };
  }

  /**
   * The Service's name, for text that reaches it (`DATABASE_HOST`, a `pg_dump -h` argument):
   * the name in plain YAML, and in the app's Helm chart the name the release gives it
   * (`<release>-<name>` under another release name), also inside a longer string.
   */
  public get serviceName(): string {
    return nameToken(this, { kind: 'Service', name: this.plainName, namespace: this.namespaceName(), form: 'name' });
  }

  /**
   * The Service's DNS name, `<name>.<namespace>.svc`, following the release's name and
   * namespace in the Helm chart like {@link Service.serviceName}.
   */
  public get dnsName(): string {
    return nameToken(this, { kind: 'Service', name: this.plainName, namespace: this.namespaceName(), form: 'dns' });
  }

  private namespaceName(): string {
    // An object without a namespace lands in the one kubectl applies it to: `default` by default.
    return Application.of(this).namespace ?? 'default';
  }

  /** The Service's ports (explicit, else the selected workload's container ports). */
  public get ports(): readonly ServicePortSpec[] {
    return this.serviceProps.ports ?? this.defaultPorts();
  }

  /** The ports of the selected workload, as Service ports. */
  private defaultPorts(): ServicePortSpec[] {
    return this.selector.ports.map((p) => ({
      port: p.port,
      protocol: p.protocol,
      name: p.name,
      targetPort: p.name ?? p.port,
    }));
  }

  private renderPorts(ports: readonly ServicePortSpec[]): k8s.ServicePort[] {
    const path = this.node.path;
    const seen = new Set<string>();
    const names = new Set<string>();
    return ports.map((p, i) => {
      const f = `ports[${i}]`;
      checkPort(path, `${f}.port`, p.port);
      const protocol = p.protocol ?? 'TCP';
      const key = `${p.port}/${protocol}`;
      if (seen.has(key)) {
        throw invalid(
          path,
          `${f}.port`,
          p.port,
          `a port/protocol not already in this Service (${key} is)`,
          'remove the duplicate port',
        );
      }
      seen.add(key);
      if (typeof p.targetPort === 'number') checkPort(path, `${f}.targetPort`, p.targetPort);
      if (typeof p.targetPort === 'string') {
        checkPortName(path, `${f}.targetPort`, p.targetPort);
        const known = this.selector.ports.map((q) => q.name).filter((n): n is string => n !== undefined);
        if (this.selector.ports.length > 0 && !known.includes(p.targetPort)) {
          throw invalid(
            path,
            `${f}.targetPort`,
            p.targetPort,
            `a container port name of ${this.selector.node.path} (${known.join(', ') || 'it names none'}) or a number`,
            'name the container port, or use its number',
          );
        }
      }
      if (p.nodePort !== undefined) {
        if (this.type !== 'NodePort' && this.type !== 'LoadBalancer') {
          throw invalid(
            path,
            `${f}.nodePort`,
            p.nodePort,
            'a node port only on NodePort and LoadBalancer Services',
            `set type: 'NodePort' or remove nodePort`,
          );
        }
        checkInteger(path, `${f}.nodePort`, p.nodePort, 30000, 32767);
      }
      const name = p.name ?? (ports.length > 1 ? `${protocol.toLowerCase()}-${p.port}` : undefined);
      if (name !== undefined) {
        checkPortName(path, `${f}.name`, name);
        if (names.has(name)) {
          throw invalid(
            path,
            `${f}.name`,
            name,
            'a port name not already used in this Service',
            'give each port a distinct name',
          );
        }
        names.add(name);
      }
      return { name, port: p.port, targetPort: p.targetPort ?? p.port, protocol, nodePort: p.nodePort };
    });
  }
}
