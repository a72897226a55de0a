import { ownedLabels } from './owned-labels';
import { ApiObject, ApiObjectMetadata, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { isClusterScopedKind } from './cluster-scoped';
import { KindInfo, kindByName, kindOfGvk } from './kind-registry';
import {
  installedResolveContext,
  renderedNullCount,
  resolveContextOf,
  ResolveError,
  resolveValue,
  withResolveContext,
} from './resolve';
import { sortKeys } from '../model/sort-keys';
import { isRecord } from '../model/is-record';
import { InvalidInputError } from './invalid-input-error';
import { setOwn } from '../model/set-own';
import { thrownMessage } from '../model/thrown-value';

/** The `apiVersion` and `kind` of an object. */
export interface GroupVersionKind {
  readonly apiVersion: string;
  readonly kind: string;
}

/**
 * Props every API object takes: its metadata and its other top-level fields (spec, data,
 * rules, ...), typed by each generated class.
 */
export interface ApiResourceProps {
  /** Object metadata. @default - a name derived from the construct path */
  readonly metadata?: object;
}

/** Thrown when an object cannot be rendered; names the construct path and the field. */
export class RenderError extends Error {
  public constructor(
    public readonly path: string,
    public readonly field: string,
    public readonly reason: string,
  ) {
    super(`${path}: field ${field || '(root)'}: ${reason}`);
    this.name = 'RenderError';
  }
}

/** What a problem about an object that could not be rendered says: the field, the value, why and the fix. */
export interface RenderFailure {
  readonly message: string;
  readonly hint: string;
  readonly field?: string;
  readonly value?: unknown;
}

/**
 * The problem parts for an error thrown while rendering an object: a construct's own check
 * (an {@link InvalidInputError}, e.g. a Service without ports) keeps its field, value and fix;
 * a value that is not data names its field.
 */
export function renderFailure(e: unknown): RenderFailure {
  const hint = 'Pass plain data (strings, numbers, booleans, arrays, objects) or a Berth value to this field.';
  if (e instanceof RenderError) return { message: `cannot render the value: ${e.reason}`, hint, field: e.field };
  if (!(e instanceof InvalidInputError)) return { message: thrownMessage(e), hint };
  const f: { -readonly [K in keyof RenderFailure]: RenderFailure[K] } = {
    message: `${e.reason}. Allowed: ${e.allowed}`,
    hint: e.hint,
  };
  if (e.field) f.field = e.field;
  if (e.value !== undefined) f.value = e.value;
  return f;
}

/**
 * The base of every generated L1 class: a cdk8s `ApiObject` whose rendering keeps `null`
 * (for `nullable` fields), resolves Berth value placeholders for the current output, sorts keys
 * and puts `apiVersion`, `kind`, `metadata` first. No environment variable changes its output.
 */
export class ApiResource extends ApiObject {
  private readonly resourceProps: Readonly<Record<string, unknown>>;
  /** The kind of the generated class whose `GVK` made this object (see `registerKind`). */
  private readonly generatedKind: KindInfo | undefined;

  public constructor(
    scope: Construct,
    id: string,
    gvk: GroupVersionKind,
    props: ApiResourceProps | Readonly<Record<string, unknown>> = {},
  ) {
    super(scope, id, {
      apiVersion: gvk.apiVersion,
      kind: gvk.kind,
      metadata: (props as ApiResourceProps).metadata as ApiObjectMetadata | undefined,
    });
    this.resourceProps = props as Readonly<Record<string, unknown>>;
    this.generatedKind = kindOfGvk(gvk);
    // The labels an enclosing construct gives everything below it (a workload's `labels`).
    for (const [k, v] of Object.entries(ownedLabels(scope))) this.metadata.addLabel(k, v);
  }

  /**
   * The object's fields other than `apiVersion`, `kind` and `metadata`, before values are
   * resolved: by default the props given to the constructor. A construct that is its own API
   * object (every Berth L2 construct) overrides it to render them from its state at synth time.
   */
  protected renderFields(): Record<string, unknown> {
    const data: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this.resourceProps)) {
      if (k !== 'metadata' && k !== 'apiVersion' && k !== 'kind') {
        setOwn(data, k, v);
      }
    }
    return data;
  }

  /**
   * Renders the object to plain data (Kubernetes JSON): for the output being synthesized, or
   * outside a synth for plain YAML, with the tokens of this object's tree.
   */
  public override toJson(): Record<string, unknown> {
    const data = this.renderFields();
    const context = installedResolveContext() ?? resolveContextOf(this);
    let body: Record<string, unknown>;
    try {
      body = resolveValue(data, context) as Record<string, unknown>;
      const metadata = resolveValue(renderMetadata(this), context, 'metadata');
      body = { apiVersion: this.apiVersion, kind: this.kind, metadata, ...body };
    } catch (e) {
      if (e instanceof ResolveError) {
        throw new RenderError(this.node.path, e.field, e.reason);
      }
      throw e;
    }
    const patches = (this as unknown as { patches: JsonPatch[] }).patches;
    if (patches.length > 0) {
      body = JsonPatch.apply(body, ...patches) as Record<string, unknown>;
    }
    if (isClusterScoped(this.apiVersion, this.kind, this.generatedKind)) {
      // cdk8s gives every object its chart's namespace; cluster-scoped objects must not carry one.
      const metadata = body.metadata as Record<string, unknown> | undefined;
      if (metadata && 'namespace' in metadata) {
        const { namespace: _namespace, ...rest } = metadata;
        body = { ...body, metadata: rest };
      }
    }
    return body;
  }
}

/** The fields cdk8s's `ApiObjectMetadataDefinition` keeps the metadata in (cdk8s 2.x). */
interface MetadataFields {
  readonly _additionalAttributes: Record<string, unknown>;
  readonly labels: Record<string, unknown>;
  readonly annotations: Record<string, unknown>;
  readonly finalizers: unknown[];
  readonly ownerReferences: unknown[];
}

/** The metadata fields cdk8s keeps itself (over the additional attributes). */
const OWN_METADATA_FIELDS = new Set(['annotations', 'finalizers', 'labels', 'name', 'namespace', 'ownerReferences']);

/**
 * What cdk8s's `metadata.toJson()` returns, without its resolve pass: under a Platform (no cdk8s
 * resolvers) that pass only copies the data while looking up the App for every key, which made
 * metadata a third of rendering. Under any other root, or should cdk8s keep its metadata
 * differently, cdk8s renders it itself. A test compares both on every shape of metadata.
 */
export function renderMetadata(obj: ApiObject): unknown {
  const root = obj.node.root as { readonly resolvers?: unknown };
  const f = obj.metadata as unknown as Partial<MetadataFields>;
  if (
    !Array.isArray(root.resolvers) ||
    root.resolvers.length > 0 ||
    !isRecord(f._additionalAttributes) ||
    !isRecord(f.labels) ||
    !isRecord(f.annotations) ||
    !Array.isArray(f.finalizers) ||
    !Array.isArray(f.ownerReferences)
  ) {
    return obj.metadata.toJson();
  }
  // The fields over the additional attributes (as cdk8s spreads them), sanitized in one pass.
  const own: Record<string, unknown> = {
    annotations: f.annotations,
    finalizers: f.finalizers,
    labels: f.labels,
    name: obj.metadata.name,
    namespace: obj.metadata.namespace,
    ownerReferences: f.ownerReferences,
  };
  const extra = f._additionalAttributes;
  const keys = Object.keys(own);
  for (const k of Object.keys(extra)) if (!OWN_METADATA_FIELDS.has(k)) keys.push(k);
  const out: Record<string, unknown> = {};
  let any = false;
  for (const k of sortKeys(keys)) {
    const v = sanitizeMetadata(OWN_METADATA_FIELDS.has(k) ? own[k] : extra[k]);
    if (v !== null && v !== undefined) {
      setOwn(out, k, v);
      any = true;
    }
  }
  return any ? out : undefined;
}

/**
 * cdk8s's `sanitizeValue` with empty arrays and objects filtered, as `metadata.toJson()` applies
 * it: null and undefined dropped, empty arrays and objects dropped, keys sorted, anything but
 * plain data refused.
 */
function sanitizeMetadata(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(sanitizeMetadata);
  // By its prototype, not by `value.constructor`: a label or annotation named `constructor` is an own member.
  const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
  if (proto !== Object.prototype)
    throw new Error(`can't render non-simple object of type '${proto?.constructor?.name}'`);
  const out: Record<string, unknown> = {};
  const keys = sortKeys(Object.keys(value));
  for (const k of keys) {
    const v = sanitizeMetadata((value as Record<string, unknown>)[k]);
    if (v !== null && v !== undefined) setOwn(out, k, v);
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

/**
 * Renders `obj` (its `toJson()`) and says whether the data certainly holds no null: true only
 * for an {@link ApiResource} rendered by its own `toJson`, without JSON patches, whose resolving
 * produced none. Validation then skips looking for nulls to drop.
 */
export function renderObject(obj: ApiObject): { readonly json: Record<string, unknown>; readonly nullFree: boolean } {
  // Nulls are counted by the render in progress: outside one (a synth installs it), one of its own.
  if (installedResolveContext() === undefined)
    return withResolveContext(resolveContextOf(obj), () => renderObject(obj));
  const before = renderedNullCount();
  const json = obj.toJson() as Record<string, unknown>;
  const own =
    obj instanceof ApiResource &&
    obj.toJson === ApiResource.prototype.toJson &&
    (obj as unknown as { patches: JsonPatch[] }).patches.length === 0;
  return { json, nullFree: own && renderedNullCount() === before };
}

/** The kind an object carries: that of the generated class (or L2 construct) it was made with. */
export function kindOfObject(obj: ApiObject): KindInfo | undefined {
  return obj instanceof ApiResource
    ? (obj as unknown as { generatedKind: KindInfo | undefined }).generatedKind
    : undefined;
}

function isClusterScoped(apiVersion: string, kind: string, own: KindInfo | undefined): boolean {
  return isClusterScopedKind(apiVersion, kind) || (own ?? kindByName(apiVersion, kind))?.namespaced === false;
}
