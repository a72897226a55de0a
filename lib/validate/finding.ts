import { ManifestRecord, objectId } from '../model/manifest';
import { Problem, Severity } from '../model/problem';
import { isRecord } from '../model/is-record';

/** A problem found inside one object, before it is placed (environment, app, file...). */
export interface Finding {
  readonly rule: string;
  readonly message: string;
  readonly hint: string;
  readonly field?: string;
  readonly value?: unknown;
  /** @default 'error' */
  readonly severity?: Severity;
  /**
   * The fix is to quote the value (the hint says so): where the file writes the value otherwise
   * than it reads (`0777`, read as 511), the hint then quotes it as written.
   */
  readonly quoteValue?: boolean;
  /**
   * What it reports is an object the input does not hold (a Service whose pods are elsewhere, a
   * binding to a Role elsewhere): with `partial`, it may be in another input.
   */
  readonly absent?: boolean;
}

/**
 * Whether a check should report `rule` on `record`: not when the profile turns the rule off or
 * the record waives it (a check asks before building a finding it would only drop; with
 * thousands of objects the findings' text is most of its cost).
 */
export type Wanted = (record: ManifestRecord, rule: string) => boolean;

/** A finding of a cross-object check and the record it is about. */
export interface PlacedFinding {
  readonly record: ManifestRecord;
  readonly finding: Finding;
}

/**
 * A reference to an object the input does not hold, when the input is known to be partial (a
 * chart render, one manifest): a warning, as the object may be in another input.
 */
export function asPartial(f: Finding): Finding {
  return {
    ...f,
    severity: 'warning',
    message: `${f.message} (the input is partial: it may be in another one)`,
  };
}

/** Places a finding on the record it was found in, with the record's waiver of its rule. */
export function problemAt(record: ManifestRecord, f: Finding): Problem {
  const reading = f.field ? record.readAs?.get(f.field) : undefined;
  const clip = clipperOf(f.value);
  const p: { -readonly [K in keyof Problem]: Problem[K] } = {
    severity: f.severity ?? 'error',
    rule: f.rule,
    message: clip(reading ? `${f.message} (${reading.note})` : f.message),
    // A value to quote is quoted as written, not as read (`"0777"`, not `"511"`).
    hint: clip(
      reading?.binary?.hint ??
        (f.quoteValue && reading?.valueSource !== undefined
          ? `Quote it: ${JSON.stringify(reading.valueSource)}.`
          : f.hint),
    ),
    object: safeObjectId(record),
  };
  if (record.environment) p.environment = record.environment;
  if (record.app) p.app = record.app;
  if (record.constructPath) p.constructPath = record.constructPath;
  if (record.file) p.file = record.file;
  if (f.field !== undefined && f.field !== '') p.field = clip(f.field);
  if (f.value !== undefined) p.value = clippedValue(f.value);
  const waiver = record.waivers.length === 0 ? undefined : record.waivers.find((w) => w.rule === f.rule);
  if (waiver) p.waiver = waiver;
  return p;
}

/**
 * A value as a problem quotes it: a long string cut by {@link clipped}, and a long object or
 * array as the start of its JSON text. A report quotes what it read, and what it read may be a
 * secret (a file of tokens given by mistake, the data of a Secret under a misspelt field).
 */
function clippedValue(v: unknown): unknown {
  if (typeof v === 'string') return clipped(v);
  if (v === null || typeof v !== 'object') return v;
  const json = JSON.stringify(v);
  return json.length > CLIP_AT ? clipped(json) : v;
}

/** The object's `Kind/namespace/name`, each part clipped (they are what the input says). */
function safeObjectId(record: ManifestRecord): string {
  const o = record.object as unknown;
  if (!isRecord(o)) return '<not an object>';
  const meta = isRecord(o.metadata) ? o.metadata : {};
  return objectId({
    apiVersion: '',
    kind: typeof o.kind === 'string' && o.kind ? clipped(o.kind) : '<no kind>',
    metadata: {
      name: typeof meta.name === 'string' ? clipped(meta.name, 253) : '',
      namespace: typeof meta.namespace === 'string' ? clipped(meta.namespace) : undefined,
    },
  });
}

/**
 * What cuts a long bad value wherever a check repeated it: in its message, its hint (a key
 * suggested from it) or its field path (`data["<key>"]`). What the input holds may be a secret
 * (a token pasted as a key or a value), so no report repeats more than the start of it: any
 * run of text that starts with the value's first {@link CLIP_AT} characters is cut there.
 */
function clipperOf(value: unknown): (text: string) => string {
  if (typeof value !== 'string' || value.length <= CLIP_AT) return (text) => text;
  const start = value.slice(0, CLIP_AT);
  const forms = [...new Set([start, JSON.stringify(start).slice(1, -1)])];
  const pattern = new RegExp(`(${forms.map(escapeRegExp).join('|')})[^"\\s]*`, 'g');
  return (text) => text.replace(pattern, (_m, head: string) => `${head}...`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** How many characters of a value a message quotes. */
const CLIP_AT = 40;

/** `text`, cut to `max` characters and marked `...` when longer: a long value in a message. */
export function clipped(text: string, max = CLIP_AT): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}

/** `v` if it is an array, else an empty array. */
export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** The plain objects of `v` if it is an array (other items become empty objects), else none. */
export function asObjects(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.map(asObject) : [];
}

/** `v` if it is a plain object, else an empty object. */
export function asObject(v: unknown): Record<string, unknown> {
  return isRecord(v) ? v : {};
}

/** `v` if it is a string, else undefined. */
export function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** The group of an apiVersion (`apps/v1` → `apps`, `v1` → ``). */
export function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/** The namespace of an object, or `` when it has none. */
export function namespaceOf(o: unknown): string {
  return asString(asObject(asObject(o).metadata).namespace) ?? '';
}

/** The name of an object, or `` when it has none. */
export function nameOf(o: unknown): string {
  return asString(asObject(asObject(o).metadata).name) ?? '';
}
