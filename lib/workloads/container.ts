import type * as k8s from '../imports/k8s';
import { CheckedResourceDefaults } from '../core/resource-defaults';
import { Cpu } from '../units/cpu';
import { Size } from '../units/size';
import {
  checkDnsLabel,
  checkInteger,
  checkPort,
  checkPortName,
  checkUnicode,
  checkUnicodeList,
  invalid,
} from '../core/input-checks';
import { EnvFrom, EnvValue } from './env';
import { Probe } from './probe';
import { ContainerSecurityOptions, containerSecurityContext } from './security';
import { Volume } from './volume';
import { DeviceClaimMount, podClaimName } from './devices';

/** A port the container listens on. */
export interface ContainerPort {
  /** The port number (1-65535). */
  readonly port: number;
  /** An IANA service name (at most 15 characters), used by Services and probes. @default - unnamed */
  readonly name?: string;
  /** @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
}

/** CPU and memory requests and limits. */
export interface ContainerResources {
  /** @default - none (the environment's defaults apply only when `resources` is absent) */
  readonly cpu?: { readonly request?: Cpu; readonly limit?: Cpu };
  /** @default - none (the environment's defaults apply only when `resources` is absent) */
  readonly memory?: { readonly request?: Size; readonly limit?: Size };
}

/** GPUs a container needs; rendered as `<vendor>/gpu` in both requests and limits. */
export interface GpuRequest {
  /** How many GPUs (a whole number >= 1). */
  readonly count: number;
  /** The device plugin's vendor domain. @default 'nvidia.com' */
  readonly vendor?: string;
}

/** A volume mounted into a container. */
export interface VolumeMount {
  /** The volume. */
  readonly volume: Volume;
  /** The absolute path in the container. */
  readonly path: string;
  /** @default false */
  readonly readOnly?: boolean;
  /** Mount only this sub-path of the volume. @default - the whole volume */
  readonly subPath?: string;
}

/** Props of a {@link Container}. */
export interface ContainerProps {
  /** The container's name. @default - the component name for the first container, `container-<n>` after */
  readonly name?: string;
  /** The image, with a tag or a digest (`nginx:1.27`, `repo/app@sha256:...`). */
  readonly image: string;
  /** Accept `:latest` or an untagged image (which means latest). @default false */
  readonly allowLatestImage?: boolean;
  /** @default - Kubernetes' default (IfNotPresent for tagged images) */
  readonly imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  /** Ports the container listens on. @default - none */
  readonly ports?: readonly ContainerPort[];
  /** Environment variables. @default - none */
  readonly env?: Readonly<Record<string, EnvValue>>;
  /** Whole ConfigMaps and Secrets as variables. @default - none */
  readonly envFrom?: readonly EnvFrom[];
  /** Requests and limits. @default - the environment's `defaults.resources` */
  readonly resources?: ContainerResources;
  /** GPUs, as the device plugin's extended resource (`nvidia.com/gpu`). @default - none */
  readonly gpu?: GpuRequest;
  /**
   * Devices claimed through Dynamic Resource Allocation (`resources.claims`); the pod's
   * `resourceClaims` get an entry per claim source. @default - none
   */
  readonly devices?: readonly DeviceClaimMount[];
  /** @default - none */
  readonly liveness?: Probe;
  /** @default - none */
  readonly readiness?: Probe;
  /** @default - none */
  readonly startup?: Probe;
  /** Volume mounts. @default - none */
  readonly volumeMounts?: readonly VolumeMount[];
  /** Replaces the image's entrypoint. @default - the image's ENTRYPOINT */
  readonly command?: readonly string[];
  /** Arguments. @default - the image's CMD */
  readonly args?: readonly string[];
  /** @default - the image's WORKDIR */
  readonly workingDir?: string;
  /** Relaxations of the restricted security context. @default - restricted */
  readonly securityContext?: ContainerSecurityOptions;
  /**
   * What a change of cpu or memory does to the running container when the Pod is resized in
   * place (`kubectl patch --subresource resize`, a VerticalPodAutoscaler): applied live
   * (`NotRequired`) or by restarting the container (`RestartContainer`). A change of a
   * workload's template still replaces its pods. @default - Kubernetes' default (NotRequired for both)
   */
  readonly resizePolicy?: ResizePolicy;
}

/** What resizing a resource in place does to a running container. */
export type ResizeRestartPolicy = 'NotRequired' | 'RestartContainer';

/** The in-place resize policy of a container, per resource (Kubernetes resizes only cpu and memory). */
export interface ResizePolicy {
  /** @default - Kubernetes' default (NotRequired) */
  readonly cpu?: ResizeRestartPolicy;
  /** @default - Kubernetes' default (NotRequired) */
  readonly memory?: ResizeRestartPolicy;
}

/** What a container is to its pod: an app container, an init container or a native sidecar. */
export type ContainerRole = 'container' | 'init' | 'sidecar';

/** What rendering a container needs from its workload. */
export interface ContainerRenderContext {
  /** The environment name and its resource defaults. */
  readonly environmentName: string;
  readonly defaults?: CheckedResourceDefaults;
  /** Whether the pod allows root. */
  readonly podAllowsRoot: boolean;
}

const IMAGE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?::[0-9]+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** Checks an image reference; returns it. */
export function checkImage(path: string, field: string, image: string, allowLatest: boolean): string {
  const at = image.indexOf('@');
  const named = at >= 0 ? image.slice(0, at) : image;
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const colon = named.lastIndexOf(':');
  const hasTag = colon > named.lastIndexOf('/');
  const repo = hasTag ? named.slice(0, colon) : named;
  const tag = hasTag ? named.slice(colon + 1) : undefined;
  if (!IMAGE.test(repo) || (tag !== undefined && !TAG.test(tag)) || (digest !== undefined && !DIGEST.test(digest))) {
    throw invalid(
      path,
      field,
      image,
      'an image reference [registry/]repository[:tag][@algorithm:digest] in lower case',
      'write e.g. "nginx:1.27.0" or "ghcr.io/org/app@sha256:<64 hex>"',
    );
  }
  if (!allowLatest && digest === undefined && (tag === undefined || tag === 'latest')) {
    throw invalid(
      path,
      field,
      image,
      'an image pinned by a tag other than "latest" or by a digest',
      `pin a version, e.g. "${repo}:1.2.3" or "${repo}@sha256:...", or opt out with allowLatestImage: true`,
    );
  }
  return image;
}

/**
 * A container of a workload's pod. Created through `workload.addContainer()` or the
 * workload's `containers` prop; checked when created.
 */
export class Container {
  /** The container's name. */
  public readonly name: string;
  /** The image. */
  public readonly image: string;
  private readonly _ports: ContainerPort[] = [];
  /** Created on first use: most containers set no variables. */
  private _env?: Map<string, EnvValue>;
  private readonly _envFrom: EnvFrom[] = [];
  private readonly _mounts: VolumeMount[] = [];

  /**
   * @param path the workload's construct path; @param field e.g. `containers[0]`
   * @param role an app container, an init container (runs to completion first), or a sidecar
   *   (a native sidecar: an init container with `restartPolicy: Always` that keeps running)
   */
  public constructor(
    private readonly path: string,
    private readonly field: string,
    defaultName: string,
    private readonly props: ContainerProps,
    public readonly role: ContainerRole = 'container',
  ) {
    this.name = checkDnsLabel(path, `${field}.name`, props.name ?? defaultName);
    this.image = checkImage(path, `${field}.image`, props.image, props.allowLatestImage === true);
    for (const p of props.ports ?? []) this.addPort(p);
    for (const [k, v] of Object.entries(props.env ?? {})) this.addEnv(k, v);
    for (const e of props.envFrom ?? []) this._envFrom.push(e);
    for (const m of props.volumeMounts ?? []) this.mount(m.path, m.volume, m);
    if (props.gpu) {
      checkInteger(path, `${field}.gpu.count`, props.gpu.count, 1);
      if (props.gpu.vendor !== undefined && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(props.gpu.vendor)) {
        throw invalid(
          path,
          `${field}.gpu.vendor`,
          props.gpu.vendor,
          'a vendor domain such as "nvidia.com" or "amd.com"',
          'pass the device plugin\'s domain without "/gpu"',
        );
      }
    }
    checkUnicodeList(path, `${field}.command`, props.command);
    checkUnicodeList(path, `${field}.args`, props.args);
    if (props.workingDir !== undefined && !props.workingDir.startsWith('/')) {
      throw invalid(path, `${field}.workingDir`, props.workingDir, 'an absolute path', `write "/${props.workingDir}"`);
    }
    this.checkResources();
    this.checkResizePolicy();
    const seen = new Set<string>();
    (props.devices ?? []).forEach((d, i) => {
      const name = checkDnsLabel(path, `${field}.resources.claims[${i}].name`, podClaimName(d.claim));
      if (d.request !== undefined) checkDnsLabel(path, `${field}.resources.claims[${i}].request`, d.request);
      const key = `${name}/${d.request ?? ''}`;
      if (seen.has(key)) {
        throw invalid(
          path,
          `${field}.devices[${i}]`,
          key,
          'a claim (and request) not already claimed by this container',
          'claim each once',
        );
      }
      seen.add(key);
    });
    if (role === 'init') {
      // The API server refuses probes on init containers that run to completion.
      for (const kind of ['liveness', 'readiness', 'startup'] as const) {
        if (props[kind] !== undefined) {
          throw invalid(
            path,
            `${field}.${kind}Probe`,
            kind,
            'no probe on an init container, which runs to completion before the others start',
            'remove the probe, or add the container with addSidecar() (a native sidecar keeps running and may have probes)',
          );
        }
      }
    }
    // Check the security context now, so bad input fails at construction.
    containerSecurityContext(path, `${field}.securityContext`, props.securityContext);
  }

  /** The container's ports. */
  public get ports(): readonly ContainerPort[] {
    return this._ports;
  }

  /** The volumes the container mounts. */
  public get mounts(): readonly VolumeMount[] {
    return this._mounts;
  }

  /** Adds a port; refuses numbers out of range, bad names and duplicates. */
  public addPort(port: ContainerPort): void {
    const f = `${this.field}.ports[${this._ports.length}]`;
    checkPort(this.path, `${f}.port`, port.port);
    if (port.name !== undefined) checkPortName(this.path, `${f}.name`, port.name);
    const protocol = port.protocol ?? 'TCP';
    const clash = this._ports.find(
      (p) =>
        (p.port === port.port && (p.protocol ?? 'TCP') === protocol) ||
        (port.name !== undefined && p.name === port.name),
    );
    if (clash) {
      const byName = clash.name !== undefined && clash.name === port.name;
      throw invalid(
        this.path,
        byName ? `${f}.name` : `${f}.port`,
        byName ? port.name : port.port,
        'a port number/protocol and name not already declared by this container',
        'remove the duplicate port or give it another number/name',
      );
    }
    this._ports.push({ ...port });
  }

  /** Adds an environment variable. */
  public addEnv(name: string, value: EnvValue): void {
    if (!ENV_NAME.test(name)) {
      throw invalid(
        this.path,
        `${this.field}.env`,
        name,
        'a variable name of letters, digits, "_", "-" and ".", not starting with a digit',
        `use e.g. "${name.replace(/[^-._a-zA-Z0-9]/g, '_').replace(/^[0-9]/, '_$&')}"`,
      );
    }
    if (this._env?.has(name)) {
      throw invalid(this.path, `${this.field}.env`, name, 'a variable not already set', 'set each variable once');
    }
    const literal = value instanceof EnvValue ? value.toEnvVar(name).value : undefined;
    if (literal !== undefined) checkUnicode(this.path, `${this.field}.env.${name}`, literal);
    (this._env ??= new Map()).set(name, value);
  }

  /** Adds a whole ConfigMap or Secret as variables. */
  public addEnvFrom(source: EnvFrom): void {
    this._envFrom.push(source);
  }

  /** Mounts `volume` at `path`. The workload adds the volume to the pod. */
  public mount(
    path: string,
    volume: Volume,
    options: { readonly readOnly?: boolean; readonly subPath?: string } = {},
  ): void {
    const f = `${this.field}.volumeMounts[${this._mounts.length}]`;
    if (!path.startsWith('/')) {
      throw invalid(this.path, `${f}.mountPath`, path, 'an absolute path', `write "/${path}"`);
    }
    if (this._mounts.some((m) => m.path === path)) {
      throw invalid(
        this.path,
        `${f}.mountPath`,
        path,
        'a path not already mounted in this container',
        'mount each path once',
      );
    }
    this._mounts.push({ volume, path, readOnly: options.readOnly, subPath: options.subPath });
  }

  private checkResources(): void {
    const r = this.props.resources;
    const f = `${this.field}.resources`;
    if (r?.cpu?.request && r.cpu.limit && r.cpu.request.millicores > r.cpu.limit.millicores) {
      throw invalid(
        this.path,
        `${f}.cpu.request`,
        r.cpu.request.toQuantity(),
        `at most the limit ${r.cpu.limit.toQuantity()}`,
        'lower the request or raise the limit',
      );
    }
    if (r?.memory?.request && r.memory.limit && r.memory.request.toBytes() > r.memory.limit.toBytes()) {
      throw invalid(
        this.path,
        `${f}.memory.request`,
        r.memory.request.toQuantity(),
        `at most the limit ${r.memory.limit.toQuantity()}`,
        'lower the request or raise the limit',
      );
    }
  }

  private checkResizePolicy(): void {
    const r = this.props.resizePolicy;
    if (r === undefined) return;
    const f = `${this.field}.resizePolicy`;
    for (const [key, value] of Object.entries(r)) {
      if (key !== 'cpu' && key !== 'memory') {
        throw invalid(
          this.path,
          `${f}["${key}"]`,
          value,
          'a policy for cpu or memory only (Kubernetes resizes only these in place)',
          'remove the entry',
        );
      }
      if (value !== undefined && value !== 'NotRequired' && value !== 'RestartContainer') {
        throw invalid(this.path, `${f}.${key}`, value, "'NotRequired' or 'RestartContainer'", 'pick one of these');
      }
    }
  }

  private renderResizePolicy(): k8s.ContainerResizePolicy[] | undefined {
    const r = this.props.resizePolicy;
    if (r === undefined) return undefined;
    const out: k8s.ContainerResizePolicy[] = [];
    if (r.cpu !== undefined) out.push({ resourceName: 'cpu', restartPolicy: r.cpu });
    if (r.memory !== undefined) out.push({ resourceName: 'memory', restartPolicy: r.memory });
    return out.length ? out : undefined;
  }

  /** The devices the container claims (DRA). */
  public get deviceClaims(): readonly DeviceClaimMount[] {
    return this.props.devices ?? [];
  }

  /** The resources, with the environment's defaults when the container sets none. */
  public renderResources(ctx: ContainerRenderContext): k8s.ResourceRequirements | undefined {
    const requests: Record<string, string | number> = {};
    const limits: Record<string, string | number> = {};
    const r = this.props.resources;
    const put = (target: Record<string, string | number>, key: string, value: string | undefined) => {
      if (value !== undefined) target[key] = value;
    };
    if (r) {
      put(requests, 'cpu', r.cpu?.request?.toQuantity());
      put(requests, 'memory', r.memory?.request?.toQuantity());
      put(limits, 'cpu', r.cpu?.limit?.toQuantity());
      put(limits, 'memory', r.memory?.limit?.toQuantity());
    } else if (ctx.defaults) {
      // Checked when the environment was constructed (core/resource-defaults).
      const d = ctx.defaults;
      put(requests, 'cpu', d.requests.cpu);
      put(requests, 'memory', d.requests.memory);
      put(limits, 'cpu', d.limits.cpu);
      put(limits, 'memory', d.limits.memory);
    }
    if (this.props.gpu) {
      const key = `${this.props.gpu.vendor ?? 'nvidia.com'}/gpu`;
      requests[key] = this.props.gpu.count;
      limits[key] = this.props.gpu.count;
    }
    const hasReq = Object.keys(requests).length > 0;
    const hasLim = Object.keys(limits).length > 0;
    const devices = this.props.devices ?? [];
    const claims = devices.map((d) => ({ name: podClaimName(d.claim), request: d.request }));
    if (!hasReq && !hasLim && claims.length === 0) return undefined;
    return {
      requests: hasReq ? requests : undefined,
      limits: hasLim ? limits : undefined,
      claims: claims.length ? claims : undefined,
    };
  }

  /** Whether the rendered container requests CPU (needed for CPU-utilization autoscaling). */
  public requestsCpu(ctx: ContainerRenderContext): boolean {
    return this.renderResources(ctx)?.requests?.cpu !== undefined;
  }

  /** The Kubernetes container. */
  public render(ctx: ContainerRenderContext): k8s.Container {
    const probe = (p: Probe | undefined, kind: 'liveness' | 'readiness' | 'startup') =>
      p?.toProbe({ path: this.path, field: `${this.field}.${kind}Probe`, ports: this._ports }, kind);
    return {
      name: this.name,
      image: this.image,
      imagePullPolicy: this.props.imagePullPolicy,
      restartPolicy: this.role === 'sidecar' ? 'Always' : undefined,
      command: this.props.command ? [...this.props.command] : undefined,
      args: this.props.args ? [...this.props.args] : undefined,
      workingDir: this.props.workingDir,
      ports: this._ports.length
        ? this._ports.map((p) => ({ containerPort: p.port, name: p.name, protocol: p.protocol ?? 'TCP' }))
        : undefined,
      env: this._env?.size ? [...this._env.entries()].map(([k, v]) => v.toEnvVar(k)) : undefined,
      envFrom: this._envFrom.length ? this._envFrom.map((e) => e.toEnvFromSource()) : undefined,
      resources: this.renderResources(ctx),
      resizePolicy: this.renderResizePolicy(),
      livenessProbe: probe(this.props.liveness, 'liveness'),
      readinessProbe: probe(this.props.readiness, 'readiness'),
      startupProbe: probe(this.props.startup, 'startup'),
      volumeMounts: this._mounts.length
        ? this._mounts.map((m) => ({
            name: m.volume.name,
            mountPath: m.path,
            readOnly: m.readOnly,
            subPath: m.subPath,
          }))
        : undefined,
      securityContext: containerSecurityContext(
        this.path,
        `${this.field}.securityContext`,
        this.props.securityContext,
        ctx.podAllowsRoot,
      ),
    };
  }
}
