import { Size } from 'berth-k8s';

/**
 * What differs between the reference platform's environments: the Berth counterpart of a
 * `values-dev.yaml` / `values-prod.yaml` pair, typed.
 */
export interface PlatformConfig {
  /** Replicas of stateless components. */
  readonly replicas: number;
  /** PodDisruptionBudgets, pod anti-affinity and zone spreading. */
  readonly highAvailability: boolean;
  /** Horizontal autoscaling bounds of the shop's frontend and backend. */
  readonly autoscaling: { readonly minReplicas: number; readonly maxReplicas: number };
  /** Size of the MySQL data volume. */
  readonly mysqlStorage: Size;
  /** Size of the shop database volume. */
  readonly shopDbStorage: Size;
  /** Members of the Redis cluster. */
  readonly redisClusterSize: number;
  /** Members of the etcd cluster. */
  readonly etcdMembers: number;
  /** The shop's public hostname, served by its Gateway. */
  readonly shopHostname: string;
  /** Whether WordPress brings its own MariaDB (the `mariadb.enabled` Helm value). */
  readonly wordpressMariadb: boolean;
  /**
   * Whether the environment owns the cluster-level objects (CRDs, storage and snapshot classes)
   * of its clusters; an environment sharing another's cluster refers to that one's.
   */
  readonly ownsClusterObjects: boolean;
}

/** The development environment: one of everything, small. */
export const dev: PlatformConfig = {
  replicas: 1,
  highAvailability: false,
  autoscaling: { minReplicas: 1, maxReplicas: 2 },
  mysqlStorage: Size.gibibytes(5),
  shopDbStorage: Size.gibibytes(1),
  redisClusterSize: 1,
  etcdMembers: 1,
  shopHostname: 'shop.dev.example.com',
  wordpressMariadb: true,
  ownsClusterObjects: true,
};

/** Staging: dev's sizes, on dev's cluster in namespaces of its own, using dev's cluster-level objects. */
export const staging: PlatformConfig = { ...dev, ownsClusterObjects: false };

/** Production: highly available, larger storage. */
export const prod: PlatformConfig = {
  replicas: 3,
  highAvailability: true,
  autoscaling: { minReplicas: 3, maxReplicas: 10 },
  mysqlStorage: Size.gibibytes(100),
  shopDbStorage: Size.gibibytes(50),
  redisClusterSize: 3,
  etcdMembers: 3,
  shopHostname: 'shop.example.com',
  wordpressMariadb: true,
  ownsClusterObjects: true,
};
