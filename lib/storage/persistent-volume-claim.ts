import { ApiResource } from '../core/api-resource';
import { ExternalObjects } from '../core/external-objects';
import { Construct, IConstruct } from 'constructs';
import { Environment } from '../core/environment';
import * as k8s from '../imports/k8s';
import { Size } from '../units/size';
import { checkDnsSubdomain, checkNameAndLabels } from '../core/input-checks';
import { checkSameEnvironment, metadata, namespaceOf } from '../core/object-scope';
import { IStorageClass } from './storage-class';
import { IVolumeSnapshotClass } from './volume-snapshot-class';
import * as snapshot from '../imports/snapshot.storage.k8s.io';
import { readableName } from '../core/names';
import { InvalidInputError } from '../core/invalid-input-error';

/** How a volume can be mounted. */
export enum AccessMode {
  /** Read-write by the pods of one node. */
  READ_WRITE_ONCE = 'ReadWriteOnce',
  /** Read-only by many nodes. */
  READ_ONLY_MANY = 'ReadOnlyMany',
  /** Read-write by many nodes. */
  READ_WRITE_MANY = 'ReadWriteMany',
  /** Read-write by a single pod. */
  READ_WRITE_ONCE_POD = 'ReadWriteOncePod',
}

/** Whether the volume is a filesystem or a raw block device. */
export enum VolumeMode {
  FILESYSTEM = 'Filesystem',
  BLOCK = 'Block',
}

const PVC = Symbol.for('berth.storage.PersistentVolumeClaim');
const SNAPSHOT = Symbol.for('berth.storage.VolumeSnapshot');

/**
 * A PersistentVolumeClaim of the app, or a declared reference to one that exists outside it.
 * Workloads mount it by `claimName`.
 */
export interface IPersistentVolumeClaim extends IConstruct {
  /** `metadata.name` of the claim. */
  readonly claimName: string;
  /** The claim's namespace. */
  readonly namespace: string;
  /** The requested size, when known (claims declared by name have none). */
  readonly storage?: Size;
}

/** Props of a {@link PersistentVolumeClaim}. */
export interface PersistentVolumeClaimProps {
  /** `metadata.name`. @default - a readable name from the construct path */
  readonly name?: string;
  /** The requested size. @default - the size of the snapshot's or clone's source claim; required otherwise */
  readonly storage?: Size;
  /** @default [AccessMode.READ_WRITE_ONCE] */
  readonly accessModes?: readonly AccessMode[];
  /**
   * The StorageClass, by construct or name; `''` asks for no class (static binding).
   * @default - the environment's `defaults.storageClassName`; none: the cluster's default class
   */
  readonly storageClass?: IStorageClass | string;
  /** @default - Kubernetes' default, VolumeMode.FILESYSTEM */
  readonly volumeMode?: VolumeMode;
  /** Restores the claim from a snapshot (`dataSource` of kind VolumeSnapshot). @default - an empty volume */
  readonly restoreFrom?: IVolumeSnapshot;
  /** Clones another claim of the same namespace (`dataSource` of kind PersistentVolumeClaim). @default - an empty volume */
  readonly cloneFrom?: IPersistentVolumeClaim;
  /** Extra labels. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A PersistentVolumeClaim: storage for a workload, sized with {@link Size}.
 *
 * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#persistentvolumeclaims
 * @example
 * import { Platform, Environment, Application, PersistentVolumeClaim, VolumeSnapshotClass, Size } from 'berth-k8s';
 * const app = new Application(new Environment(new Platform(), 'prod', { config: {} }), 'db');
 * const data = new PersistentVolumeClaim(app, 'Data', { name: 'mysql-pvc', storage: Size.gibibytes(20) });
 * const snapClass = new VolumeSnapshotClass(app, 'SnapClass', { name: 'ebs-snapclass', driver: 'ebs.csi.aws.com' });
 * const snap = data.snapshot('Nightly', { name: 'db-snapshot', snapshotClass: snapClass });
 * PersistentVolumeClaim.fromSnapshot(app, 'Restored', snap, { name: 'mysql-restored' });
 */
export class PersistentVolumeClaim extends ApiResource implements IPersistentVolumeClaim {
  /** Whether `x` is a claim of the app or a declared reference (brand check). */
  public static isPersistentVolumeClaim(x: unknown): x is IPersistentVolumeClaim {
    return typeof x === 'object' && x !== null && PVC in x;
  }

  /**
   * Declares a claim that exists outside the app (no object is written), so it can be
   * snapshotted or cloned. The claim is in the app's namespace unless `namespace` is given.
   */
  public static fromClaimName(scope: Construct, id: string, name: string, namespace?: string): IPersistentVolumeClaim {
    return new ClaimReference(scope, id, name, namespace);
  }

  /** A new claim restored from `snapshot` (its size defaults to the snapshot's source size). */
  public static fromSnapshot(
    scope: Construct,
    id: string,
    snapshot: IVolumeSnapshot,
    props: Omit<PersistentVolumeClaimProps, 'restoreFrom' | 'cloneFrom'> = {},
  ): PersistentVolumeClaim {
    return new PersistentVolumeClaim(scope, id, { ...props, restoreFrom: snapshot });
  }

  public readonly claimName: string;
  public readonly namespace: string;
  public readonly storage: Size;

  private readonly accessModes: string[];
  private readonly storageClassName: string | undefined;
  private readonly volumeMode: string | undefined;
  private readonly dataSource: k8s.TypedLocalObjectReference | undefined;

  public constructor(scope: Construct, id: string, props: PersistentVolumeClaimProps = {}) {
    super(scope, id, k8s.PersistentVolumeClaim.GVK, { metadata: metadata({ name: props.name, labels: props.labels }) });
    Object.defineProperty(this, PVC, { value: true });
    const path = this.node.path;
    checkNameAndLabels(path, props);
    this.namespace = namespaceOf(this);

    const source = props.restoreFrom ?? props.cloneFrom;
    if (props.restoreFrom && props.cloneFrom) {
      throw new InvalidInputError(
        path,
        'restoreFrom, cloneFrom',
        undefined,
        'both are set',
        'one data source',
        'Keep one of them.',
      );
    }
    let dataSource: k8s.TypedLocalObjectReference | undefined;
    let sourceSize: Size | undefined;
    if (props.restoreFrom) {
      const snap = props.restoreFrom;
      checkSameEnvironment(this, 'restoreFrom', snap, 'snapshot');
      checkSameNamespace(this, 'restoreFrom', snap.namespace, snap.node.path);
      dataSource = { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: snap.snapshotName };
      sourceSize = snap.sourceClaim?.storage;
    } else if (props.cloneFrom) {
      const claim = props.cloneFrom;
      if (!PersistentVolumeClaim.isPersistentVolumeClaim(claim)) {
        throw missingClaim(path, 'cloneFrom', (claim as { claimName?: string }).claimName);
      }
      checkSameEnvironment(this, 'cloneFrom', claim, 'claim');
      checkSameNamespace(this, 'cloneFrom', claim.namespace, claim.node.path);
      dataSource = { kind: 'PersistentVolumeClaim', name: claim.claimName };
      sourceSize = claim.storage;
    }
    const storage = props.storage ?? sourceSize;
    if (!storage) {
      throw new InvalidInputError(
        path,
        'storage',
        storage,
        `no size given${source ? " and the source's size is unknown" : ''}`,
        'a Size',
        'Pass storage: Size.gibibytes(10) (or the size you need).',
      );
    }
    if (!Size.isSize(storage)) {
      throw new InvalidInputError(
        path,
        'storage',
        storage,
        'not a Size',
        "Size.gibibytes(n), Size.of('10Gi')",
        `Wrap the quantity: Size.of(${JSON.stringify(String(storage))}).`,
      );
    }
    if (storage.toBytes() <= 0) {
      throw new InvalidInputError(
        path,
        'storage',
        storage.toQuantity(),
        'an empty volume',
        'a size above 0',
        'Pass the size the volume needs.',
      );
    }
    if (sourceSize && storage.toBytes() < sourceSize.toBytes()) {
      throw new InvalidInputError(
        path,
        'storage',
        storage.toQuantity(),
        `smaller than the source's ${sourceSize.toQuantity()}`,
        `at least ${sourceSize.toQuantity()}`,
        "Omit storage to use the source's size.",
      );
    }
    this.storage = storage;

    const accessModes = [...(props.accessModes ?? [AccessMode.READ_WRITE_ONCE])];
    if (accessModes.length === 0) {
      throw new InvalidInputError(
        path,
        'accessModes',
        [],
        'the list is empty',
        'at least one AccessMode',
        'Use [AccessMode.READ_WRITE_ONCE].',
      );
    }
    const storageClassName =
      props.storageClass === undefined
        ? Environment.of(this).defaults.storageClassName
        : typeof props.storageClass === 'string'
          ? props.storageClass
          : props.storageClass.storageClassName;
    if (storageClassName) checkDnsSubdomain(path, 'spec.storageClassName', storageClassName);

    this.accessModes = accessModes;
    this.storageClassName = storageClassName;
    this.volumeMode = props.volumeMode;
    this.dataSource = dataSource;
    this.claimName = this.name;
  }

  protected override renderFields(): Record<string, unknown> {
    return {
      spec: {
        accessModes: this.accessModes,
        resources: { requests: { storage: this.storage.toQuantity() } },
        storageClassName: this.storageClassName,
        volumeMode: this.volumeMode,
        dataSource: this.dataSource,
      },
    };
  }

  /**
   * Takes a snapshot of this claim: a VolumeSnapshot child `id`, named `<claim>-<id>` unless
   * `options.name` is given.
   */
  public snapshot(id: string, options: VolumeSnapshotOptions = {}): VolumeSnapshot {
    return new VolumeSnapshot(this, id, { ...options, source: this });
  }
}

/** A declared claim that exists outside the app. */
class ClaimReference extends Construct implements IPersistentVolumeClaim {
  public readonly claimName: string;
  public readonly namespace: string;
  public readonly storage?: Size;

  public constructor(scope: Construct, id: string, name: string, namespace?: string) {
    super(scope, id);
    Object.defineProperty(this, PVC, { value: true });
    this.claimName = checkDnsSubdomain(this.node.path, 'claimName', name);
    this.namespace = namespace ?? namespaceOf(this);
    ExternalObjects.of(this).declare('PersistentVolumeClaim', this.claimName, this.namespace);
  }
}

function checkSameNamespace(c: IConstruct, field: string, ns: string, otherPath: string): void {
  const own = namespaceOf(c);
  if (ns !== own) {
    throw new InvalidInputError(
      c.node.path,
      field,
      otherPath,
      `the source is in namespace "${ns}" but the claim is in "${own}"`,
      'a source in the same namespace (Kubernetes dataSource cannot cross namespaces)',
      `Create the claim in namespace "${ns}".`,
    );
  }
}

/** The error for a snapshot or clone of a claim that is not in the environment. */
export function missingClaim(path: string, field: string, name: string | undefined): Error {
  return new InvalidInputError(
    path,
    field,
    name,
    name === undefined ? 'missing' : 'no PersistentVolumeClaim of this name is declared in this environment',
    `a PersistentVolumeClaim of the app, or one declared with PersistentVolumeClaim.fromClaimName(scope, id, ${JSON.stringify(name ?? 'name')})`,
    'Declare the external claim, or fix the name.',
  );
}

// A claim and its snapshots refer to each other (pvc.snapshot(), snapshot.restore()), so they
// live in one module: two would import each other.
/** A VolumeSnapshot of the app, or a declared reference to one that exists outside it. */
export interface IVolumeSnapshot extends IConstruct {
  /** `metadata.name` of the snapshot. */
  readonly snapshotName: string;
  /** The snapshot's namespace. */
  readonly namespace: string;
  /** The claim the snapshot is taken from, when known. */
  readonly sourceClaim?: IPersistentVolumeClaim;
}

/** Options of {@link PersistentVolumeClaim.snapshot}. */
export interface VolumeSnapshotOptions {
  /** `metadata.name`. @default - `<claim name>-<id>` (for `new VolumeSnapshot`: a readable name from the construct path) */
  readonly name?: string;
  /** The VolumeSnapshotClass. @default - the cluster's default class for the claim's driver */
  readonly snapshotClass?: IVolumeSnapshotClass;
}

/** Props of a {@link VolumeSnapshot}. */
export interface VolumeSnapshotProps extends VolumeSnapshotOptions {
  /**
   * The claim to snapshot: a claim of the app, one declared with
   * `PersistentVolumeClaim.fromClaimName`, or the name of either. A name that matches no claim
   * of the environment is an error.
   */
  readonly source: IPersistentVolumeClaim | string;
}

/**
 * A VolumeSnapshot (`snapshot.storage.k8s.io/v1`) of a claim, usually made with
 * `pvc.snapshot(id, { snapshotClass })`; restore it with {@link VolumeSnapshot.restore} or
 * `PersistentVolumeClaim.fromSnapshot`.
 *
 * @see https://kubernetes.io/docs/concepts/storage/volume-snapshots/
 * @example
 * import { Platform, Environment, Application, PersistentVolumeClaim, VolumeSnapshot, VolumeSnapshotClass, Size } from 'berth-k8s';
 * const app = new Application(new Environment(new Platform(), 'prod', { config: {} }), 'db');
 * const legacy = PersistentVolumeClaim.fromClaimName(app, 'Legacy', 'legacy-data');
 * const snapClass = VolumeSnapshotClass.fromName(app, 'SnapClass', 'ebs-snapclass');
 * const snap = new VolumeSnapshot(app, 'Migration', { source: legacy, snapshotClass: snapClass });
 * snap.restore(app, 'Migrated', { storage: Size.gibibytes(50) });
 */
export class VolumeSnapshot extends ApiResource implements IVolumeSnapshot {
  /** Whether `x` is a snapshot of the app or a declared reference (brand check). */
  public static isVolumeSnapshot(x: unknown): x is IVolumeSnapshot {
    return typeof x === 'object' && x !== null && SNAPSHOT in x;
  }

  /** Declares a snapshot that exists outside the app (no object is written), to restore from. */
  public static fromSnapshotName(scope: Construct, id: string, name: string): IVolumeSnapshot {
    return new SnapshotReference(scope, id, name);
  }

  public readonly snapshotName: string;
  public readonly namespace: string;
  public readonly sourceClaim: IPersistentVolumeClaim;

  private readonly className: string | undefined;

  public constructor(scope: Construct, id: string, props: VolumeSnapshotProps) {
    const source = typeof props.source === 'string' ? findClaim(scope, props.source) : props.source;
    const claim = PersistentVolumeClaim.isPersistentVolumeClaim(source) ? source : undefined;
    const name =
      props.name ?? (claim && scope === (claim as unknown) ? `${claim.claimName}-${readableName([id])}` : undefined);
    super(scope, id, snapshot.VolumeSnapshot.GVK, { metadata: metadata({ name, namespace: claim?.namespace }) });
    Object.defineProperty(this, SNAPSHOT, { value: true });
    const path = this.node.path;
    if (!claim) {
      throw missingClaim(path, 'source', (source as { claimName?: string } | undefined)?.claimName);
    }
    checkSameEnvironment(this, 'source', claim, 'claim');
    this.sourceClaim = claim;
    this.namespace = claim.namespace;
    if (name !== undefined) checkDnsSubdomain(path, 'metadata.name', name);
    this.className = props.snapshotClass?.volumeSnapshotClassName;
    this.snapshotName = this.name;
  }

  protected override renderFields(): Record<string, unknown> {
    return {
      spec: {
        source: { persistentVolumeClaimName: this.sourceClaim.claimName },
        volumeSnapshotClassName: this.className,
      },
    };
  }

  /** A new claim restored from this snapshot, in `scope` (its size defaults to the source claim's). */
  public restore(
    scope: Construct,
    id: string,
    props: Omit<PersistentVolumeClaimProps, 'restoreFrom' | 'cloneFrom'> = {},
  ): PersistentVolumeClaim {
    return PersistentVolumeClaim.fromSnapshot(scope, id, this, props);
  }
}

/** A declared snapshot that exists outside the app. */
class SnapshotReference extends Construct implements IVolumeSnapshot {
  public readonly snapshotName: string;
  public readonly namespace: string;

  public constructor(scope: Construct, id: string, name: string) {
    super(scope, id);
    Object.defineProperty(this, SNAPSHOT, { value: true });
    this.snapshotName = checkDnsSubdomain(this.node.path, 'snapshotName', name);
    this.namespace = namespaceOf(this);
  }
}

/** The claim (or declared reference) of `from`'s environment named `name` in `from`'s namespace. */
function findClaim(from: IConstruct, name: string): IPersistentVolumeClaim | { claimName: string } {
  const env = Environment.of(from);
  const ns = namespaceOf(from);
  for (const c of env.node.findAll()) {
    if (PersistentVolumeClaim.isPersistentVolumeClaim(c) && c.claimName === name && c.namespace === ns) {
      return c;
    }
  }
  return { claimName: name };
}
