/** The label keys Berth puts on objects (the Kubernetes recommended labels). */
export const Labels = {
  NAME: 'app.kubernetes.io/name',
  INSTANCE: 'app.kubernetes.io/instance',
  PART_OF: 'app.kubernetes.io/part-of',
  MANAGED_BY: 'app.kubernetes.io/managed-by',
  COMPONENT: 'app.kubernetes.io/component',
} as const;

/** The value of {@link Labels.MANAGED_BY} on everything Berth writes. */
export const MANAGED_BY_BERTH = 'berth';
