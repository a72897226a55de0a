/** A role or cluster role, by kind and name: what a binding refers to. */
export interface IRoleRef {
  /** `Role` or `ClusterRole`. */
  readonly roleKind: 'Role' | 'ClusterRole';
  readonly roleName: string;
}
