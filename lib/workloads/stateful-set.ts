import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { ScaleTargetRef } from '../availability/scalable';
import { nameOfToken } from '../chart/tokens';
import { Service } from '../service/service';
import { Size } from '../units/size';
import { checkDnsLabel, checkDnsSubdomain, invalid } from '../core/input-checks';
import { Volume } from './volume';
import { Workload, WorkloadProps } from './workload';

/** A claim made for each pod of a StatefulSet (`<template>-<statefulset>-<ordinal>`). */
export interface VolumeClaimTemplateProps {
  /** The template's name, also the volume name containers mount. */
  readonly name: string;
  /** The size of each claim. */
  readonly storage: Size;
  /** @default ['ReadWriteOnce'] */
  readonly accessModes?: ReadonlyArray<'ReadWriteOnce' | 'ReadOnlyMany' | 'ReadWriteMany' | 'ReadWriteOncePod'>;
  /** @default - the environment's `defaults.storageClassName`, else the cluster's default class */
  readonly storageClassName?: string;
}

/** Props of a {@link StatefulSet}. */
export interface StatefulSetProps extends WorkloadProps {
  /** Pod count. @default - the environment's `defaults.replicas`, else 1 (omitted under an autoscaler) */
  readonly replicas?: number;
  /** Per-pod claims; mount them with `statefulSet.claimVolume(name)`. @default - none */
  readonly volumeClaimTemplates?: readonly VolumeClaimTemplateProps[];
  /** An existing headless Service that gives the pods their DNS names. @default - a headless Service `<name>-headless` is created */
  readonly serviceName?: string;
  /** @default 'OrderedReady' */
  readonly podManagementPolicy?: 'OrderedReady' | 'Parallel';
}

/**
 * Pods with stable names and their own storage: databases, queues.
 *
 * @example
 * import { Platform, Environment, Application, StatefulSet, Size, Volume } from 'berth-k8s';
 * const app = new Application(new Environment(new Platform(), 'dev', { config: {} }), 'shop');
 * const db = new StatefulSet(app, 'db', {
 *   replicas: 3,
 *   volumeClaimTemplates: [{ name: 'data', storage: Size.gibibytes(10) }],
 * });
 * db.addContainer({
 *   image: 'postgres:16.4',
 *   ports: [{ port: 5432, name: 'postgres' }],
 *   volumeMounts: [
 *     { volume: db.claimVolume('data'), path: '/var/lib/postgresql/data' },
 *     { volume: Volume.fromConfigMap({ configMapName: 'db-config' }), path: '/etc/postgresql' },
 *   ],
 * });
 */
export class StatefulSet extends Workload {
  /** The headless Service's name. */
  public readonly serviceName: string;
  /** The headless Service, when the StatefulSet made it. */
  public readonly headlessService?: Service;
  private readonly templates: VolumeClaimTemplateProps[] = [];
  private readonly templateVolumes = new Map<string, Volume>();

  public constructor(
    scope: Construct,
    id: string,
    private readonly statefulProps: StatefulSetProps = {},
  ) {
    super(scope, id, k8s.StatefulSet.GVK, statefulProps);
    this.replicaCount(statefulProps.replicas);
    for (const t of statefulProps.volumeClaimTemplates ?? []) this.addVolumeClaimTemplate(t);
    if (statefulProps.serviceName !== undefined) {
      // `service.serviceName` is checked as the name it stands for, and kept as given (it follows the release).
      const plain = nameOfToken(this, statefulProps.serviceName);
      checkDnsLabel(this.node.path, 'serviceName', plain ?? statefulProps.serviceName);
      this.serviceName = statefulProps.serviceName;
    } else {
      this.headlessService = new Service(this, 'HeadlessService', {
        selector: this,
        type: 'Headless',
        name: `${this.componentName}-headless`,
        publishNotReadyAddresses: true,
      });
      this.serviceName = this.headlessService.name;
    }
  }

  public override get scaleTargetRef(): ScaleTargetRef {
    return { apiVersion: k8s.StatefulSet.GVK.apiVersion, kind: k8s.StatefulSet.GVK.kind, name: this.componentName };
  }

  /** Adds a per-pod claim template; returns the volume to mount. */
  public addVolumeClaimTemplate(template: VolumeClaimTemplateProps): Volume {
    const f = `volumeClaimTemplates[${this.templates.length}]`;
    checkDnsLabel(this.node.path, `${f}.name`, template.name);
    if (this.templateVolumes.has(template.name)) {
      throw invalid(
        this.node.path,
        `${f}.name`,
        template.name,
        'a claim template name not already used by this StatefulSet',
        'give each claim template its own name',
      );
    }
    if (template.storageClassName !== undefined)
      checkDnsSubdomain(this.node.path, `${f}.storageClassName`, template.storageClassName);
    if (template.storage.toBytes() <= 0) {
      throw invalid(
        this.node.path,
        `${f}.storage`,
        template.storage.toQuantity(),
        'a size above zero',
        'request e.g. Size.gibibytes(1)',
      );
    }
    this.templates.push(template);
    const volume = Volume.fromVolumeClaimTemplate(template.name);
    this.templateVolumes.set(template.name, volume);
    return volume;
  }

  /** The volume of claim template `name`, to mount in containers. */
  public claimVolume(name: string): Volume {
    const v = this.templateVolumes.get(name);
    if (!v) {
      throw invalid(
        this.node.path,
        'volumeClaimTemplates',
        name,
        `the name of a claim template (${[...this.templateVolumes.keys()].join(', ') || 'none defined'})`,
        'add it with addVolumeClaimTemplate() first',
      );
    }
    return v;
  }

  protected override checkVolumes(volumes: readonly Volume[]): void {
    for (const v of volumes) {
      if (v.source === 'volumeClaimTemplate') {
        const mine = this.templateVolumes.get(v.name);
        if (mine === undefined) {
          throw invalid(
            this.node.path,
            'volumeMounts',
            v.name,
            `a claim template of this StatefulSet (${[...this.templateVolumes.keys()].join(', ') || 'none defined'})`,
            'mount statefulSet.claimVolume(name) of this StatefulSet',
          );
        }
      } else if (this.templateVolumes.has(v.name)) {
        throw invalid(
          this.node.path,
          'volumes',
          v.name,
          `a pod volume name different from every claim template: claim template "${v.name}" would be mounted under the same name as a ${v.source} volume`,
          'rename the volume with the `name` option, or mount the claim template through claimVolume()',
        );
      }
    }
    for (const name of this.templateVolumes.keys()) {
      const prefix = `${name}-${this.componentName}-`;
      const again = volumes.find(
        (v) =>
          v.source === 'persistentVolumeClaim' &&
          (v.toPodVolume()?.persistentVolumeClaim?.claimName ?? '').startsWith(prefix),
      );
      if (again) {
        throw invalid(
          this.node.path,
          'volumes',
          again.name,
          `no second mount of claim template "${name}": its claims (${prefix}<ordinal>) are already mounted as volume "${name}"`,
          'mount claimVolume(name) only',
        );
      }
    }
  }

  protected override renderFields(): Record<string, unknown> {
    return { spec: this.renderSpec() };
  }

  private renderSpec(): unknown {
    const p = this.statefulProps;
    const defaultClass = this.environment.defaults.storageClassName;
    return {
      replicas: this.replicaCount(p.replicas),
      serviceName: this.serviceName,
      selector: this.labelSelector(),
      podManagementPolicy: p.podManagementPolicy,
      template: this.renderPodTemplate(),
      volumeClaimTemplates: this.templates.length
        ? this.templates.map((t) => ({
            metadata: { name: t.name, labels: { ...this.selectorLabels } },
            spec: {
              accessModes: [...(t.accessModes ?? ['ReadWriteOnce'])],
              storageClassName: t.storageClassName ?? defaultClass,
              resources: { requests: { storage: t.storage.toQuantity() } },
            },
          }))
        : undefined,
    };
  }
}
