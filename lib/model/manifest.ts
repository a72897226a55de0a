import { Waiver } from './problem';

/** A rendered object and where it came from: the unit validation and emitters work on. */
export interface ManifestRecord {
  /** The environment, e.g. `prod`. Empty for objects read from files. */
  readonly environment: string;
  /** The app, e.g. `shop`. Empty for objects read from files. */
  readonly app: string;
  /** The construct path, e.g. `prod/shop/frontend/Resource`. Empty for objects from files. */
  readonly constructPath: string;
  /** The file the object was read from (`berth validate`). */
  readonly file?: string;
  /** The object as plain data. */
  readonly object: KubeObject;
  /** Rules waived for this object's construct (or an enclosing one). */
  readonly waivers: readonly Waiver[];
  /** Construct paths of objects this one must be applied after (`dependsOn`). */
  readonly dependsOn: readonly string[];
  /** True when rendering knows the object holds no null (validation then does not look for one). */
  readonly nullFree?: boolean;
  /**
   * For objects read from YAML (`berth validate`): the fields whose key or value was written as
   * text that YAML 1.1 readers such as kubectl read as something else (`0777` as 511, `on` as
   * true, a key `n` as false), by field path: problems about them say so.
   */
  readonly readAs?: ReadonlyMap<string, YamlReading>;
}

/** A field whose key or value YAML 1.1 reads as another value than its text. */
export interface YamlReading {
  /** The key's text (e.g. `n`), when the key reads as something else (false). */
  readonly keySource?: string;
  /** The value's text (e.g. `0777`), when the value reads as something else (511). */
  readonly valueSource?: string;
  /** e.g. `written 0777, which YAML 1.1 readers such as kubectl read as the number 511` */
  readonly note: string;
  /**
   * The value is tagged `!!binary`, which YAML readers decode (kubectl applies the decoded
   * text): the fix of any problem at the field, and a warning when there is none.
   */
  readonly binary?: { readonly hint: string };
}

/** A Kubernetes object as plain data. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name?: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [field: string]: unknown;
}

/** `Kind/namespace/name`, or `Kind/name` for cluster-scoped objects. */
export function objectId(o: KubeObject): string {
  const ns = o.metadata?.namespace;
  return ns ? `${o.kind}/${ns}/${o.metadata?.name ?? ''}` : `${o.kind}/${o.metadata?.name ?? ''}`;
}
