import { selectorMatches } from '../validate/label-selector';

/** A Kubernetes label selector as plain data (`matchLabels`, `matchExpressions`). */
export interface LabelSelectorData {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: ReadonlyArray<{
    readonly key: string;
    readonly operator: string;
    readonly values?: readonly string[];
  }>;
}

/**
 * Whether `labels` match `selector`, with Kubernetes semantics (every `matchLabels` pair and
 * every expression must hold; an empty selector matches everything): the same function
 * validation uses, so the graph and the checks never disagree.
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
 */
export function matchesSelector(
  selector: LabelSelectorData | undefined | null,
  labels: Readonly<Record<string, string>>,
): boolean {
  return !selector || selectorMatches(selector, labels);
}

/** A short text form of a selector: `app=web,tier in (a,b)`; `(all)` when empty. */
export function describeSelector(selector: LabelSelectorData | undefined | null): string {
  const parts = [
    ...Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`),
    ...(selector?.matchExpressions ?? []).map((e) => {
      switch (e.operator) {
        case 'In':
          return `${e.key} in (${(e.values ?? []).join(',')})`;
        case 'NotIn':
          return `${e.key} notin (${(e.values ?? []).join(',')})`;
        case 'Exists':
          return e.key;
        case 'DoesNotExist':
          return `!${e.key}`;
        default:
          return `${e.key} ${e.operator} (${(e.values ?? []).join(',')})`;
      }
    }),
  ];
  return parts.length > 0 ? parts.join(',') : '(all)';
}
