import { Construct, IConstruct } from 'constructs';
import { ApiResource } from '../core/api-resource';
import { Environment } from '../core/environment';
import { readableName } from '../core/names';
import * as snapshot from '../imports/snapshot.storage.k8s.io';
import { checkDnsSubdomain } from '../core/input-checks';
import { checkSameEnvironment, metadata, namespaceOf } from '../config/_scope';
import { IPersistentVolumeClaim, missingClaim, PersistentVolumeClaim, PersistentVolumeClaimProps } from './persistent-volume-claim';
import { IVolumeSnapshotClass } from './volume-snapshot-class';

const SNAPSHOT = Symbol.for('berth.storage.VolumeSnapshot');

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
 * import { Platform, Environment, Application, PersistentVolumeClaim, VolumeSnapshot, VolumeSnapshotClass, Size } from 'berth';
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
    const name = props.name ?? (claim && scope === (claim as unknown) ? `${claim.claimName}-${readableName([id])}` : undefined);
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
  public restore(scope: Construct, id: string, props: Omit<PersistentVolumeClaimProps, 'restoreFrom' | 'cloneFrom'> = {}): PersistentVolumeClaim {
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
