/**
 * What refers to an object by name: a construct of the app, or a literal such as
 * `{ secretName: 'db' }`. Workloads mount and read them; Services and Ingresses use them too,
 * so they live below both.
 */

/** Anything that names a PersistentVolumeClaim (a storage construct, or `{ claimName: 'data' }`). */
export interface IClaimSource {
  readonly claimName: string;
}

/** Anything that names a ConfigMap (a config construct, or `{ configMapName: 'settings' }`). */
export interface IConfigMapSource {
  readonly configMapName: string;
}

/** Anything that names a Secret (a config construct, or `{ secretName: 'db' }`). */
export interface ISecretSource {
  readonly secretName: string;
}
