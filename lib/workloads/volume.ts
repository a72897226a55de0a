import type * as k8s from '../imports/k8s';
import { Size } from '../units/size';
import type { IClaimSource, IConfigMapSource, ISecretSource } from '../core/object-sources';

export type { IClaimSource, IConfigMapSource, ISecretSource };

/** Options of every volume factory. */
export interface VolumeOptions {
  /** The volume's name inside the pod. @default - the source's name (the claim, ConfigMap or Secret name) */
  readonly name?: string;
}

/** Options of {@link Volume.fromPersistentVolumeClaim}. */
export interface ClaimVolumeOptions extends VolumeOptions {
  /** Mount the claim read-only. @default false */
  readonly readOnly?: boolean;
}

/** Options of {@link Volume.fromConfigMap} and {@link Volume.fromSecret}. */
export interface KeyVolumeOptions extends VolumeOptions {
  /** Project only these keys, to these relative paths. @default - every key, as a file named after it */
  readonly items?: Readonly<Record<string, string>>;
  /** File mode bits, e.g. `0o440`. @default 0o644 (Kubernetes' default) */
  readonly defaultMode?: number;
  /** Start the pod even when the source does not exist. @default false */
  readonly optional?: boolean;
}

/** Options of {@link Volume.emptyDir}. */
export interface EmptyDirOptions {
  /** `Memory` for a tmpfs. @default - the node's disk */
  readonly medium?: 'Memory';
  /** The most the volume may hold. @default - no limit */
  readonly sizeLimit?: Size;
}

/** Where a volume's data comes from. */
export type VolumeSource = 'persistentVolumeClaim' | 'configMap' | 'secret' | 'emptyDir' | 'volumeClaimTemplate';

const VOLUME = Symbol.for('berth.Volume');

/**
 * A volume that containers mount. Built from the constructs of the storage and config areas
 * through structural interfaces (`{ claimName }`, `{ configMapName }`, `{ secretName }`), so
 * any object with those fields fits.
 *
 * @example
 * import { Volume, Size } from 'berth-k8s';
 * const data = Volume.fromPersistentVolumeClaim({ claimName: 'data' });
 * const settings = Volume.fromConfigMap({ configMapName: 'settings' });
 * const creds = Volume.fromSecret({ secretName: 'db-credentials' }, { defaultMode: 0o400 });
 * const tmp = Volume.emptyDir('tmp', { sizeLimit: Size.mebibytes(64) });
 */
export class Volume {
  /** Whether `x` is a Volume (brand check). */
  public static isVolume(x: unknown): x is Volume {
    return typeof x === 'object' && x !== null && VOLUME in x;
  }

  /** A PersistentVolumeClaim. */
  public static fromPersistentVolumeClaim(claim: IClaimSource, options: ClaimVolumeOptions = {}): Volume {
    return new Volume(options.name ?? sanitize(claim.claimName), 'persistentVolumeClaim', () => ({
      persistentVolumeClaim: { claimName: claim.claimName, readOnly: options.readOnly },
    }));
  }

  /** A ConfigMap's keys as files. */
  public static fromConfigMap(configMap: IConfigMapSource, options: KeyVolumeOptions = {}): Volume {
    return new Volume(options.name ?? sanitize(configMap.configMapName), 'configMap', () => ({
      configMap: {
        name: configMap.configMapName,
        items: itemsOf(options.items),
        defaultMode: options.defaultMode,
        optional: options.optional,
      },
    }));
  }

  /** A Secret's keys as files. */
  public static fromSecret(secret: ISecretSource, options: KeyVolumeOptions = {}): Volume {
    return new Volume(options.name ?? sanitize(secret.secretName), 'secret', () => ({
      secret: {
        secretName: secret.secretName,
        items: itemsOf(options.items),
        defaultMode: options.defaultMode,
        optional: options.optional,
      },
    }));
  }

  /** A scratch directory that lives as long as the pod (e.g. `/tmp` under a read-only root filesystem). */
  public static emptyDir(name: string, options: EmptyDirOptions = {}): Volume {
    return new Volume(name, 'emptyDir', () => ({
      emptyDir: { medium: options.medium, sizeLimit: options.sizeLimit?.toQuantity() },
    }));
  }

  /**
   * The volume of a StatefulSet claim template: each pod gets its own claim. Use
   * `statefulSet.addVolumeClaimTemplate()`, which returns it, rather than this.
   */
  public static fromVolumeClaimTemplate(name: string): Volume {
    return new Volume(name, 'volumeClaimTemplate', () => ({}));
  }

  private constructor(
    /** The volume's name inside the pod. */
    public readonly name: string,
    /** Where the data comes from. */
    public readonly source: VolumeSource,
    private readonly render: () => Omit<k8s.Volume, 'name'>,
  ) {
    Object.defineProperty(this, VOLUME, { value: true });
  }

  /** The pod `volumes[]` entry; undefined for a claim template (the StatefulSet adds it). */
  public toPodVolume(): k8s.Volume | undefined {
    if (this.source === 'volumeClaimTemplate') {
      return undefined;
    }
    return { name: this.name, ...this.render() };
  }
}

function sanitize(name: string): string {
  return name.replace(/\./g, '-');
}

function itemsOf(items: Readonly<Record<string, string>> | undefined): { key: string; path: string }[] | undefined {
  return items ? Object.entries(items).map(([key, path]) => ({ key, path })) : undefined;
}
