import { Finding, asArray, asObject } from '../finding';
import { labelValue, qualifiedName } from '../../model/name-grammar';
import { forbidden, invalid, required } from './api-error';
import { isRecord } from '../../model/is-record';

/**
 * Label selectors and label maps as the API server checks them (apimachinery
 * `ValidateLabelSelector`, `ValidateLabels`; core `ValidateNodeSelectorRequirement`).
 */

const OPERATOR_HINT = 'In and NotIn need at least one value; Exists and DoesNotExist take none.';

/** Label values seen valid (selectors repeat a platform's few values on every object). */
const validValues = new Set<string>();

function labelValueErrors(v: string): string[] {
  if (validValues.has(v)) return [];
  const errs = labelValue(v);
  if (errs.length === 0 && validValues.size < 4096) validValues.add(v);
  return errs;
}

/** A label map (`matchLabels`, `nodeSelector`): keys are qualified names, values label values. */
export function checkLabelMap(labels: unknown, path: string, out: Finding[]): void {
  if (!isRecord(labels)) return;
  for (const k in labels) {
    for (const msg of qualifiedName(k))
      out.push(invalid('api/format', path, k, msg, 'Use a key like "app.kubernetes.io/name" or "tier".'));
    const v = labels[k];
    if (typeof v === 'string') {
      for (const msg of labelValueErrors(v))
        out.push(
          invalid(
            'api/format',
            path,
            v,
            msg,
            'Use at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit.',
          ),
        );
    }
  }
}

/**
 * A LabelSelector's `matchExpressions` (and, unless `withLabels` is false because another check
 * already reads them, its `matchLabels`).
 */
export function checkLabelSelector(selector: unknown, path: string, out: Finding[], withLabels = true): void {
  if (!isRecord(selector)) return;
  if (withLabels && selector.matchLabels !== undefined) checkLabelMap(selector.matchLabels, `${path}.matchLabels`, out);
  if (selector.matchExpressions === undefined) return;
  asArray(selector.matchExpressions).forEach((e, i) => {
    const expr = asObject(e);
    const p = `${path}.matchExpressions[${i}]`;
    const values = asArray(expr.values);
    checkOperatorValues(expr.operator, values, p, out, {
      in: 'Add the label values to match, or use operator Exists.',
      exists: 'Remove values, or use operator In.',
    });
    if (typeof expr.key === 'string') {
      for (const msg of qualifiedName(expr.key))
        out.push(invalid('api/format', `${p}.key`, expr.key, msg, 'Use a label key like "app.kubernetes.io/name".'));
    }
    values.forEach((v, j) => {
      if (typeof v !== 'string') return;
      for (const msg of labelValueErrors(v))
        out.push(
          invalid(
            'api/format',
            `${p}.values[${j}]`,
            v,
            msg,
            'Selector values are label values: at most 63 letters, digits, "-", "_" or ".".',
          ),
        );
    });
  });
}

/**
 * The values an operator takes, as the API server checks them for label and node selectors:
 * `In`/`NotIn` need some, `Exists`/`DoesNotExist` none. `hints` start each fix.
 */
function checkOperatorValues(
  operator: unknown,
  values: readonly unknown[],
  path: string,
  out: Finding[],
  hints: { readonly in: string; readonly exists: string },
): void {
  if ((operator === 'In' || operator === 'NotIn') && values.length === 0) {
    out.push(
      required(
        'api/format',
        `${path}.values`,
        "must be specified when `operator` is 'In' or 'NotIn'",
        `${hints.in} ${OPERATOR_HINT}`,
      ),
    );
  }
  if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) {
    out.push(
      forbidden(
        'api/format',
        `${path}.values`,
        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
        `${hints.exists} ${OPERATOR_HINT}`,
      ),
    );
  }
}

/** A node selector requirement (node affinity): like a label one, plus Gt and Lt with one value. */
export function checkNodeSelectorRequirement(req: unknown, path: string, out: Finding[]): void {
  const r = asObject(req);
  const values = asArray(r.values);
  checkOperatorValues(r.operator, values, path, out, {
    in: 'Add the node label values to match.',
    exists: 'Remove values.',
  });
  if ((r.operator === 'Gt' || r.operator === 'Lt') && values.length !== 1) {
    out.push(
      required(
        'api/format',
        `${path}.values`,
        "must be specified single value when `operator` is 'Lt' or 'Gt'",
        'Give exactly one value, a whole number, e.g. values: ["3"].',
      ),
    );
  }
  if (typeof r.key === 'string') {
    for (const msg of qualifiedName(r.key))
      out.push(
        invalid('api/format', `${path}.key`, r.key, msg, 'Use a node label key like "topology.kubernetes.io/zone".'),
      );
  }
}
