import { ApiResource } from '../core/api-resource';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { checkDnsSubdomain } from '../core/input-checks';
import { metadata } from '../core/object-scope';
import { InvalidInputError } from '../core/invalid-input-error';

/** What happens to a dynamically provisioned volume when its claim is deleted. */
export enum ReclaimPolicy {
  /** Delete the volume and its data. */
  DELETE = 'Delete',
  /** Keep the volume; an administrator reclaims it by hand. */
  RETAIN = 'Retain',
}

/** When volumes are provisioned and bound. */
export enum VolumeBindingMode {
  /** As soon as the claim is created. */
  IMMEDIATE = 'Immediate',
  /** When a pod using the claim is scheduled, so the volume is created in the pod's zone. */
  WAIT_FOR_FIRST_CONSUMER = 'WaitForFirstConsumer',
}

/** Anything that names a StorageClass. */
export interface IStorageClass {
  /** The StorageClass's `metadata.name`. */
  readonly storageClassName: string;
}

/** The annotation marking the cluster's default StorageClass. */
export const DEFAULT_STORAGE_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

/** Props of a {@link StorageClass}. */
export interface StorageClassProps {
  /** `metadata.name`. @default - a readable name from the construct path */
  readonly name?: string;
  /** The CSI driver that provisions volumes, e.g. `ebs.csi.aws.com`. */
  readonly provisioner: string;
  /** Driver parameters, e.g. `{ type: 'gp3' }`. @default - none */
  readonly parameters?: Readonly<Record<string, string>>;
  /** @default ReclaimPolicy.DELETE (the Kubernetes default) */
  readonly reclaimPolicy?: ReclaimPolicy;
  /** @default VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER (volumes follow their pods' zone) */
  readonly volumeBindingMode?: VolumeBindingMode;
  /** Whether claims of this class can grow. @default false */
  readonly allowVolumeExpansion?: boolean;
  /** Marks the class as the cluster default (annotation `storageclass.kubernetes.io/is-default-class`). @default false */
  readonly isDefault?: boolean;
  /** Mount options of the volumes. @default - none */
  readonly mountOptions?: readonly string[];
}

/**
 * A StorageClass: how volumes are provisioned by a CSI driver. Cluster-scoped (no namespace).
 *
 * @see https://kubernetes.io/docs/concepts/storage/storage-classes/
 * @example
 * import { Platform, Environment, Application, StorageClass, ReclaimPolicy } from 'berth-k8s';
 * const app = new Application(new Environment(new Platform(), 'prod', { config: {} }), 'storage');
 * new StorageClass(app, 'Gp3', {
 *   name: 'gp3',
 *   provisioner: 'ebs.csi.aws.com',
 *   parameters: { type: 'gp3', encrypted: 'true' },
 *   reclaimPolicy: ReclaimPolicy.RETAIN,
 *   allowVolumeExpansion: true,
 *   isDefault: true,
 * });
 */
export class StorageClass extends ApiResource implements IStorageClass {
  /** Refers to a StorageClass that exists outside the app (no object is written). */
  public static fromName(scope: Construct, id: string, name: string): IStorageClass {
    checkDnsSubdomain(`${scope.node.path}/${id}`, 'storageClassName', name);
    return { storageClassName: name };
  }

  public readonly storageClassName: string;

  public constructor(scope: Construct, id: string, props: StorageClassProps) {
    super(scope, id, k8s.StorageClass.GVK, {
      metadata: metadata({
        name: props.name,
        annotations: props.isDefault ? { [DEFAULT_STORAGE_CLASS_ANNOTATION]: 'true' } : undefined,
      }),
      provisioner: props.provisioner,
      parameters: props.parameters ? { ...props.parameters } : undefined,
      reclaimPolicy: props.reclaimPolicy ?? ReclaimPolicy.DELETE,
      volumeBindingMode: props.volumeBindingMode ?? VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER,
      allowVolumeExpansion: props.allowVolumeExpansion ?? false,
      mountOptions: props.mountOptions ? [...props.mountOptions] : undefined,
    });
    if (props.name !== undefined) checkDnsSubdomain(this.node.path, 'metadata.name', props.name);
    if (
      !props.provisioner ||
      !/^[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?(\/[-a-zA-Z0-9_.]+)?$/.test(props.provisioner)
    ) {
      throw new InvalidInputError(
        this.node.path,
        'provisioner',
        props.provisioner,
        'not a provisioner name',
        'a CSI driver name like "ebs.csi.aws.com"',
        'Use the driver name of your CSI plugin.',
      );
    }
    this.storageClassName = this.name;
  }
}
