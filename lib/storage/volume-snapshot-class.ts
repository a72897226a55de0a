import { ApiResource } from '../core/api-resource';
import { Construct } from 'constructs';
import * as snapshot from '../imports/snapshot.storage.k8s.io';
import { checkDnsSubdomain } from '../core/input-checks';
import { metadata } from '../core/object-scope';
import { InvalidInputError } from '../core/invalid-input-error';

/** What happens to the stored snapshot when its VolumeSnapshot is deleted. */
export enum SnapshotDeletionPolicy {
  /** Delete the snapshot in the storage system. */
  DELETE = 'Delete',
  /** Keep the snapshot in the storage system. */
  RETAIN = 'Retain',
}

/** Anything that names a VolumeSnapshotClass. */
export interface IVolumeSnapshotClass {
  /** The VolumeSnapshotClass's `metadata.name`. */
  readonly volumeSnapshotClassName: string;
}

/** The annotation marking the cluster's default VolumeSnapshotClass. */
export const DEFAULT_SNAPSHOT_CLASS_ANNOTATION = 'snapshot.storage.kubernetes.io/is-default-class';

/** Props of a {@link VolumeSnapshotClass}. */
export interface VolumeSnapshotClassProps {
  /** `metadata.name`. @default - a readable name from the construct path */
  readonly name?: string;
  /** The CSI driver that takes snapshots, e.g. `ebs.csi.aws.com`. */
  readonly driver: string;
  /** @default SnapshotDeletionPolicy.DELETE */
  readonly deletionPolicy?: SnapshotDeletionPolicy;
  /** Driver parameters. @default - none */
  readonly parameters?: Readonly<Record<string, string>>;
  /** Marks the class as the default for its driver. @default false */
  readonly isDefault?: boolean;
}

/**
 * A VolumeSnapshotClass (`snapshot.storage.k8s.io/v1`): how a CSI driver takes snapshots.
 * Cluster-scoped.
 *
 * @see https://kubernetes.io/docs/concepts/storage/volume-snapshot-classes/
 * @example
 * import { Platform, Environment, Application, VolumeSnapshotClass, SnapshotDeletionPolicy } from 'berth-k8s';
 * const app = new Application(new Environment(new Platform(), 'prod', { config: {} }), 'db');
 * new VolumeSnapshotClass(app, 'Ebs', { name: 'ebs-snapclass', driver: 'ebs.csi.aws.com', deletionPolicy: SnapshotDeletionPolicy.RETAIN });
 */
export class VolumeSnapshotClass extends ApiResource implements IVolumeSnapshotClass {
  /** Refers to a VolumeSnapshotClass that exists outside the app (no object is written). */
  public static fromName(scope: Construct, id: string, name: string): IVolumeSnapshotClass {
    checkDnsSubdomain(`${scope.node.path}/${id}`, 'volumeSnapshotClassName', name);
    return { volumeSnapshotClassName: name };
  }

  public readonly volumeSnapshotClassName: string;

  public constructor(scope: Construct, id: string, props: VolumeSnapshotClassProps) {
    super(scope, id, snapshot.VolumeSnapshotClass.GVK, {
      metadata: metadata({
        name: props.name,
        annotations: props.isDefault ? { [DEFAULT_SNAPSHOT_CLASS_ANNOTATION]: 'true' } : undefined,
      }),
      driver: props.driver,
      deletionPolicy: props.deletionPolicy ?? SnapshotDeletionPolicy.DELETE,
      parameters: props.parameters ? { ...props.parameters } : undefined,
    });
    if (props.name !== undefined) checkDnsSubdomain(this.node.path, 'metadata.name', props.name);
    if (!props.driver || !/^[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?$/.test(props.driver)) {
      throw new InvalidInputError(
        this.node.path,
        'driver',
        props.driver,
        'not a CSI driver name',
        'a name like "ebs.csi.aws.com"',
        'Use the driver name of your CSI plugin.',
      );
    }
    this.volumeSnapshotClassName = this.name;
  }
}
