import type * as k8s from '../imports/k8s';
import { IConfigMapSource, ISecretSource } from './volume';

/** Options of the ConfigMap and Secret references. */
export interface EnvReferenceOptions {
  /** Start the container even when the key is missing. @default false */
  readonly optional?: boolean;
}

/**
 * The value of an environment variable: a literal, a ConfigMap key, a Secret key, or a pod field.
 *
 * @example
 * import { EnvValue } from 'berth-k8s';
 * const level = EnvValue.fromValue('info');
 * const url = EnvValue.fromConfigMap({ configMapName: 'settings' }, 'DATABASE_URL');
 * const password = EnvValue.fromSecret({ secretName: 'db' }, 'password');
 */
export class EnvValue {
  /** A literal value. */
  public static fromValue(value: string): EnvValue {
    return new EnvValue({ value });
  }

  /** A key of a ConfigMap. */
  public static fromConfigMap(configMap: IConfigMapSource, key: string, options: EnvReferenceOptions = {}): EnvValue {
    return new EnvValue({
      valueFrom: { configMapKeyRef: { name: configMap.configMapName, key, optional: options.optional } },
    });
  }

  /** A key of a Secret; the value never appears in the manifests. */
  public static fromSecret(secret: ISecretSource, key: string, options: EnvReferenceOptions = {}): EnvValue {
    return new EnvValue({ valueFrom: { secretKeyRef: { name: secret.secretName, key, optional: options.optional } } });
  }

  /** A field of the pod, e.g. `metadata.name` or `status.podIP`. */
  public static fromFieldPath(fieldPath: string): EnvValue {
    return new EnvValue({ valueFrom: { fieldRef: { fieldPath } } });
  }

  private constructor(private readonly spec: Omit<k8s.EnvVar, 'name'>) {}

  /** The `env[]` entry for `name`. */
  public toEnvVar(name: string): k8s.EnvVar {
    return { name, ...this.spec };
  }
}

/**
 * A whole ConfigMap or Secret as environment variables (`envFrom`).
 *
 * @example
 * import { EnvFrom } from 'berth-k8s';
 * const all = EnvFrom.configMap({ configMapName: 'settings' });
 * const creds = EnvFrom.secret({ secretName: 'api-keys' }, { prefix: 'API_' });
 */
export class EnvFrom {
  /** Every key of a ConfigMap. */
  public static configMap(configMap: IConfigMapSource, options: EnvFromOptions = {}): EnvFrom {
    return new EnvFrom({
      configMapRef: { name: configMap.configMapName, optional: options.optional },
      prefix: options.prefix,
    });
  }

  /** Every key of a Secret. */
  public static secret(secret: ISecretSource, options: EnvFromOptions = {}): EnvFrom {
    return new EnvFrom({ secretRef: { name: secret.secretName, optional: options.optional }, prefix: options.prefix });
  }

  private constructor(private readonly spec: k8s.EnvFromSource) {}

  /** The `envFrom[]` entry. */
  public toEnvFromSource(): k8s.EnvFromSource {
    return this.spec;
  }
}

/** Options of {@link EnvFrom}. */
export interface EnvFromOptions {
  /** Prefix every variable name with this. @default - none */
  readonly prefix?: string;
  /** Start the container even when the source is missing. @default false */
  readonly optional?: boolean;
}
