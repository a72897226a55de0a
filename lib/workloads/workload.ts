import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import type * as k8s from '../imports/k8s';
import * as k8sl1 from '../imports/k8s';
import { ApiResource, GroupVersionKind } from '../core/api-resource';
import { Application, Labels } from '../core/application';
import { Environment } from '../core/environment';
import { readableName } from '../core/names';
import { IPodSelectable } from '../core/selectable';
import { setOwnedLabels } from '../core/owned-labels';
import { Connections } from '../network/connections';
import { AutoscaleOptions, HorizontalPodAutoscaler } from '../availability/horizontal-pod-autoscaler';
import { IScalable, ScaleTargetRef } from '../availability/scalable';
import { DisruptionBudgetOptions, PodDisruptionBudget } from '../availability/pod-disruption-budget';
import { ExposeOptions, Service } from '../service/service';
import { IGateway } from '../service/gateway';
import { ExposeViaGatewayOptions, HTTPRoute } from '../service/route';
import { Duration } from '../units/duration';
import { checkDnsLabel, checkDnsSubdomain, checkLabels, invalid } from '../core/input-checks';
import { Container, ContainerProps, ContainerRenderContext } from './container';
import { NodeAffinity, PodAntiAffinity, renderNodeAffinity, Spread, Toleration } from './scheduling';
import { PodSecurityOptions, podSecurityContext } from './security';
import { IServiceAccountRef } from './service-account';
import { Volume } from './volume';
import { podResourceClaims } from './devices';

/** The workloads of an app by component name, kept on the Application. */
const COMPONENTS = Symbol.for('berth.app-components');

/** Props shared by every workload: the pod template and its scheduling. */
export interface WorkloadProps {
  /** The component name: object names and the `app.kubernetes.io/name` label. @default - the construct id, as a DNS label */
  readonly name?: string;
  /** The pod's containers. @default - none; add them with `addContainer()` */
  readonly containers?: readonly ContainerProps[];
  /** Containers run to completion before the others start. @default - none */
  readonly initContainers?: readonly ContainerProps[];
  /**
   * Native sidecars: init containers with `restartPolicy: Always`, started (after the
   * `initContainers`) before the app containers and kept running beside them; they may have
   * probes. A Job completes when its app containers do. @default - none
   */
  readonly sidecars?: readonly ContainerProps[];
  /** Volumes not mounted by any container (mounted ones are added automatically). @default - none */
  readonly volumes?: readonly Volume[];
  /** Run as this existing ServiceAccount. @default - a dedicated ServiceAccount named like the workload */
  readonly serviceAccount?: IServiceAccountRef;
  /** Mount the ServiceAccount's API token into the pods. @default false */
  readonly automountServiceAccountToken?: boolean;
  /** Pod security settings and relaxations. @default - restricted (non-root, RuntimeDefault seccomp) */
  readonly securityContext?: PodSecurityOptions;
  /** Schedule only on nodes with these labels. @default - any node */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** Taints the pods tolerate. @default - none */
  readonly tolerations?: readonly Toleration[];
  /** Node affinity rules. @default - none */
  readonly nodeAffinity?: readonly NodeAffinity[];
  /** How replicas spread over zones or nodes. @default - no constraint */
  readonly spread?: Spread | readonly Spread[];
  /** Workloads whose pods these pods avoid. @default - none */
  readonly podAntiAffinity?: readonly PodAntiAffinity[];
  /** @default - the cluster's default priority */
  readonly priorityClassName?: string;
  /** Extra labels on the pods (not used in the selector). @default - none */
  readonly podLabels?: Readonly<Record<string, string>>;
  /**
   * Extra labels on every object of the workload: the controller, its pod template, its
   * ServiceAccount, and every object created below it (the Services of `exposeViaService` and a
   * StatefulSet's headless Service, the autoscaler, the disruption budget, the NetworkPolicies
   * of its connections). Selectors do not use them; the selector labels win over them.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /** Time between SIGTERM and SIGKILL. @default - Kubernetes' default (30s) */
  readonly terminationGracePeriod?: Duration;
}

const WORKLOAD = Symbol.for('berth.Workload');

/**
 * The base of every workload: the pod template (containers, volumes, identity, security,
 * scheduling), its labels and selector, and the verbs that relate it to other objects. A
 * workload is its controller object (Deployment, StatefulSet, ...): subclasses render its spec.
 */
export abstract class Workload extends ApiResource implements IPodSelectable, IScalable {
  /** Whether `x` is a Workload (brand check). */
  public static isWorkload(x: unknown): x is Workload {
    return typeof x === 'object' && x !== null && WORKLOAD in x;
  }

  /** The component name. */
  public readonly componentName: string;
  /** Labels selecting exactly this workload's pods. */
  public readonly selectorLabels: Readonly<Record<string, string>>;
  /** The namespace the pods run in. */
  public readonly namespace: string;
  /** The environment's name. */
  public readonly environmentName: string;
  /** The ServiceAccount the pods run as. */
  public readonly serviceAccountName: string;
  /** The dedicated ServiceAccount, when the workload made one. */
  public readonly serviceAccount?: ApiObject;

  private readonly _containers: Container[] = [];
  private readonly _initContainers: Container[] = [];
  private readonly _volumes: Volume[] = [];
  private _connections?: Connections;
  private _autoscaled = false;
  protected readonly environment: Environment;

  protected constructor(
    scope: Construct,
    id: string,
    gvk: GroupVersionKind,
    protected readonly workloadProps: WorkloadProps,
  ) {
    super(scope, id, gvk, { metadata: { name: workloadProps.name ?? readableName([id]) } });
    const props = workloadProps;
    Object.defineProperty(this, WORKLOAD, { value: true });
    const app = Application.of(this);
    this.environment = Environment.of(this);
    this.environmentName = this.environment.name;
    this.namespace = app.namespace ?? app.appName;
    this.componentName = checkDnsLabel(this.node.path, 'name', props.name ?? readableName([id]));
    this.selectorLabels = { [Labels.NAME]: this.componentName, [Labels.INSTANCE]: app.appName };
    checkLabels(this.node.path, 'labels', props.labels ?? {});
    // Every object created below the workload carries its labels (core/owned-labels).
    if (props.labels && Object.keys(props.labels).length > 0) setOwnedLabels(this, { ...props.labels });
    checkLabels(this.node.path, 'podLabels', props.podLabels ?? {});
    checkLabels(this.node.path, 'nodeSelector', props.nodeSelector ?? {});
    if (props.priorityClassName !== undefined)
      checkDnsSubdomain(this.node.path, 'priorityClassName', props.priorityClassName);
    for (const key of Object.keys(props.podLabels ?? {})) {
      if (key in this.selectorLabels) {
        throw invalid(
          this.node.path,
          `podLabels["${key}"]`,
          props.podLabels?.[key],
          'labels other than the selector labels app.kubernetes.io/name and app.kubernetes.io/instance',
          'set the component name with `name` instead',
        );
      }
    }
    this.checkSelectorIsUnique(app);
    podSecurityContext(this.node.path, props.securityContext);

    if (props.serviceAccount) {
      this.serviceAccountName = props.serviceAccount.serviceAccountName;
    } else {
      this.serviceAccountName = this.componentName;
      this.serviceAccount = new k8sl1.ServiceAccount(this, 'ServiceAccount', {
        metadata: { name: this.componentName },
        automountServiceAccountToken: false,
      });
      this.labelObject(this.serviceAccount);
    }
    for (const c of props.containers ?? []) this.addContainer(c);
    for (const c of props.initContainers ?? []) this.addInitContainer(c);
    for (const c of props.sidecars ?? []) this.addSidecar(c);
    for (const v of props.volumes ?? []) this.addVolume(v);
    this.labelObject(this);
  }

  /** The pod's containers. */
  public get containers(): readonly Container[] {
    return this._containers;
  }

  /** The pod's init containers. */
  public get initContainers(): readonly Container[] {
    return this._initContainers;
  }

  /** The containers' ports, for Services and network policies. */
  public get ports(): ReadonlyArray<{
    readonly name?: string;
    readonly port: number;
    readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
  }> {
    return this._containers.flatMap((c) =>
      c.ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol ?? 'TCP' })),
    );
  }

  /** The workload's network connections (NetworkPolicies), created on first use. */
  public get connections(): Connections {
    this._connections ??= new Connections(this);
    return this._connections;
  }

  /** Adds a container; the first one defaults to the component's name. */
  public addContainer(props: ContainerProps): Container {
    const i = this._containers.length;
    const c = new Container(this.node.path, `containers[${i}]`, i === 0 ? this.componentName : `container-${i}`, props);
    this.checkContainerUnique(c, `containers[${i}]`);
    this._containers.push(c);
    return c;
  }

  /** Adds an init container (it runs to completion, in the order added, before the app containers start). */
  public addInitContainer(props: ContainerProps): Container {
    return this.addToInit(props, 'init', `init-${this._initContainers.length}`);
  }

  /**
   * Adds a native sidecar: an init container with `restartPolicy: Always`, started in the
   * order added among the init containers, before the app containers, and kept running
   * (restarted when it exits) until they end; probes are allowed. Named `sidecar-<n>` by default.
   */
  public addSidecar(props: ContainerProps): Container {
    const n = this._initContainers.filter((c) => c.role === 'sidecar').length;
    return this.addToInit(props, 'sidecar', `sidecar-${n}`);
  }

  private addToInit(props: ContainerProps, role: 'init' | 'sidecar', defaultName: string): Container {
    const field = `initContainers[${this._initContainers.length}]`;
    const c = new Container(this.node.path, field, defaultName, props, role);
    this.checkContainerUnique(c, field);
    this._initContainers.push(c);
    return c;
  }

  /** Adds a volume to the pod (volumes mounted by containers are added automatically). */
  public addVolume(volume: Volume): void {
    checkDnsLabel(this.node.path, `volumes[${this._volumes.length}].name`, volume.name);
    this._volumes.push(volume);
  }

  /** Makes synth (and apply order) put `others` before this workload. */
  public dependsOn(...others: IConstruct[]): void {
    for (const o of others) this.node.addDependency(o);
  }

  /** Exposes the pods through a Service (a child of this workload). */
  public exposeViaService(options: ExposeOptions = {}): Service {
    const id = options.name ? `Service-${options.name}` : 'Service';
    return new Service(this, id, { ...options, selector: this, name: options.name ?? this.componentName });
  }

  /**
   * Exposes the pods through `gateway`: an HTTPRoute (a child of this workload) to the
   * workload's Service (the one `exposeViaService()` made, else a new one). NetworkPolicies
   * then admit the Gateway's data plane to the pods on the Service's target port.
   */
  public exposeViaGateway(gateway: IGateway, options: ExposeViaGatewayOptions = {}): HTTPRoute {
    const existing = this.node.tryFindChild('Service');
    const service = existing instanceof Service ? (existing as Service) : this.exposeViaService();
    const name = options.name ?? this.componentName;
    const route = new HTTPRoute(this, options.name ? `HTTPRoute-${options.name}` : 'HTTPRoute', {
      name,
      gateway,
      hostnames: options.hostnames,
      sectionName: options.sectionName,
    });
    route.addRule(options.path ?? '/', service, { port: options.port });
    return route;
  }

  /** Scales the workload with a HorizontalPodAutoscaler (a child of this workload). */
  public autoscale(options: AutoscaleOptions): HorizontalPodAutoscaler {
    return new HorizontalPodAutoscaler(this, 'Autoscaler', { ...options, target: this });
  }

  /** Protects the pods from voluntary disruption with a PodDisruptionBudget (a child of this workload). */
  public addDisruptionBudget(options: DisruptionBudgetOptions = {}): PodDisruptionBudget {
    return new PodDisruptionBudget(this, 'DisruptionBudget', { ...options, selector: this });
  }

  /** The object an autoscaler scales; undefined for kinds that do not scale (DaemonSet, Job, CronJob). */
  public get scaleTargetRef(): ScaleTargetRef | undefined {
    return undefined;
  }

  /** Called by an autoscaler targeting this workload: replicas are then left to the autoscaler. */
  public markAutoscaled(): void {
    this._autoscaled = true;
  }

  /** Whether an autoscaler owns the replica count. */
  protected get autoscaled(): boolean {
    return this._autoscaled;
  }

  /** Whether every container requests `resource` once environment defaults apply. */
  public requestsResource(resource: 'cpu' | 'memory'): boolean {
    const ctx = this.renderContext();
    return (
      this._containers.length > 0 &&
      this._containers.every((c) => c.renderResources(ctx)?.requests?.[resource] !== undefined)
    );
  }

  /** Puts the component label (and the workload's extra labels) and name on `obj`. */
  protected labelObject(obj: ApiObject): void {
    for (const [k, v] of Object.entries(this.workloadProps.labels ?? {})) obj.metadata.addLabel(k, v);
    obj.metadata.addLabel(Labels.NAME, this.componentName);
  }

  /** The replica count: the prop, else the environment's default, else 1; omitted under an autoscaler. */
  protected replicaCount(replicas: number | undefined): number | undefined {
    if (this._autoscaled) return undefined;
    const value = replicas ?? this.environment.defaults.replicas ?? 1;
    if (!Number.isInteger(value) || value < 0) {
      const from = replicas === undefined ? ` (from environment "${this.environmentName}" defaults.replicas)` : '';
      throw invalid(this.node.path, 'replicas', value, `a whole number >= 0${from}`, 'set replicas to 0 or more');
    }
    return value;
  }

  /** `{ matchLabels }` for the selector. */
  protected labelSelector(): k8s.LabelSelector {
    return { matchLabels: { ...this.selectorLabels } };
  }

  private renderContext(): ContainerRenderContext {
    return {
      environmentName: this.environmentName,
      defaults: this.environment.resourceDefaults(),
      podAllowsRoot: this.workloadProps.securityContext?.allowRootUser === true,
    };
  }

  /** Extra volumes a subclass knows about (StatefulSet claim templates) and their checks. */
  protected checkVolumes(_volumes: readonly Volume[]): void {}

  /** The pod template. */
  protected renderPodTemplate(extra: Partial<k8s.PodSpec> = {}): k8s.PodTemplateSpec {
    const path = this.node.path;
    if (this._containers.length === 0) {
      throw invalid(
        path,
        'containers',
        [],
        'at least one container',
        'pass containers: [{ image: ... }] or call addContainer()',
      );
    }
    const ctx = this.renderContext();
    const volumes = this.collectVolumes();
    this.checkVolumes(volumes);
    const spread = ([] as Spread[])
      .concat((this.workloadProps.spread ?? []) as Spread[])
      .map((s) => s.render(path, this.selectorLabels));
    const anti = { required: [] as k8s.PodAffinityTerm[], preferred: [] as k8s.WeightedPodAffinityTerm[] };
    for (const s of spread) {
      anti.required.push(...(s.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []));
    }
    for (const a of this.workloadProps.podAntiAffinity ?? []) {
      if (a.other.environmentName !== this.environmentName) {
        throw invalid(
          path,
          'podAntiAffinity',
          a.other.node.path,
          `a workload in environment "${this.environmentName}"`,
          'refer to the workload of the same environment',
        );
      }
      a.renderInto(path, anti);
    }
    const nodeAffinity = renderNodeAffinity(path, this.workloadProps.nodeAffinity ?? []);
    const podAntiAffinity =
      anti.required.length || anti.preferred.length
        ? {
            requiredDuringSchedulingIgnoredDuringExecution: anti.required.length ? anti.required : undefined,
            preferredDuringSchedulingIgnoredDuringExecution: anti.preferred.length ? anti.preferred : undefined,
          }
        : undefined;
    const podVolumes = volumes.map((v) => v.toPodVolume()).filter((v): v is k8s.Volume => v !== undefined);
    const constraints = spread.flatMap((s) => s.topologySpreadConstraints ?? []);
    const app = Application.of(this);
    return {
      metadata: {
        labels: {
          ...app.labels,
          ...this.workloadProps.labels,
          ...this.workloadProps.podLabels,
          ...this.selectorLabels,
        },
      },
      spec: {
        serviceAccountName: this.serviceAccountName,
        automountServiceAccountToken: this.workloadProps.automountServiceAccountToken === true,
        securityContext: podSecurityContext(path, this.workloadProps.securityContext),
        hostUsers: this.workloadProps.securityContext?.userNamespace === true ? false : undefined,
        containers: this._containers.map((c) => c.render(ctx)),
        initContainers: this._initContainers.length ? this._initContainers.map((c) => c.render(ctx)) : undefined,
        resourceClaims: podResourceClaims([...this._initContainers, ...this._containers]),
        volumes: podVolumes.length ? podVolumes : undefined,
        nodeSelector: this.workloadProps.nodeSelector ? { ...this.workloadProps.nodeSelector } : undefined,
        tolerations: this.workloadProps.tolerations?.length
          ? this.workloadProps.tolerations.map((t, i) => t.render(path, `tolerations[${i}]`))
          : undefined,
        affinity: nodeAffinity || podAntiAffinity ? { nodeAffinity, podAntiAffinity } : undefined,
        topologySpreadConstraints: constraints.length ? constraints : undefined,
        priorityClassName: this.workloadProps.priorityClassName,
        terminationGracePeriodSeconds: this.workloadProps.terminationGracePeriod?.toSeconds(
          `${path}: terminationGracePeriodSeconds`,
        ),
        ...extra,
      },
    };
  }

  /** Every volume of the pod: added ones, then mounted ones, once each; two different volumes under one name are an error. */
  private collectVolumes(): Volume[] {
    const byName = new Map<string, { volume: Volume; where: string }>();
    const add = (v: Volume, where: string) => {
      checkDnsLabel(this.node.path, `${where}.name`, v.name);
      const seen = byName.get(v.name);
      if (!seen) {
        byName.set(v.name, { volume: v, where });
      } else if (
        seen.volume !== v &&
        (seen.volume.source !== v.source ||
          JSON.stringify(seen.volume.toPodVolume()) !== JSON.stringify(v.toPodVolume()))
      ) {
        throw invalid(
          this.node.path,
          `${where}.name`,
          v.name,
          `a volume name not used by another volume (${seen.where} uses it for a ${seen.volume.source} volume)`,
          'give one of the volumes another name with the `name` option',
        );
      }
    };
    this._volumes.forEach((v, i) => add(v, `volumes[${i}]`));
    [
      ['containers', this._containers],
      ['initContainers', this._initContainers],
    ].forEach(([field, list]) => {
      (list as Container[]).forEach((c, i) =>
        c.mounts.forEach((m, j) => add(m.volume, `${field}[${i}].volumeMounts[${j}]`)),
      );
    });
    const vols = [...byName.values()].map((e) => e.volume);
    return vols
      .filter((v) => v.source !== 'volumeClaimTemplate')
      .concat(vols.filter((v) => v.source === 'volumeClaimTemplate'));
  }

  private checkContainerUnique(c: Container, field: string): void {
    const all = [...this._containers, ...this._initContainers];
    if (all.some((o) => o.name === c.name)) {
      throw invalid(
        this.node.path,
        `${field}.name`,
        c.name,
        'a container name not used by another container of the pod',
        'pass a distinct `name`',
      );
    }
    if (field.startsWith('containers')) {
      for (const p of c.ports) {
        const clash = this._containers.find((o) =>
          o.ports.some((q) => q.port === p.port && (q.protocol ?? 'TCP') === (p.protocol ?? 'TCP')),
        );
        if (clash) {
          throw invalid(
            this.node.path,
            `${field}.ports`,
            p.port,
            `a port not already used by container "${clash.name}" of the same pod`,
            'containers of a pod share one network namespace: pick another port',
          );
        }
      }
    }
  }

  private checkSelectorIsUnique(app: Application): void {
    // One registry per app, so the check costs O(1) per workload, not a walk of the app.
    const holder = app as unknown as { [COMPONENTS]?: Map<string, Workload> };
    if (!holder[COMPONENTS]) {
      Object.defineProperty(holder, COMPONENTS, { value: new Map<string, Workload>(), enumerable: false });
    }
    const components = holder[COMPONENTS]!;
    const other = components.get(this.componentName);
    if (other && other !== this) {
      throw invalid(
        this.node.path,
        'name',
        this.componentName,
        `a component name not used by another workload of app "${app.appName}": ${other.node.path} already selects pods with app.kubernetes.io/name=${this.componentName}, so the selectors of ${other.node.path} and ${this.node.path} would match each other's pods`,
        'give one of the workloads a distinct `name`',
      );
    }
    components.set(this.componentName, this);
  }
}
