import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { ApiResource } from '../core/api-resource';
import { Environment } from '../core/environment';
import { Labels } from '../core/application';
import { readableName } from '../core/names';
import { checkDnsLabel, checkDnsSubdomain, checkInteger, checkUnicode, invalid } from '../core/input-checks';

/**
 * Dynamic Resource Allocation (DRA): devices (GPUs, NICs, FPGAs) a pod claims through a
 * ResourceClaimTemplate that names a DeviceClass and selects devices with CEL expressions
 * over their attributes, rather than counting an extended resource (`nvidia.com/gpu: 2`).
 * Emitted in the newest `resource.k8s.io` version the environment's Kubernetes serves with this
 * shape: `v1` from 1.34 (GA), `v1beta2` on 1.33, `v1beta1` on 1.32.
 */

/** The ResourceClaimTemplate kind in the version the environment of `scope` serves. */
function draGvk(scope: Construct): { readonly apiVersion: string; readonly kind: string } {
  const version = Environment.tryOf(scope)?.kubernetesVersion;
  const apiVersion =
    version === '1.32'
      ? 'resource.k8s.io/v1beta1'
      : version === '1.33'
        ? 'resource.k8s.io/v1beta2'
        : 'resource.k8s.io/v1';
  return { apiVersion, kind: 'ResourceClaimTemplate' };
}

/** A DeviceClass, by name: the class a DRA driver installs (`gpu.nvidia.com`). */
export interface IDeviceClass {
  readonly deviceClassName: string;
}

/** Refers to DeviceClasses, which DRA drivers install with the cluster. */
export class DeviceClass {
  /** The DeviceClass named `name` (`gpu.nvidia.com`, `gpu.amd.com`, ...). */
  public static fromName(name: string): IDeviceClass {
    return { deviceClassName: checkDnsSubdomain('DeviceClass.fromName', 'name', name) };
  }

  private constructor() {}
}

/** What a pod claims devices from: a ResourceClaimTemplate (one claim per pod). */
export interface IDeviceClaimSource {
  /** The template each pod's claim is made from. */
  readonly resourceClaimTemplateName: string;
}

/** One request of a {@link ResourceClaimTemplate}. */
export interface DeviceRequestSpec {
  /** The request's name (containers may claim one request of the claim). */
  readonly name: string;
  /** The class of the devices. */
  readonly deviceClass: IDeviceClass;
  /** How many devices. @default 1 */
  readonly count?: number;
  /** Every device of the class that matches (instead of `count`). @default false */
  readonly all?: boolean;
  /**
   * CEL expressions every device must satisfy, over `device.driver`, `device.attributes` and
   * `device.capacity`: `device.attributes['gpu.nvidia.com'].productName == 'Tesla P100'`.
   * @default - any device of the class
   */
  readonly selectors?: readonly string[];
}

/** Props of a {@link ResourceClaimTemplate}. */
export interface ResourceClaimTemplateProps {
  /** The object name. @default - the construct id, as a DNS label */
  readonly name?: string;
  /** The device requests (at least one). */
  readonly requests: readonly DeviceRequestSpec[];
  /** Requests whose devices must share the value of this attribute (`gpu.nvidia.com/numaNode`). @default - none */
  readonly matchAttribute?: string;
}

/**
 * A ResourceClaimTemplate: each pod that names it in its `resourceClaims` gets its own
 * ResourceClaim, allocated by the DRA scheduler from devices of the requested classes that
 * match the CEL selectors. Containers claim it with `devices: [{ claim: template }]`.
 *
 * @example
 * import { Platform, Environment, Application, DeviceClass, Job, ResourceClaimTemplate } from 'berth-k8s';
 * const app = new Application(new Environment(new Platform(), 'dev', { config: {} }), 'training');
 * const gpus = new ResourceClaimTemplate(app, 'gpus', {
 *   requests: [{
 *     name: 'gpu',
 *     deviceClass: DeviceClass.fromName('gpu.nvidia.com'),
 *     count: 2,
 *     selectors: ["device.attributes['gpu.nvidia.com'].productName == 'Tesla P100'"],
 *   }],
 * });
 * new Job(app, 'train', { containers: [{ image: 'nvcr.io/nvidia/pytorch:24.10-py3', devices: [{ claim: gpus }] }] });
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/dynamic-resource-allocation/
 */
export class ResourceClaimTemplate extends ApiResource implements IDeviceClaimSource {
  /** A template that exists in the namespace (made by an operator or by hand). */
  public static fromName(name: string): IDeviceClaimSource {
    return { resourceClaimTemplateName: checkDnsSubdomain('ResourceClaimTemplate.fromName', 'name', name) };
  }

  public readonly resourceClaimTemplateName: string;

  public constructor(
    scope: Construct,
    id: string,
    private readonly templateProps: ResourceClaimTemplateProps,
  ) {
    super(scope, id, draGvk(scope), { metadata: { name: templateProps.name ?? readableName([id]) } });
    const path = this.node.path;
    this.resourceClaimTemplateName = checkDnsSubdomain(path, 'name', this.name);
    if (templateProps.requests.length === 0) {
      throw invalid(
        path,
        'requests',
        [],
        'at least one device request',
        "pass requests: [{ name: 'gpu', deviceClass }]",
      );
    }
    const names = new Set<string>();
    templateProps.requests.forEach((r, i) => {
      const f = `spec.devices.requests[${i}]`;
      checkDnsLabel(path, `${f}.name`, r.name);
      if (names.has(r.name)) {
        throw invalid(
          path,
          `${f}.name`,
          r.name,
          'a request name not already used in this template',
          'name each request once',
        );
      }
      names.add(r.name);
      if (r.count !== undefined) checkInteger(path, `${f}.exactly.count`, r.count, 1);
      if (r.all === true && r.count !== undefined) {
        throw invalid(path, `${f}.exactly.count`, r.count, 'no count with all: true', 'remove count, or all');
      }
      (r.selectors ?? []).forEach((sel, j) => {
        const sf = `${f}.exactly.selectors[${j}].cel.expression`;
        checkUnicode(path, sf, sel);
        if (sel.trim() === '') {
          throw invalid(
            path,
            sf,
            sel,
            'a CEL expression over device.attributes / device.capacity',
            "write e.g. \"device.attributes['gpu.nvidia.com'].productName == 'Tesla P100'\"",
          );
        }
      });
    });
    this.metadata.addLabel(Labels.NAME, this.name);
  }

  protected override renderFields(): Record<string, unknown> {
    const p = this.templateProps;
    const spec: k8s.ResourceClaimTemplateSpec = {
      spec: {
        devices: {
          requests: p.requests.map((r) => ({
            name: r.name,
            exactly: {
              deviceClassName: r.deviceClass.deviceClassName,
              allocationMode: r.all === true ? 'All' : undefined,
              count: r.all === true ? undefined : r.count,
              selectors: r.selectors?.length ? r.selectors.map((expression) => ({ cel: { expression } })) : undefined,
            },
          })),
          constraints:
            p.matchAttribute === undefined
              ? undefined
              : [{ matchAttribute: p.matchAttribute, requests: p.requests.map((r) => r.name) }],
        },
      },
    };
    return { spec };
  }
}

/** Devices a container uses: a claim of the pod, or one request of it. */
export interface DeviceClaimMount {
  /** Where the devices come from; the pod's `resourceClaims` get an entry named after it. */
  readonly claim: IDeviceClaimSource;
  /** Only this request of the claim. @default - every request */
  readonly request?: string;
}

/** The name of a claim source's entry in the pod's `resourceClaims` (a DNS label). */
export function podClaimName(source: IDeviceClaimSource): string {
  return source.resourceClaimTemplateName.replace(/\./g, '-');
}

/** The pod's `resourceClaims`: one entry per claim source its containers use, in first-use order. */
export function podResourceClaims(
  containers: readonly { readonly deviceClaims: readonly DeviceClaimMount[] }[],
): k8s.PodResourceClaim[] | undefined {
  const out = new Map<string, k8s.PodResourceClaim>();
  for (const c of containers) {
    for (const d of c.deviceClaims) {
      const name = podClaimName(d.claim);
      if (!out.has(name)) out.set(name, { name, resourceClaimTemplateName: d.claim.resourceClaimTemplateName });
    }
  }
  return out.size ? [...out.values()] : undefined;
}
