import { IConstruct } from 'constructs';

const OWNED_LABELS = Symbol.for('berth.ownedLabels');

interface WithOwnedLabels {
  [OWNED_LABELS]?: Readonly<Record<string, string>>;
}

/**
 * Declares labels that every API object created below `owner` carries (a workload's `labels`
 * reach its ServiceAccount, Services, autoscaler, disruption budget and NetworkPolicies, and any
 * object added under it). Set before the owner creates its children.
 */
export function setOwnedLabels(owner: IConstruct, labels: Readonly<Record<string, string>>): void {
  Object.defineProperty(owner, OWNED_LABELS, { value: labels, enumerable: false });
}

/** The labels the constructs enclosing `scope` (itself included) declare for what is created below them, outermost first. */
export function ownedLabels(scope: IConstruct): Record<string, string> {
  let out: Record<string, string> | undefined;
  for (const s of scope.node.scopes) {
    const labels = (s as unknown as WithOwnedLabels)[OWNED_LABELS];
    if (labels) out = { ...out, ...labels };
  }
  return out ?? {};
}
