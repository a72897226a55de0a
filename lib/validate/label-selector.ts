import { asArray, asObject } from './finding';
import { isRecord } from '../model/is-record';
import { textOf } from '../model/text-of';

/**
 * Whether a `LabelSelector` (`matchLabels` + `matchExpressions`) selects `labels`. An empty
 * selector selects everything.
 */
export function selectorMatches(selector: unknown, labels: Record<string, unknown>): boolean {
  const s = asObject(selector);
  if (isRecord(s.matchLabels) && !mapSelectorMatches(s.matchLabels, labels)) return false;
  for (const e of asArray(s.matchExpressions)) {
    if (!isRecord(e)) continue;
    const key = textOf(e.key);
    const values = asArray(e.values).map(textOf);
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    const value = has ? textOf(labels[key]) : undefined;
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(value!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(value!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** Whether a plain map selector (Service `spec.selector`) selects `labels`. */
export function mapSelectorMatches(selector: Record<string, unknown>, labels: Record<string, unknown>): boolean {
  for (const k of Object.keys(selector)) {
    if (!Object.hasOwn(labels, k) || labels[k] !== selector[k]) return false;
  }
  return true;
}

/** Whether a LabelSelector is empty (selects everything). */
export function isEmptySelector(selector: unknown): boolean {
  const s = asObject(selector);
  return Object.keys(asObject(s.matchLabels)).length === 0 && asArray(s.matchExpressions).length === 0;
}

/** A selector as text for messages: `app=web,tier in (a,b)`. */
export function describeSelector(selector: unknown): string {
  const s = asObject(selector);
  const parts = Object.entries(asObject(s.matchLabels)).map(([k, v]) => `${k}=${textOf(v)}`);
  for (const e of asArray(s.matchExpressions)) {
    const x = asObject(e);
    parts.push(
      `${textOf(x.key)} ${textOf(x.operator)}${Array.isArray(x.values) ? ` (${x.values.map(textOf).join(',')})` : ''}`,
    );
  }
  return parts.join(',') || '<everything>';
}
